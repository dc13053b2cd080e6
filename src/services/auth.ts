/** Accounts and the device's session: register, log in, log out, who is logged in. */
import { AuthenticationError, ValidationError } from '../domain/errors'
import { roleForNewUser, usernameKey, validatePassword, validateUsername, type User } from '../domain/user'
import type { ShopDatabase } from '../db/database'
import { DUMMY_HASH, hashPassword, verifyPassword } from './password'

/** What the rest of the app may know about a person: never the hash or salt. */
export type PublicUser = Pick<User, 'id' | 'username' | 'role'>

export function toPublicUser(user: User): PublicUser {
  return { id: user.id, username: user.username, role: user.role }
}

export interface Clock {
  now(): number
}
export const systemClock: Clock = { now: () => Date.now() }

/**
 * Creates an account and logs it in. The first account on the device becomes the owner.
 * The hash is computed before the transaction; uniqueness is checked inside it.
 */
export async function register(
  db: ShopDatabase,
  input: { username: string; password: string },
  { clock = systemClock, iterations }: { clock?: Clock; iterations?: number } = {},
): Promise<PublicUser> {
  const username = validateUsername(input.username)
  validatePassword(input.password)
  const key = usernameKey(username)
  const hashed = await hashPassword(input.password, iterations)

  return db.transaction('rw', db.users, db.sessions, async () => {
    if (await db.users.where('usernameKey').equals(key).count()) {
      throw new ValidationError('username', 'That username is taken. Choose another.')
    }
    const now = clock.now()
    const user: Omit<User, 'id'> = {
      username,
      usernameKey: key,
      role: roleForNewUser(await db.users.count()),
      passwordHash: hashed.hash,
      salt: hashed.salt,
      iterations: hashed.iterations,
      createdAt: now,
    }
    const id = await db.users.add(user)
    await db.sessions.put({ key: 'current', userId: id, startedAt: now })
    return { id, username, role: user.role }
  })
}

/** Logs a person in, or throws AuthenticationError for an unknown name or a wrong password alike. */
export async function login(
  db: ShopDatabase,
  input: { username: string; password: string },
  { clock = systemClock }: { clock?: Clock } = {},
): Promise<PublicUser> {
  const user = await db.users.where('usernameKey').equals(usernameKey(input.username)).first()
  const stored = user ? { hash: user.passwordHash, salt: user.salt, iterations: user.iterations } : DUMMY_HASH
  const ok = await verifyPassword(input.password, stored)
  if (!user || !ok) throw new AuthenticationError()
  await db.sessions.put({ key: 'current', userId: user.id, startedAt: clock.now() })
  return toPublicUser(user)
}

export async function logout(db: ShopDatabase): Promise<void> {
  await db.sessions.delete('current')
}

/** The logged-in person, or undefined. Safe to call inside a liveQuery. */
export async function currentUser(db: ShopDatabase): Promise<PublicUser | undefined> {
  const session = await db.sessions.get('current')
  if (!session) return undefined
  const user = await db.users.get(session.userId)
  return user ? toPublicUser(user) : undefined
}
