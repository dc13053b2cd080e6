/**
 * The logged-in person's own account: change the password, delete the account. Both ask
 * for the current password; a wrong one counts towards the same lockout as a failed login.
 */
import type { Id } from '../domain/id'
import { AccountLockedError, AuthorizationError, FormValidationError, LastOwnerError, ValidationError, type DomainError } from '../domain/errors'
import { isActiveUser, passwordProblem, type User } from '../domain/user'
import type { ShopDatabase } from '../db/database'
import { settleAttempt, type AttemptResult, type AuthOptions } from './auth'
import { systemClock } from './clock'
import { loadCommonPasswords } from './commonPasswords'
import { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from './password'
import { endSessionsOf } from './session'

const WRONG_CURRENT = 'That is not your current password.'

/** The active account of `userId`, read outside a transaction before the slow hashing. */
async function activeAccount(db: ShopDatabase, userId: Id | undefined): Promise<User> {
  const user = userId === undefined ? undefined : await db.users.get(userId)
  if (!user || !isActiveUser(user)) throw new AuthorizationError('Log in to manage your account.')
  return user
}

function verifyCurrent(user: User, password: string): Promise<boolean> {
  return verifyPassword(password, { hash: user.passwordHash, salt: user.salt, iterations: user.iterations })
}

/** Turns an attempt that did not succeed into the error the person sees next to `field`. */
function attemptError(result: Exclude<AttemptResult, { kind: 'ok' }>, field: string): DomainError {
  return result.kind === 'locked' ? new AccountLockedError(result.until) : new ValidationError(field, WRONG_CURRENT)
}

/** Whether `userId` is the only owner left: such an account cannot be deleted. */
export async function isOnlyOwner(db: ShopDatabase, userId: Id): Promise<boolean> {
  const owners = await db.users.where('role').equals('owner').filter(isActiveUser).primaryKeys()
  return owners.length === 1 && owners[0] === userId
}

/**
 * Changes the password after checking the current one. The new one follows the same
 * policy as at registration and must differ from the current one. Other devices' copies
 * are not a concern (there are none); the person's sessions on this device stay on.
 */
export async function changePassword(
  db: ShopDatabase,
  userId: Id | undefined,
  input: { current: string; next: string; confirm?: string },
  { clock = systemClock, iterations = PBKDF2_ITERATIONS }: AuthOptions = {},
): Promise<void> {
  const problems: Record<string, string> = {}
  if (input.current.length === 0) problems.current = 'Enter your current password.'
  const nextProblem = passwordProblem(input.next, await loadCommonPasswords())
  if (nextProblem) problems.next = nextProblem
  else if (input.next === input.current) problems.next = 'The new password must be different from the current one.'
  if (input.confirm !== undefined && input.confirm !== input.next) problems.confirm = 'The passwords do not match.'
  if (Object.keys(problems).length > 0) throw new FormValidationError(problems)

  const user = await activeAccount(db, userId)
  if (user.lockedUntil > clock.now()) throw new AccountLockedError(user.lockedUntil)
  const ok = await verifyCurrent(user, input.current)
  const hashed = ok ? await hashPassword(input.next, iterations) : undefined

  const result = await db.transaction('rw', db.users, async () => {
    const outcome = await settleAttempt(db, user, ok, clock.now())
    if (outcome.kind === 'ok' && hashed) {
      await db.users.update(user.id, { passwordHash: hashed.hash, salt: hashed.salt, iterations: hashed.iterations })
    }
    return outcome
  })
  if (result.kind !== 'ok') throw attemptError(result, 'current')
}

/**
 * Deletes the person's own account after checking their password, in one transaction: the
 * cart goes, every session of theirs ends (in every tab), and the account row is kept for
 * the shop's records of their orders, marked deleted, with its role, hash and salt wiped.
 * Its username stays taken, so a newcomer can never be mistaken for the person in those
 * records. The only owner left cannot delete their account: the shop would have nobody to
 * run it.
 */
export async function deleteAccount(
  db: ShopDatabase,
  userId: Id | undefined,
  input: { password: string },
  { clock = systemClock }: Pick<AuthOptions, 'clock'> = {},
): Promise<void> {
  if (input.password.length === 0) throw new ValidationError('password', 'Enter your password to confirm.')
  const user = await activeAccount(db, userId)
  if (await isOnlyOwner(db, user.id)) throw lastOwnerError()
  if (user.lockedUntil > clock.now()) throw new AccountLockedError(user.lockedUntil)
  const ok = await verifyCurrent(user, input.password)

  const result = await db.transaction('rw', db.users, db.cartItems, db.sessions, db.meta, async () => {
    const now = clock.now()
    const outcome = await settleAttempt(db, user, ok, now)
    if (outcome.kind !== 'ok') return outcome
    if (await isOnlyOwner(db, user.id)) return { kind: 'last-owner' as const }
    await db.cartItems.where('userId').equals(user.id).delete()
    await endSessionsOf(db, user.id)
    const deleted: User = {
      id: user.id,
      username: user.username,
      usernameKey: user.usernameKey,
      role: 'customer',
      passwordHash: '',
      salt: '',
      iterations: 0,
      createdAt: user.createdAt,
      failedLogins: 0,
      lockedUntil: 0,
      deletedAt: now,
    }
    await db.users.put(deleted)
    return outcome
  })
  if (result.kind === 'last-owner') throw lastOwnerError()
  if (result.kind !== 'ok') throw attemptError(result, 'password')
}

function lastOwnerError(): LastOwnerError {
  return new LastOwnerError(
    'You are the only owner of this shop, so your account cannot be deleted: nobody could run the shop after you. Make another account an owner first.',
  )
}
