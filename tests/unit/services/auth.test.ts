import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { AuthenticationError, ValidationError } from '../../../src/domain/errors'
import { currentUser, DEVICE_SESSION_KEY, deviceSessionKey, login, logout, register } from '../../../src/services/auth'
import { verifyPassword } from '../../../src/services/password'
import { createTestDb, fixedClock, manualClock, rejection } from '../support'

const FAST = { iterations: 1000 }
const PASSWORD = 'correct horse battery'
/** The session key a test's "tab" logs in with. */
const TAB = 'tab-1'

let db: ShopDatabase
beforeEach(() => {
  db = createTestDb()
})
afterEach(async () => {
  await db.delete()
})

async function snapshot() {
  return { users: await db.users.toArray(), sessions: await db.sessions.toArray() }
}

describe('register', () => {
  it('makes the first account the owner and logs it in, in a session that is the device\'s most recent', async () => {
    const user = await register(db, { username: 'Alice', password: PASSWORD }, { ...FAST, clock: fixedClock(5000), sessionKey: TAB })
    expect(user).toEqual({ id: expect.stringMatching(/^[-0-9A-Za-z_]{13}$/), username: 'Alice', role: 'owner' })
    expect(await db.users.toArray()).toEqual([
      {
        id: user.id,
        username: 'Alice',
        usernameKey: 'alice',
        role: 'owner',
        passwordHash: expect.any(String),
        salt: expect.any(String),
        iterations: 1000,
        createdAt: 5000,
        failedLogins: 0,
        lockedUntil: 0,
      },
    ])
    expect(await db.sessions.toArray()).toEqual([{ key: TAB, userId: user.id, startedAt: 5000, lastActiveAt: 5000 }])
    expect(await db.meta.get(DEVICE_SESSION_KEY)).toEqual({ key: DEVICE_SESSION_KEY, value: TAB })
  })

  it('starts the session under a fresh random key when none is given', async () => {
    await register(db, { username: 'Alice', password: PASSWORD }, FAST)
    await register(db, { username: 'Bob', password: PASSWORD }, FAST)
    const keys = (await db.sessions.toArray()).map((session) => session.key)
    expect(keys).toHaveLength(2)
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(keys).size).toBe(2)
  })

  it('makes every later account a customer, each logged in in its own session beside the others', async () => {
    const owner = await register(db, { username: 'Alice', password: PASSWORD }, { ...FAST, sessionKey: 'a' })
    const second = await register(db, { username: 'Bob', password: PASSWORD }, { ...FAST, sessionKey: 'b' })
    const third = await register(db, { username: 'Carol', password: PASSWORD }, { ...FAST, sessionKey: 'c' })
    expect([owner.role, second.role, third.role]).toEqual(['owner', 'customer', 'customer'])
    expect(new Set([owner.id, second.id, third.id]).size).toBe(3)
    expect((await db.users.get(second.id))?.role).toBe('customer')
    expect([await currentUser(db, 'a'), await currentUser(db, 'b'), await currentUser(db, 'c')]).toEqual([owner, second, third])
    expect(await deviceSessionKey(db)).toBe('c')
  })

  it('stores the normalised username, and a hash that verifies, never the password', async () => {
    const password = 'S3cret-Passw\u00f6rd'
    const user = await register(db, { username: '  \uff21lice ', password }, FAST)
    expect(user.username).toBe('Alice')
    const row = await db.users.get(user.id)
    expect(row).toBeDefined()
    if (!row) return
    const json = JSON.stringify(row)
    expect(json).not.toContain(password)
    expect(json.toLowerCase()).not.toContain(password.toLowerCase())
    expect(json).not.toContain(btoa('S3cret-Passw'))
    expect(JSON.stringify(await db.sessions.toArray())).not.toContain(password)
    expect(await verifyPassword(password, { hash: row.passwordHash, salt: row.salt, iterations: row.iterations })).toBe(true)
  })

  it('hashes with 600,000 iterations when none are given', async () => {
    const user = await register(db, { username: 'Alice', password: PASSWORD })
    const row = await db.users.get(user.id)
    expect(row?.iterations).toBe(600_000)
  })

  it.each(['alice', 'ALICE', 'aLiCe', '\uff21lice', '\uff41lice', ' alice '])(
    'refuses %j once "Alice" exists, and writes nothing',
    async (taken) => {
      await register(db, { username: 'Alice', password: PASSWORD }, FAST)
      const before = await snapshot()
      const err = await rejection(register(db, { username: taken, password: 'another password' }, FAST))
      expect(err).toBeInstanceOf(ValidationError)
      expect(err).toMatchObject({ field: 'username', message: 'That username is taken. Choose another.' })
      expect(await snapshot()).toEqual(before)
    },
  )

  it("refuses 'alice' once '\uff21lice' was registered", async () => {
    await register(db, { username: '\uff21lice', password: PASSWORD }, FAST)
    const err = await rejection(register(db, { username: 'alice', password: PASSWORD }, FAST))
    expect(err).toMatchObject({ field: 'username' })
    expect(await db.users.count()).toBe(1)
  })

  it.each([
    ['a username that is too short', 'al', PASSWORD, 'username'],
    ['a username with a control character', 'al\u0000ice', PASSWORD, 'username'],
    ['a password that is too short', 'Alice', 'short', 'password'],
    ['an empty password', 'Alice', '', 'password'],
  ])('refuses %s, and writes nothing', async (_label, username, password, field) => {
    const err = await rejection(register(db, { username, password }, FAST))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field })
    expect(await snapshot()).toEqual({ users: [], sessions: [] })
  })

  it('lets two people register the same password with different salts', async () => {
    await register(db, { username: 'Alice', password: PASSWORD }, FAST)
    await register(db, { username: 'Bob', password: PASSWORD }, FAST)
    const [a, b] = await db.users.toArray()
    expect(a?.salt).not.toBe(b?.salt)
    expect(a?.passwordHash).not.toBe(b?.passwordHash)
  })
})

