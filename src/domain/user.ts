import { ValidationError } from './errors'
import type { Id } from './id'

export type Role = 'owner' | 'customer'

export interface User {
  id: Id
  /** The name as the person typed it (NFKC-normalised and trimmed). */
  username: string
  /** Case-insensitive key that makes usernames unique: "Alice" and "alice" collide. */
  usernameKey: string
  role: Role
  /** PBKDF2-HMAC-SHA-256 derived key, base64. */
  passwordHash: string
  /** Random 16-byte salt, base64. */
  salt: string
  iterations: number
  createdAt: number
  /** Wrong passwords in a row since the last successful one (see domain/lockout.ts). */
  failedLogins: number
  /** Until when (epoch ms) logging in is refused; 0 when not locked. */
  lockedUntil: number
  /**
   * When the person deleted their account. The row stays so the shop's records of their
   * orders still say whose they were, but its hash and salt are wiped, it can never log in
   * again, and its username stays reserved (see README, "Security model").
   */
  deletedAt?: number
  /**
   * The username this account lost to an older account of the same name made on another
   * device (domain/usernameClash.ts): its person may still log in with it, and is told the new one.
   */
  usernameConflict?: string
}

/** An account that can still log in. */
export function isActiveUser(user: Pick<User, 'deletedAt'>): boolean {
  return user.deletedAt === undefined
}

export const USERNAME_MIN = 3
export const USERNAME_MAX = 32
export const PASSWORD_MIN = 8

/** NFKC normalisation and trimming: "Ａlice " becomes "Alice". */
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').trim()
}

/**
 * The key an account is looked up by when logging in, and that two accounts must not share:
 * normalised and lower-cased. Registration also refuses a name that merely looks like another
 * (usernameSkeleton.ts); accounts that were allowed before that rule keep logging in by this key.
 */
export function usernameKey(raw: string): string {
  return normalizeUsername(raw).toLowerCase()
}

/**
 * The message for a password that may not be used, or '' when it is fine: at least
 * PASSWORD_MIN characters (code points; no composition rules) and not one of the most
 * common passwords. `common` holds lower-case passwords; the check ignores case, since
 * guessing tools try "Password" as readily as "password".
 */
export function passwordProblem(password: string, common: ReadonlySet<string>): string {
  if (password.length === 0) return 'Enter a password.'
  if ([...password].length < PASSWORD_MIN) return `Password must be at least ${PASSWORD_MIN} characters.`
  if (common.has(password.toLowerCase())) {
    return 'That is one of the most common passwords, so it is easy to guess. Choose another.'
  }
  return ''
}

/** Throws a ValidationError for `field` (default `password`) when `passwordProblem` finds one. */
export function validatePassword(password: string, common: ReadonlySet<string> = new Set(), field = 'password'): void {
  const problem = passwordProblem(password, common)
  if (problem) throw new ValidationError(field, problem)
}

/** The first account on a device runs the shop; everyone after is a customer. */
export function roleForNewUser(existingUsers: number): Role {
  return existingUsers === 0 ? 'owner' : 'customer'
}

/** Throws a ValidationError for the `confirm` field when the two passwords differ. */
export function validatePasswordConfirmation(password: string, confirm: string, field = 'confirm'): void {
  if (confirm !== password) throw new ValidationError(field, 'The passwords do not match.')
}
