/**
 * Sessions: who is logged in, for how long, and logging out. This part is on every page;
 * registering and logging in (services/auth.ts, with the hashing and the common-password
 * list) are loaded only when someone does them.
 *
 * Every login makes its own session row under a random key, and each tab holds the key of
 * its own session (the session store keeps it in sessionStorage), so two tabs of one
 * browser can be two people. A tab that opens with no key of its own takes the device's
 * most recent session (`deviceSessionKey`), the way a new tab of a website keeps its
 * cookie. Logging out ends all of that person's sessions, in every tab at once.
 */
import type { Id } from '../domain/id'
import { sessionEndReason, sessionPolicyFrom, type SessionEndReason, type SessionPolicy } from '../domain/session'
import { isActiveUser, type User } from '../domain/user'
import { DEVICE_SESSION_KEY, type SessionRow, type ShopDatabase } from '../db/database'
import { systemClock, type Clock } from './clock'

/** What the rest of the app may know about a person: never the hash or salt. */
export type PublicUser = Pick<User, 'id' | 'username' | 'role'>

export function toPublicUser(user: User): PublicUser {
  return { id: user.id, username: user.username, role: user.role }
}

/** A fresh session under `key` for `userId`, started and last active at `now`. */
function newSession(key: string, userId: Id, now: number): SessionRow {
  return { key, userId, startedAt: now, lastActiveAt: now }
}

/** The key in db.meta of the session limits setting: `{ idleMinutes, absoluteMinutes }`. */
export const SESSION_POLICY_KEY = 'sessionPolicy'

export { DEVICE_SESSION_KEY } from '../db/database'

/** The one session key of the old scheme (one session per device), still found after an upgrade. */
const LEGACY_SESSION_KEY = 'current'

/**
 * Inside a readwrite transaction over db.sessions and db.meta: starts session `key` for
 * `userId` and makes it the device's most recent one. Sessions that have run past their
 * limits (tabs closed without logging out) are cleared out on the way, so the table stays small.
 */
export async function startSession(db: ShopDatabase, key: string, userId: Id, now: number): Promise<void> {
  const policy = await getSessionPolicy(db)
  const ended = await db.sessions.filter((session) => sessionEndReason(session, now, policy) !== undefined).primaryKeys()
  await endSessions(db, ended)
  await db.sessions.put(newSession(key, userId, now))
  await db.meta.put({ key: DEVICE_SESSION_KEY, value: key })
}

/** Inside a readwrite transaction over db.sessions and db.meta: removes these sessions. */
async function endSessions(db: ShopDatabase, keys: string[]): Promise<void> {
  if (keys.length === 0) return
  await db.sessions.bulkDelete(keys)
  const device = await db.meta.get(DEVICE_SESSION_KEY)
  if (typeof device?.value === 'string' && keys.includes(device.value)) await db.meta.put({ key: DEVICE_SESSION_KEY, value: null })
}

/**
 * Inside a readwrite transaction over db.sessions and db.meta: ends every session of
 * `userId` on the device, so every tab where they are logged in logs out.
 */
export async function endSessionsOf(db: ShopDatabase, userId: Id): Promise<void> {
  await endSessions(db, await db.sessions.filter((session) => session.userId === userId).primaryKeys())
}

/**
 * Logs out the person of session `key`: ends all their sessions on this device, in every
 * tab at once (each tab watches its own row). Other people's tabs stay logged in.
 */
export function logout(db: ShopDatabase, key: string): Promise<void> {
  return db.transaction('rw', db.sessions, db.meta, async () => {
    const session = await db.sessions.get(key)
    if (session) await endSessionsOf(db, session.userId)
  })
}

/**
 * The session a tab that opens with none of its own should take: the device's most recent
 * one while it is still good; on a device upgraded from the one-session scheme, the old
 * 'current' session until anyone logs in again. Undefined when there is none.
 */
export async function deviceSessionKey(db: ShopDatabase, options: { clock?: Clock } = {}): Promise<string | undefined> {
  const device = await db.meta.get(DEVICE_SESSION_KEY)
  const key = device === undefined ? LEGACY_SESSION_KEY : device.value
  if (typeof key !== 'string') return undefined
  return (await currentSession(db, key, options)) ? key : undefined
}

/** The session limits in force on this device: the stored setting, or the defaults. */
export async function getSessionPolicy(db: ShopDatabase): Promise<SessionPolicy> {
  return sessionPolicyFrom((await db.meta.get(SESSION_POLICY_KEY))?.value)
}

/** The logged-in person with their session's times and limits. */
export interface CurrentSession {
  user: PublicUser
  startedAt: number
  lastActiveAt: number
  policy: SessionPolicy
}

/**
 * Session `key` if it is still good at the clock's time: undefined when it has ended (or
 * never was), the account is gone, or it ran past its idle or absolute limit. Only reads,
 * so it is safe inside a liveQuery; `refreshSession` removes an ended one.
 */
export async function currentSession(
  db: ShopDatabase,
  key: string,
  { clock = systemClock }: { clock?: Clock } = {},
): Promise<CurrentSession | undefined> {
  const session = await db.sessions.get(key)
  if (!session) return undefined
  const [user, policy] = await Promise.all([db.users.get(session.userId), getSessionPolicy(db)])
  if (!user || !isActiveUser(user)) return undefined
  if (sessionEndReason(session, clock.now(), policy)) return undefined
  return { user: toPublicUser(user), startedAt: session.startedAt, lastActiveAt: session.lastActiveAt, policy }
}

/** The person logged in with session `key`, or undefined. Safe to call inside a liveQuery. */
export async function currentUser(db: ShopDatabase, key: string, options: { clock?: Clock } = {}): Promise<PublicUser | undefined> {
  return (await currentSession(db, key, options))?.user
}

/** What `refreshSession` found: the session is on, there is none, or it has just ended. */
export type SessionState = 'active' | 'none' | SessionEndReason

/**
 * Ends session `key` if it has run past a limit (removing it, so every tab on it logs out)
 * and otherwise, when `activity` is set, records that the person did something now. An
 * ended session is never revived by activity. Each session keeps its own times.
 */
export function refreshSession(
  db: ShopDatabase,
  key: string,
  { clock = systemClock, activity = false }: { clock?: Clock; activity?: boolean } = {},
): Promise<SessionState> {
  return db.transaction('rw', db.sessions, db.users, db.meta, async () => {
    const session = await db.sessions.get(key)
    if (!session) return 'none'
    const now = clock.now()
    const user = await db.users.get(session.userId)
    const ended = !user || !isActiveUser(user) ? 'idle' : sessionEndReason(session, now, await getSessionPolicy(db))
    if (ended) {
      await endSessions(db, [key])
      return ended
    }
    if (activity && now > session.lastActiveAt) await db.sessions.update(key, { lastActiveAt: now })
    return 'active'
  })
}
