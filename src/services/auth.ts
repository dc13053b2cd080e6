/**
 * Registering and logging in. The app loads this module only when someone does one of
 * them (it brings the hashing and the common-password list); the session itself — who is
 * logged in, logging out, the time limits — is in services/session.ts.
 *
 * Every password check does its PBKDF2 work before a transaction opens (awaiting WebCrypto
 * inside one would let IndexedDB commit it early), then settles the attempt — lockout
 * count, re-hash, session — in one transaction that re-reads the account.
 */
import { AccountLockedError, AuthenticationError, FormValidationError, ValidationError } from '../domain/errors'
import { isLocked, recordFailedLogin, UNLOCKED } from '../domain/lockout'
import { registrationProblems, validateUsername } from '../domain/registration'
import { isActiveUser, roleForNewUser, usernameKey, type User } from '../domain/user'
import type { GuestCartMerge } from '../domain/sellability'
import type { ShopDatabase } from '../db/database'
import { mergeGuestCartIn } from './cart'
import { systemClock, type Clock } from './clock'
import { loadCommonPasswords } from './commonPasswords'
import { loadUsernameTables, refuseLookAlike } from './usernameLookAlike'
import { DUMMY_HASH, hashPassword, PBKDF2_ITERATIONS, verifyPassword, type PasswordHash } from './password'
import { startSession, toPublicUser, type PublicUser } from './session'

// Re-exported so that code importing the clock or the session from here keeps working.
export { systemClock, type Clock } from './clock'
export {
  currentSession,
  currentUser,
  DEVICE_SESSION_KEY,
  deviceSessionKey,
  getSessionPolicy,
  logout,
  refreshSession,
  SESSION_POLICY_KEY,
  toPublicUser,
  type CurrentSession,
  type PublicUser,
  type SessionState,
} from './session'

/** Options every password-checking use case takes; `iterations` is the current PBKDF2 setting. */
export interface AuthOptions {
  clock?: Clock
  iterations?: number
}

/** Registering and logging in also say under which key to start the session (a new random one by default). */
export interface LoginOptions extends AuthOptions {
  sessionKey?: string
}

/**
 * Who just registered or logged in, and, when the cart they filled as a guest did not come
 * over exactly as picked, what became of it (the cart shows a note saying so).
 */
export type LoggedIn = PublicUser & {
  guestCart?: GuestCartMerge
  /** Logged in with the username this account lost in a clash across devices: tell them their new one. */
  renamedFrom?: string
}

/**
 * Inside the login's transaction: brings the guest cart into the account (capped by stock,
 * products no longer sold left out), so the new session and its cart appear together.
 */
async function bringGuestCart(db: ShopDatabase, user: PublicUser, clock: Clock): Promise<LoggedIn> {
  const guestCart = await mergeGuestCartIn(db, user.id, clock)
  return guestCart.capped.length > 0 || guestCart.notSold.length > 0 ? { ...user, guestCart } : user
}

function storedHash(user: User): PasswordHash {
  return { hash: user.passwordHash, salt: user.salt, iterations: user.iterations }
}

/**
 * Creates an account and logs it in, in a new session under `sessionKey` that becomes the
 * device's most recent one, with the guest cart brought along. The first account on the
 * device becomes the owner.
 * Every problem with the form is reported at once, by field; the hash is computed before
 * the transaction; uniqueness (deleted accounts' names included) is checked inside it.
 */
export async function register(
  db: ShopDatabase,
  input: { username: string; password: string; confirm?: string },
  { clock = systemClock, iterations = PBKDF2_ITERATIONS, sessionKey = crypto.randomUUID() }: LoginOptions = {},
): Promise<LoggedIn> {
  const problems = registrationProblems(input, await loadCommonPasswords())
  if (Object.keys(problems).length > 0) throw new FormValidationError(problems)
  const username = validateUsername(input.username)
  const key = usernameKey(username)
  const lookAlike = await loadUsernameTables()
  const hashed = await hashPassword(input.password, iterations)

  return db.transaction('rw', [db.users, db.sessions, db.meta, db.products, db.cartItems], async () => {
    if (await db.users.where('usernameKey').equals(key).count()) {
      throw new ValidationError('username', 'That username is taken. Choose another.')
    }
    await refuseLookAlike(db, username, lookAlike)
    const now = clock.now()
    const user: Omit<User, 'id'> = {
      username,
      usernameKey: key,
      role: roleForNewUser(await db.users.count()),
      passwordHash: hashed.hash,
      salt: hashed.salt,
      iterations: hashed.iterations,
      createdAt: now,
      ...UNLOCKED,
    }
    const id = await db.users.add(user)
    await startSession(db, sessionKey, id, now)
    return bringGuestCart(db, { id, username, role: user.role }, clock)
  })
}

