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

/** The key two usernames must not share: normalised and case-folded. */
export function usernameKey(raw: string): string {
  return normalizeUsername(raw).toLowerCase()
}

/** Returns the normalised username, or throws a ValidationError for the `username` field. */
export function validateUsername(raw: string): string {
  const name = normalizeUsername(raw)
  const length = [...name].length
  if (length === 0) throw new ValidationError('username', 'Enter a username.')
  if (length < USERNAME_MIN) throw new ValidationError('username', `Username must be at least ${USERNAME_MIN} characters.`)
  if (length > USERNAME_MAX) throw new ValidationError('username', `Username must be at most ${USERNAME_MAX} characters.`)
  if (/[\p{Cc}\p{Cf}]/u.test(name)) throw new ValidationError('username', 'Username cannot contain control characters.')
  return name
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

/**
 * Every problem with a registration form at once, by field (`username`, `password`,
 * `confirm`), so the person sees all of them next to their fields in one go. Empty when
 * the form is fine; uniqueness is checked later, against the database.
 */
export function registrationProblems(
  input: { username: string; password: string; confirm?: string },
  common: ReadonlySet<string>,
): Record<string, string> {
  const problems: Record<string, string> = {}
  try {
    validateUsername(input.username)
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err
    problems.username = err.message
  }
  const password = passwordProblem(input.password, common)
  if (password) problems.password = password
  if (input.confirm !== undefined && input.confirm !== input.password) problems.confirm = 'The passwords do not match.'
  return problems
}
