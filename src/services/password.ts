/**
 * Password hashing with PBKDF2-HMAC-SHA-256 through WebCrypto. Always called before a
 * Dexie transaction opens: awaiting WebCrypto inside one would let IndexedDB commit it early.
 */
import { base64ToBytes as fromBase64, bytesToBase64 as toBase64 } from '../domain/base64'

/** OWASP's current figure for PBKDF2-HMAC-SHA-256. */
export const PBKDF2_ITERATIONS = 600_000
export const SALT_BYTES = 16
const KEY_BITS = 256

export interface PasswordHash {
  hash: string
  salt: string
  iterations: number
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, KEY_BITS)
  return new Uint8Array(bits)
}

/** Hashes a new password with a fresh random salt. */
export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<PasswordHash> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES))
  const hash = await derive(password, salt, iterations)
  return { hash: toBase64(hash), salt: toBase64(salt), iterations }
}

/** Compares in time independent of where the first difference is. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return diff === 0
}

/** Whether `password` matches a stored hash. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const actual = await derive(password, fromBase64(stored.salt), stored.iterations)
  return constantTimeEqual(actual, fromBase64(stored.hash))
}

/**
 * A stored hash for nobody, so that a login for an unknown username costs the same PBKDF2
 * work as one for a real account and does not reveal which usernames exist.
 */
export const DUMMY_HASH: PasswordHash = {
  hash: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  salt: 'AAAAAAAAAAAAAAAAAAAAAA==',
  iterations: PBKDF2_ITERATIONS,
}
