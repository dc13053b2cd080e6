import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { AccountLockedError, AuthenticationError, FormValidationError } from '../../../src/domain/errors'
import { currentUser, login, logout, register } from '../../../src/services/auth'
import { PBKDF2_ITERATIONS, verifyPassword } from '../../../src/services/password'
import { createTestDb, manualClock, rejection } from '../support'

const FAST = { iterations: 1000 }
const PASSWORD = 'correct horse battery'
const SECOND = 1000
const MINUTE = 60 * SECOND
/** The session key a test's "tab" logs in with. */
const TAB = 'tab-1'

let db: ShopDatabase
beforeEach(() => {
  db = createTestDb()
})
afterEach(async () => {
  await db.delete()
  vi.restoreAllMocks()
})

async function row(username = 'alice') {
  const user = await db.users.where('usernameKey').equals(username).first()
  if (!user) throw new Error(`no user ${username}`)
  return user
}

describe('register with the common-password list', () => {
  it.each(['password', 'PASSWORD', '12345678', 'iloveyou', 'qwertyuiop'])('refuses %j and writes nothing', async (password) => {
    const err = await rejection(register(db, { username: 'Alice', password }, FAST))
    expect(err).toBeInstanceOf(FormValidationError)
    expect(err).toMatchObject({ fields: { password: expect.stringMatching(/most common passwords/) } })
    expect(await db.users.count()).toBe(0)
    expect(await db.sessions.count()).toBe(0)
  })

  it('reports every wrong field at once, and writes nothing', async () => {
    const err = await rejection(register(db, { username: 'al', password: 'short', confirm: 'other' }, FAST))
    expect(err).toMatchObject({
      fields: {
        username: 'Username must be at least 3 characters.',
        password: 'Password must be at least 8 characters.',
        confirm: 'The passwords do not match.',
      },
    })
    expect(await db.users.count()).toBe(0)
  })
})

describe('lockout after 5 wrong passwords (clock injected)', () => {
  beforeEach(async () => {
    await register(db, { username: 'Alice', password: PASSWORD }, { ...FAST, sessionKey: TAB })
    await logout(db, TAB)
  })

  async function failTimes(n: number, clock: { now(): number }) {
    const errors: unknown[] = []
    for (let i = 0; i < n; i++) errors.push(await rejection(login(db, { username: 'Alice', password: 'wrong password' }, { ...FAST, clock })))
    return errors
  }

  it('answers the first 4 failures with the generic error, locks on the 5th for 30 s', async () => {
    const clock = manualClock(1_000_000)
    const errors = await failTimes(5, clock)
    for (const err of errors.slice(0, 4)) expect(err).toBeInstanceOf(AuthenticationError)
    expect(errors[4]).toBeInstanceOf(AccountLockedError)
    expect(errors[4]).toMatchObject({ until: 1_000_000 + 30 * SECOND })
    expect(await row()).toMatchObject({ failedLogins: 5, lockedUntil: 1_000_000 + 30 * SECOND })
  })

  it('refuses even the right password while locked, without counting it, and logs nobody in', async () => {
    const clock = manualClock(1_000_000)
    await failTimes(5, clock)
    clock.set(1_000_000 + 29_999)
    const err = await rejection(login(db, { username: 'alice', password: PASSWORD }, { ...FAST, clock }))
    expect(err).toBeInstanceOf(AccountLockedError)
    expect(await row()).toMatchObject({ failedLogins: 5, lockedUntil: 1_030_000 })
    expect(await db.sessions.count()).toBe(0)
  })

  it('refuses a locked account without spending PBKDF2 work on the guess', async () => {
    const clock = manualClock(1_000_000)
    await failTimes(5, clock)
    const derive = vi.spyOn(crypto.subtle, 'deriveBits')
    await rejection(login(db, { username: 'alice', password: PASSWORD }, { ...FAST, clock }))
    expect(derive).not.toHaveBeenCalled()
  })

  it('lets the right password in once the lock has run out, and resets the count', async () => {
    const clock = manualClock(1_000_000)
    await failTimes(5, clock)
    clock.set(1_030_000)
    const user = await login(db, { username: 'alice', password: PASSWORD }, { ...FAST, clock, sessionKey: TAB })
    expect(user.username).toBe('Alice')
    expect(await row()).toMatchObject({ failedLogins: 0, lockedUntil: 0 })
    expect((await currentUser(db, TAB, { clock }))?.id).toBe(user.id)
  })

  it('doubles the lock for each further failure: 30 s, 1 min, 2 min … up to 15 min', async () => {
    const clock = manualClock(1_000_000)
    await failTimes(4, clock)
    const locks: number[] = []
    for (let i = 0; i < 7; i++) {
      const err = await rejection(login(db, { username: 'Alice', password: 'wrong password' }, { ...FAST, clock }))
      expect(err).toBeInstanceOf(AccountLockedError)
      const until = (err as AccountLockedError).until
      locks.push(until - clock.now())
      clock.set(until)
    }
    expect(locks).toEqual([0.5, 1, 2, 4, 8, 15, 15].map((m) => m * MINUTE))
  })

  it('resets the count on success, so 4 more failures do not lock', async () => {
    const clock = manualClock(1_000_000)
    await failTimes(4, clock)
    await login(db, { username: 'alice', password: PASSWORD }, { ...FAST, clock })
    const errors = await failTimes(4, clock)
    expect(errors.every((e) => e instanceof AuthenticationError)).toBe(true)
    expect(await row()).toMatchObject({ failedLogins: 4, lockedUntil: 0 })
  })

  it('never locks, and never writes, for an unknown username', async () => {
    const clock = manualClock(1_000_000)
    const before = await db.users.toArray()
    for (let i = 0; i < 7; i++) {
      const err = await rejection(login(db, { username: 'Mallory', password: 'wrong password' }, { ...FAST, clock }))
      expect(err).toBeInstanceOf(AuthenticationError)
    }
    expect(await db.users.toArray()).toEqual(before)
  })
})

