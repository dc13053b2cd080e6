/**
 * The device's session: who is logged in, for how long, and logging out. This part is on
 * every page; registering and logging in (services/auth.ts, with the hashing and the
 * common-password list) are loaded only when someone does them.
 */
import { sessionEndReason, sessionPolicyFrom, type SessionEndReason, type SessionPolicy } from '../domain/session'
import { isActiveUser, type User } from '../domain/user'
import type { SessionRow, ShopDatabase } from '../db/database'
import { systemClock, type Clock } from './clock'

/** What the rest of the app may know about a person: never the hash or salt. */
export type PublicUser = Pick<User, 'id' | 'username' | 'role'>

export function toPublicUser(user: User): PublicUser {
  return { id: user.id, username: user.username, role: user.role }
}

/** A fresh session for `userId`, started and last active at `now`. */
export function newSession(userId: number, now: number): SessionRow {
  return { key: 'current', userId, startedAt: now, lastActiveAt: now }
}

/** The key in db.meta of the session limits setting: `{ idleMinutes, absoluteMinutes }`. */
export const SESSION_POLICY_KEY = 'sessionPolicy'

/** Ends the device's session, in every tab at once (they all watch the one row). */
export async function logout(db: ShopDatabase): Promise<void> {
  await db.sessions.delete('current')
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
 * The device's session if it is still good at the clock's time: undefined when nobody is
 * logged in, the account is gone, or the session ran past its idle or absolute limit.
 * Only reads, so it is safe inside a liveQuery; `refreshSession` removes an ended one.
 */
export async function currentSession(db: ShopDatabase, { clock = systemClock }: { clock?: Clock } = {}): Promise<CurrentSession | undefined> {
  const session = await db.sessions.get('current')
  if (!session) return undefined
  const [user, policy] = await Promise.all([db.users.get(session.userId), getSessionPolicy(db)])
  if (!user || !isActiveUser(user)) return undefined
  if (sessionEndReason(session, clock.now(), policy)) return undefined
  return { user: toPublicUser(user), startedAt: session.startedAt, lastActiveAt: session.lastActiveAt, policy }
}

/** The logged-in person, or undefined. Safe to call inside a liveQuery. */
export async function currentUser(db: ShopDatabase, options: { clock?: Clock } = {}): Promise<PublicUser | undefined> {
  return (await currentSession(db, options))?.user
}

/** What `refreshSession` found: the session is on, there is none, or it has just ended. */
export type SessionState = 'active' | 'none' | SessionEndReason

/**
 * Ends the session if it has run past a limit (removing it, so every tab logs out) and
 * otherwise, when `activity` is set, records that the person did something now. An ended
 * session is never revived by activity.
 */
export function refreshSession(
  db: ShopDatabase,
  { clock = systemClock, activity = false }: { clock?: Clock; activity?: boolean } = {},
): Promise<SessionState> {
  return db.transaction('rw', db.sessions, db.users, db.meta, async () => {
    const session = await db.sessions.get('current')
    if (!session) return 'none'
    const now = clock.now()
    const user = await db.users.get(session.userId)
    const ended = !user || !isActiveUser(user) ? 'idle' : sessionEndReason(session, now, await getSessionPolicy(db))
    if (ended) {
      await db.sessions.delete('current')
      return ended
    }
    if (activity && now > session.lastActiveAt) await db.sessions.update('current', { lastActiveAt: now })
    return 'active'
  })
}
