import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { AuthenticationError, ValidationError } from '../../../src/domain/errors'
import { currentUser, login, logout, register } from '../../../src/services/auth'
import { verifyPassword } from '../../../src/services/password'
import { createTestDb, fixedClock, manualClock, rejection } from '../support'

const FAST = { iterations: 1000 }
const PASSWORD = 'correct horse battery'

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
  it('makes the first account the owner and logs it in', async () => {
    const user = await register(db, { username: 'Alice', password: PASSWORD }, { ...FAST, clock: fixedClock(5000) })
    expect(user).toEqual({ id: expect.any(Number), username: 'Alice', role: 'owner' })
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
    expect(await db.sessions.toArray()).toEqual([{ key: 'current', userId: user.id, startedAt: 5000, lastActiveAt: 5000 }])
  })

  it('makes every later account a customer, logged in instead of the first', async () => {
    const owner = await register(db, { username: 'Alice', password: PASSWORD }, FAST)
    const second = await register(db, { username: 'Bob', password: PASSWORD }, FAST)
    const third = await register(db, { username: 'Carol', password: PASSWORD }, FAST)
    expect([owner.role, second.role, third.role]).toEqual(['owner', 'customer', 'customer'])
    expect(new Set([owner.id, second.id, third.id]).size).toBe(3)
    expect((await db.users.get(second.id))?.role).toBe('customer')
    expect(await currentUser(db)).toEqual(third)
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
    await register(db, { username: 'Alice', password: PASSWORD }, FAST)
    await register(db, { username: 'Bob', password: 'bobs password' }, FAST)
    await logout(db)
  })

  it.each(['Alice', 'alice', 'ALICE', '\uff21lice', ' Alice '])(
    'logs %j in with the right password',
    async (username) => {
      const clock = manualClock(9000)
      const user = await login(db, { username, password: PASSWORD }, { ...FAST, clock })
      expect(user).toEqual({ id: expect.any(Number), username: 'Alice', role: 'owner' })
      expect(await db.sessions.toArray()).toEqual([{ key: 'current', userId: user.id, startedAt: 9000, lastActiveAt: 9000 }])
      expect(await currentUser(db, { clock })).toEqual(user)
    },
  )

  it('switches the session from one person to another', async () => {
    await login(db, { username: 'Alice', password: PASSWORD }, FAST)
    const bob = await login(db, { username: 'Bob', password: 'bobs password' }, FAST)
    expect(await currentUser(db)).toEqual({ id: bob.id, username: 'Bob', role: 'customer' })
    expect(await db.sessions.count()).toBe(1)
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
    const alice = await login(db, { username: 'Alice', password: PASSWORD }, FAST)
    const before = await db.sessions.toArray()
    await rejection(login(db, { username: 'Bob', password: PASSWORD }, FAST))
    expect(await db.sessions.toArray()).toEqual(before)
    expect((await currentUser(db))?.id).toBe(alice.id)
  })
})

describe('logout and currentUser', () => {
  it('has nobody logged in on a fresh device', async () => {
    expect(await currentUser(db)).toBeUndefined()
  })

  it('shows the logged-in person without their hash or salt', async () => {
    const user = await register(db, { username: 'Alice', password: PASSWORD }, FAST)
    const current = await currentUser(db)
    expect(current).toEqual({ id: user.id, username: 'Alice', role: 'owner' })
    expect(Object.keys(current ?? {}).sort()).toEqual(['id', 'role', 'username'])
  })

  it('logs out by removing the session', async () => {
    await register(db, { username: 'Alice', password: PASSWORD }, FAST)
    await logout(db)
    expect(await db.sessions.toArray()).toEqual([])
    expect(await currentUser(db)).toBeUndefined()
    expect(await db.users.count()).toBe(1)
  })

  it('does not fail when nobody is logged in', async () => {
    await expect(logout(db)).resolves.toBeUndefined()
  })

  it('answers undefined when the session points at a user that no longer exists', async () => {
    const user = await register(db, { username: 'Alice', password: PASSWORD }, FAST)
    await db.users.delete(user.id)
    expect(await currentUser(db)).toBeUndefined()
  })
})