describe('login', () => {
  beforeEach(async () => {
    await register(db, { username: 'Alice', password: PASSWORD }, { ...FAST, sessionKey: 'a' })
    await register(db, { username: 'Bob', password: 'bobs password' }, { ...FAST, sessionKey: 'b' })
    await logout(db, 'a')
    await logout(db, 'b')
  })

  it.each(['Alice', 'alice', 'ALICE', '\uff21lice', ' Alice '])(
    'logs %j in with the right password',
    async (username) => {
      const clock = manualClock(9000)
      const user = await login(db, { username, password: PASSWORD }, { ...FAST, clock, sessionKey: TAB })
      expect(user).toEqual({ id: expect.stringMatching(/^[-0-9A-Za-z_]{13}$/), username: 'Alice', role: 'owner' })
      expect(await db.sessions.toArray()).toEqual([{ key: TAB, userId: user.id, startedAt: 9000, lastActiveAt: 9000 }])
      expect(await currentUser(db, TAB, { clock })).toEqual(user)
      expect(await deviceSessionKey(db, { clock })).toBe(TAB)
    },
  )

  it('logs a second person in beside the first: two sessions, each tab its own person', async () => {
    const alice = await login(db, { username: 'Alice', password: PASSWORD }, { ...FAST, sessionKey: 'tab-a' })
    const bob = await login(db, { username: 'Bob', password: 'bobs password' }, { ...FAST, sessionKey: 'tab-b' })
    expect(await currentUser(db, 'tab-a')).toEqual(alice)
    expect(await currentUser(db, 'tab-b')).toEqual({ id: bob.id, username: 'Bob', role: 'customer' })
    expect(await db.sessions.count()).toBe(2)
    expect(await deviceSessionKey(db)).toBe('tab-b') // a new tab takes the most recent login
  })

  it('refuses a wrong password and an unknown username with the same error, and logs nobody in', async () => {
    const wrongPassword = await rejection(login(db, { username: 'Alice', password: 'bobs password' }, FAST))
    const unknownUser = await rejection(login(db, { username: 'Mallory', password: PASSWORD }, FAST))
    expect(wrongPassword).toBeInstanceOf(AuthenticationError)
    expect(unknownUser).toBeInstanceOf(AuthenticationError)
    expect((wrongPassword as Error).message).toBe('Wrong username or password.')
    expect((unknownUser as Error).message).toBe((wrongPassword as Error).message)
    expect(await db.sessions.toArray()).toEqual([])
  })

  it('keeps the current session when a login attempt fails', async () => {
    const alice = await login(db, { username: 'Alice', password: PASSWORD }, { ...FAST, sessionKey: TAB })
    const before = { sessions: await db.sessions.toArray(), meta: await db.meta.toArray() }
    await rejection(login(db, { username: 'Bob', password: PASSWORD }, { ...FAST, sessionKey: 'tab-b' }))
    expect({ sessions: await db.sessions.toArray(), meta: await db.meta.toArray() }).toEqual(before)
    expect((await currentUser(db, TAB))?.id).toBe(alice.id)
  })
})