/** How a password attempt ended, decided inside the transaction that records it. */
export type AttemptResult = { kind: 'ok'; user: User } | { kind: 'wrong' } | { kind: 'locked'; until: number }

/**
 * Inside a readwrite transaction over db.users: re-reads the account that `checked` was
 * verified against and records the attempt. A wrong password counts towards the lockout;
 * a right one resets the count. An account that changed in between (deleted, or its
 * password changed in another tab) counts as a wrong password that is not recorded.
 */
export async function settleAttempt(db: ShopDatabase, checked: User, ok: boolean, now: number): Promise<AttemptResult> {
  const user = await db.users.get(checked.id)
  if (!user || !isActiveUser(user) || user.passwordHash !== checked.passwordHash) return { kind: 'wrong' }
  if (isLocked(user, now)) return { kind: 'locked', until: user.lockedUntil }
  if (!ok) {
    const next = recordFailedLogin(user, now)
    await db.users.update(user.id, next)
    return isLocked(next, now) ? { kind: 'locked', until: next.lockedUntil } : { kind: 'wrong' }
  }
  if (user.failedLogins !== 0 || user.lockedUntil !== 0) await db.users.update(user.id, UNLOCKED)
  return { kind: 'ok', user: { ...user, ...UNLOCKED } }
}

/** The active accounts that lost the username `key` in a clash across devices, oldest first (rare: a scan). */
async function renamedFromKey(db: ShopDatabase, key: string): Promise<User[]> {
  const renamed = await db.users.filter((u) => u.usernameConflict !== undefined && isActiveUser(u) && usernameKey(u.usernameConflict) === key).toArray()
  return renamed.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
}

/** How a login ended: refused, or in, with what became of the guest cart. */
type LoginResult = Exclude<AttemptResult, { kind: 'ok' }> | { kind: 'in'; user: LoggedIn }

/**
 * Logs a person in, in a new session under `sessionKey` that becomes the device's most
 * recent one, with the guest cart brought along; sessions in other tabs, theirs or other
 * people's, go on. An unknown name and a wrong password throw the same AuthenticationError
 * after the same PBKDF2 work (unknown names are checked against a dummy hash). The 5th
 * wrong password in a row locks the account (AccountLockedError with the time it opens
 * again); while locked, attempts are refused without looking at the password. A password
 * stored with fewer iterations than the current setting is re-hashed on success.
 */
export async function login(
  db: ShopDatabase,
  input: { username: string; password: string },
  { clock = systemClock, iterations = PBKDF2_ITERATIONS, sessionKey = crypto.randomUUID() }: LoginOptions = {},
): Promise<LoggedIn> {
  const key = usernameKey(input.username)
  const found = await db.users.where('usernameKey').equals(key).first()
  const holder = found && isActiveUser(found) ? found : undefined
  if (holder && isLocked(holder, clock.now())) throw new AccountLockedError(holder.lockedUntil)

  let user = holder
  let ok = await verifyPassword(input.password, holder ? storedHash(holder) : { ...DUMMY_HASH, iterations })
  // Not the holder's password: an account renamed by a username clash across devices
  // (domain/usernameClash.ts) still logs in with the name it had, with its own password. The
  // holder's password is tried first, so one name and password still mean one account, and
  // the holder's lockout counts only attempts that matched no one.
  let renamedFrom: string | undefined
  if (!ok) {
    for (const renamed of await renamedFromKey(db, key)) {
      if (isLocked(renamed, clock.now()) || !(await verifyPassword(input.password, storedHash(renamed)))) continue
      ;[user, ok, renamedFrom] = [renamed, true, renamed.usernameConflict]
      break
    }
  }
  const rehash = user && ok && user.iterations < iterations ? await hashPassword(input.password, iterations) : undefined

  const result = await db.transaction('rw', [db.users, db.sessions, db.meta, db.products, db.cartItems], async (): Promise<LoginResult> => {
    // An unknown name opens the same transaction, so it costs the same as a wrong password.
    if (!user) return { kind: 'wrong' }
    const now = clock.now()
    const outcome = await settleAttempt(db, user, ok, now)
    if (outcome.kind !== 'ok') return outcome
    if (rehash) await db.users.update(user.id, { passwordHash: rehash.hash, salt: rehash.salt, iterations: rehash.iterations })
    await startSession(db, sessionKey, user.id, now)
    const loggedIn = await bringGuestCart(db, toPublicUser(outcome.user), clock)
    return { kind: 'in', user: renamedFrom === undefined ? loggedIn : { ...loggedIn, renamedFrom } }
  })
  if (result.kind === 'locked') throw new AccountLockedError(result.until)
  if (result.kind === 'wrong') throw new AuthenticationError()
  return result.user
}