describe('the same work for unknown names and wrong passwords', () => {
  it('runs PBKDF2 with the same iteration count either way, and answers with the same message', async () => {
    await register(db, { username: 'Alice', password: PASSWORD }, { iterations: PBKDF2_ITERATIONS, sessionKey: TAB })
    await logout(db, TAB)
    const derive = vi.spyOn(crypto.subtle, 'deriveBits')
    const iterationsOf = () => derive.mock.calls.map(([params]) => (params as Pbkdf2Params).iterations)

    const wrong = await rejection(login(db, { username: 'Alice', password: 'wrong password' }))
    const forWrong = iterationsOf()
    derive.mockClear()
    const unknown = await rejection(login(db, { username: 'Nobody', password: 'wrong password' }))
    const forUnknown = iterationsOf()

    expect(forWrong).toEqual([PBKDF2_ITERATIONS])
    expect(forUnknown).toEqual(forWrong)
    expect((unknown as Error).message).toBe((wrong as Error).message)
    expect((unknown as Error).message).toBe('Wrong username or password.')
  })
})

describe('re-hashing a password stored with fewer iterations', () => {
  beforeEach(async () => {
    await register(db, { username: 'Alice', password: PASSWORD }, { iterations: 1000, sessionKey: TAB })
    await logout(db, TAB)
  })

  it('re-hashes with the current count (and a new salt) on a successful login', async () => {
    const before = await row()
    await login(db, { username: 'Alice', password: PASSWORD }, { iterations: 2000, sessionKey: TAB })
    const after = await row()
    expect(after.iterations).toBe(2000)
    expect(after.salt).not.toBe(before.salt)
    expect(after.passwordHash).not.toBe(before.passwordHash)
    expect(await verifyPassword(PASSWORD, { hash: after.passwordHash, salt: after.salt, iterations: 2000 })).toBe(true)
    // And the next login works with the new hash.
    await logout(db, TAB)
    await expect(login(db, { username: 'Alice', password: PASSWORD }, { iterations: 2000 })).resolves.toMatchObject({ username: 'Alice' })
  })

  it('re-hashes to 600,000 iterations by default', async () => {
    await login(db, { username: 'Alice', password: PASSWORD })
    expect((await row()).iterations).toBe(600_000)
  })

  it('leaves the hash alone when the count is already current, or the password is wrong', async () => {
    const before = await row()
    await login(db, { username: 'Alice', password: PASSWORD }, { iterations: 1000 })
    expect(await row()).toEqual(before)
    await rejection(login(db, { username: 'Alice', password: 'wrong password' }, { iterations: 2000 }))
    expect(await row()).toMatchObject({ passwordHash: before.passwordHash, salt: before.salt, iterations: 1000 })
  })

  it('computes the new hash before the transaction opens', async () => {
    const order: string[] = []
    const derive = crypto.subtle.deriveBits.bind(crypto.subtle)
    vi.spyOn(crypto.subtle, 'deriveBits').mockImplementation(async (...args) => {
      order.push('hash')
      return derive(...args)
    })
    const transaction = db.transaction.bind(db)
    vi.spyOn(db, 'transaction').mockImplementation(((...args: unknown[]) => {
      order.push('transaction')
      return (transaction as (...a: unknown[]) => unknown)(...args)
    }) as typeof db.transaction)
    await login(db, { username: 'Alice', password: PASSWORD }, { iterations: 2000 })
    expect(order).toEqual(['hash', 'hash', 'transaction'])
  })
})
