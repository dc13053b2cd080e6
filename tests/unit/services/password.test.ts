import { describe, expect, it } from 'vitest'
import { DUMMY_HASH, PBKDF2_ITERATIONS, SALT_BYTES, hashPassword, verifyPassword } from '../../../src/services/password'
import { base64Bytes } from '../support'

/** PBKDF2-HMAC-SHA-256 computed here, independently of the module under test. */
async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations }, key, 256)
  return new Uint8Array(bits)
}

describe('hashPassword', () => {
  it('uses 600,000 iterations and a 16-byte salt by default', async () => {
    expect(PBKDF2_ITERATIONS).toBe(600_000)
    expect(SALT_BYTES).toBe(16)
    const stored = await hashPassword('correct horse battery staple')
    expect(stored.iterations).toBe(600_000)
    const salt = base64Bytes(stored.salt)
    expect(salt).toHaveLength(16)
    // The hash really is 600,000 rounds of PBKDF2-SHA-256 over that salt, 32 bytes long.
    expect(base64Bytes(stored.hash)).toEqual(await pbkdf2('correct horse battery staple', salt, 600_000))
  })

  it('uses the iteration count it is given', async () => {
    const stored = await hashPassword('hunter2hunter2', 1000)
    expect(stored.iterations).toBe(1000)
    expect(base64Bytes(stored.hash)).toHaveLength(32)
    expect(base64Bytes(stored.hash)).toEqual(await pbkdf2('hunter2hunter2', base64Bytes(stored.salt), 1000))
  })

  it('gives the same password a different salt and hash every time', async () => {
    const hashes = await Promise.all([1, 2, 3].map(() => hashPassword('same password', 1000)))
    expect(new Set(hashes.map((h) => h.salt)).size).toBe(3)
    expect(new Set(hashes.map((h) => h.hash)).size).toBe(3)
  })

  it('never contains the password itself', async () => {
    const stored = await hashPassword('plain-text-secret', 1000)
    expect(JSON.stringify(stored)).not.toContain('plain-text-secret')
    expect(JSON.stringify(stored)).not.toContain(btoa('plain-text-secret'))
  })
})

describe('verifyPassword', () => {
  it.each([
    ['the right password', 'correct horse', 'correct horse', true],
    ['a wrong password', 'correct horse', 'wrong horse', false],
    ['a different case', 'correct horse', 'Correct horse', false],
    ['a trailing space', 'correct horse', 'correct horse ', false],
    ['an empty password', 'correct horse', '', false],
    ['the right unicode password', 'p\u00e4ssw\u00f6rd \u{1F511}', 'p\u00e4ssw\u00f6rd \u{1F511}', true],
  ])('answers %s with %s', async (_label, original, attempt, expected) => {
    const stored = await hashPassword(original, 1000)
    expect(await verifyPassword(attempt, stored)).toBe(expected)
  })

  it('refuses the right password against another salt or iteration count', async () => {
    const stored = await hashPassword('correct horse', 1000)
    const other = await hashPassword('correct horse', 1000)
    expect(await verifyPassword('correct horse', { ...stored, salt: other.salt })).toBe(false)
    expect(await verifyPassword('correct horse', { ...stored, iterations: 1001 })).toBe(false)
  })

  it('matches no password against the dummy hash used for unknown usernames', async () => {
    expect(DUMMY_HASH.iterations).toBe(PBKDF2_ITERATIONS)
    expect(base64Bytes(DUMMY_HASH.salt)).toHaveLength(16)
    expect(await verifyPassword('password', DUMMY_HASH)).toBe(false)
  })
})
