import { ValidationError } from './errors'

export type Role = 'owner' | 'customer'

export interface User {
  id: number
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

/** Throws a ValidationError for the `password` field when the password is too short. */
export function validatePassword(password: string): void {
  if (password.length === 0) throw new ValidationError('password', 'Enter a password.')
  if ([...password].length < PASSWORD_MIN) {
    throw new ValidationError('password', `Password must be at least ${PASSWORD_MIN} characters.`)
  }
}

/** The first account on a device runs the shop; everyone after is a customer. */
export function roleForNewUser(existingUsers: number): Role {
  return existingUsers === 0 ? 'owner' : 'customer'
}

/** Throws a ValidationError for the `confirm` field when the two passwords differ. */
export function validatePasswordConfirmation(password: string, confirm: string): void {
  if (confirm !== password) throw new ValidationError('confirm', 'The passwords do not match.')
}