describe('logout and currentUser', () => {
  it('has nobody logged in on a fresh device, and no session for a new tab to take', async () => {
    expect(await currentUser(db, TAB)).toBeUndefined()
    expect(await deviceSessionKey(db)).toBeUndefined()
  })

  it('shows the logged-in person without their hash or salt', async () => {
    const user = await register(db, { username: 'Alice', password: PASSWORD }, { ...FAST, sessionKey: TAB })
    const current = await currentUser(db, TAB)
    expect(current).toEqual({ id: user.id, username: 'Alice', role: 'owner' })
    expect(Object.keys(current ?? {}).sort()).toEqual(['id', 'role', 'username'])
  })

  it('logs out by removing the session, so no new tab takes it either', async () => {
    await register(db, { username: 'Alice', password: PASSWORD }, { ...FAST, sessionKey: TAB })
    await logout(db, TAB)
    expect(await db.sessions.toArray()).toEqual([])
    expect(await currentUser(db, TAB)).toBeUndefined()
    expect(await deviceSessionKey(db)).toBeUndefined()
    expect(await db.users.count()).toBe(1)
  })

  it('logs a person out of every tab they are in, and nobody else', async () => {
    const alice = await register(db, { username: 'Alice', password: PASSWORD }, { ...FAST, sessionKey: 'alice-1' })
    await register(db, { username: 'Bob', password: 'bobs password' }, { ...FAST, sessionKey: 'bob-1' })
    await login(db, { username: 'Alice', password: PASSWORD }, { ...FAST, sessionKey: 'alice-2' })
    await login(db, { username: 'Bob', password: 'bobs password' }, { ...FAST, sessionKey: 'bob-2' })
    await logout(db, 'bob-1')
    expect((await db.sessions.orderBy('key').toArray()).map(({ key, userId }) => ({ key, userId }))).toEqual([
      { key: 'alice-1', userId: alice.id },
      { key: 'alice-2', userId: alice.id },
    ])
    expect(await currentUser(db, 'bob-2')).toBeUndefined()
    expect(await currentUser(db, 'alice-1')).toEqual(alice)
    expect(await currentUser(db, 'alice-2')).toEqual(alice)
    // The device's most recent session was one of Bob's: a new tab now starts logged out.
    expect(await deviceSessionKey(db)).toBeUndefined()
  })

  it("keeps the device's most recent session when someone else logs out", async () => {
    await register(db, { username: 'Alice', password: PASSWORD }, { ...FAST, sessionKey: 'alice-1' })
    await register(db, { username: 'Bob', password: 'bobs password' }, { ...FAST, sessionKey: 'bob-1' })
    await logout(db, 'alice-1')
    expect(await deviceSessionKey(db)).toBe('bob-1')
  })

  it('does not fail when nobody is logged in, or the session has already ended', async () => {
    await expect(logout(db, TAB)).resolves.toBeUndefined()
    await register(db, { username: 'Alice', password: PASSWORD }, { ...FAST, sessionKey: 'alice-1' })
    await expect(logout(db, 'no-such-session')).resolves.toBeUndefined()
    expect(await db.sessions.count()).toBe(1)
  })

  it('answers undefined when the session points at a user that no longer exists', async () => {
    const user = await register(db, { username: 'Alice', password: PASSWORD }, { ...FAST, sessionKey: TAB })
    await db.users.delete(user.id)
    expect(await currentUser(db, TAB)).toBeUndefined()
  })
})
