import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { ValidationError } from '../../../src/domain/errors'
import { INVISIBLE_MESSAGE } from '../../../src/domain/registration'
import { usernameKey } from '../../../src/domain/user'
import { deleteAccount } from '../../../src/services/account'
import { login, logout, register } from '../../../src/services/auth'
import { hashPassword } from '../../../src/services/password'
import { LOOK_ALIKE_MESSAGE } from '../../../src/services/usernameLookAlike'
import { aNewUser, createTestDb, rejection } from '../support'

const FAST = { iterations: 1000 }
const PASSWORD = 'correct horse battery'
const CYRILLIC_ALICE = '\u0430lice' // the first letter is Cyrillic а

let db: ShopDatabase
beforeEach(() => {
  db = createTestDb()
})
afterEach(async () => {
  await db.delete()
})

async function snapshot() {
  return { users: await db.users.toArray(), sessions: await db.sessions.toArray(), meta: await db.meta.toArray() }
}

describe('registering a name that looks like another account\'s', () => {
  it.each([
    ['alice', CYRILLIC_ALICE, 'Cyrillic а'],
    ['bob', 'b\u03bfb', 'Greek ο'],
    ['ss-user', '\u00df-user', 'ß against ss'],
    ['\u00df-user', 'SS-USER', 'ss against ß'],
    ['paypal', '\u{1d429}\u{1d41a}\u{1d432}\u{1d429}\u{1d41a}\u{1d7cf}', 'mathematical bold, with a bold digit one for the l'],
    ['alice', '\uff41\uff4c\u0456\uff43\uff45', 'fullwidth letters with a Cyrillic і'],
    ['m-dev', 'rn-dev', 'rn against m'],
    ['paypal', 'paypa1', 'the digit 1 against the letter l'],
  ])('refuses %j → %j (%s), and writes nothing', async (first, second) => {
    await register(db, { username: first, password: PASSWORD }, FAST)
    const before = await snapshot()
    const err = await rejection(register(db, { username: second, password: 'another password' }, FAST))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'username', message: LOOK_ALIKE_MESSAGE })
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a look-alike of a deleted account, whose name stays reserved', async () => {
    await register(db, { username: 'owner', password: PASSWORD }, FAST)
    const alice = await register(db, { username: 'alice', password: PASSWORD }, FAST)
    await deleteAccount(db, alice.id, { password: PASSWORD })
    expect((await db.users.get(alice.id))?.deletedAt).toEqual(expect.any(Number))
    const before = await snapshot()
    const err = await rejection(register(db, { username: CYRILLIC_ALICE, password: PASSWORD }, FAST))
    expect(err).toMatchObject({ field: 'username', message: LOOK_ALIKE_MESSAGE })
    expect(await snapshot()).toEqual(before)
  })

  it('says the exact name is taken as before', async () => {
    await register(db, { username: 'Alice', password: PASSWORD }, FAST)
    const err = await rejection(register(db, { username: 'alice', password: PASSWORD }, FAST))
    expect(err).toMatchObject({ field: 'username', message: 'That username is taken. Choose another.' })
  })

  it('lets different names in, emoji written with a zero-width joiner included', async () => {
    for (const username of ['alice', 'alicia', '\u{1f469}\u200d\u{1f4bb}dev', '\u{1f468}\u200d\u{1f4bb}dev', 'family\u{1f468}\u200d\u{1f469}\u200d\u{1f467}']) {
      const user = await register(db, { username, password: PASSWORD }, FAST)
      expect(user.username).toBe(username)
    }
    expect(await db.users.count()).toBe(5)
  })

  it.each(['ali\u3164ce', '\u3164\u3164\u3164', 'alice\u2800', 'al\u034fice', 'ali\u200bce'])(
    'refuses %j, which holds an invisible character, and writes nothing',
    async (username) => {
      const err = await rejection(register(db, { username, password: PASSWORD }, FAST))
      expect(err).toMatchObject({ field: 'username', message: INVISIBLE_MESSAGE })
      expect(await snapshot()).toEqual({ users: [], sessions: [], meta: [] })
    },
  )
})

describe('accounts that already looked alike before the rule', () => {
  beforeEach(async () => {
    await register(db, { username: 'alice', password: PASSWORD }, { ...FAST, sessionKey: 'a' })
    await logout(db, 'a')
    // Written as an older version of the app would have: its own exact key, its own password.
    const hashed = await hashPassword('cyrillic password', 1000)
    await db.users.add(
      aNewUser(CYRILLIC_ALICE, 'customer', {
        usernameKey: usernameKey(CYRILLIC_ALICE),
        passwordHash: hashed.hash,
        salt: hashed.salt,
        iterations: hashed.iterations,
      }),
    )
  })

  it('both log in with their exact names, each to their own account', async () => {
    const latin = await login(db, { username: 'alice', password: PASSWORD }, { ...FAST, sessionKey: 'l' })
    const cyrillic = await login(db, { username: CYRILLIC_ALICE, password: 'cyrillic password' }, { ...FAST, sessionKey: 'c' })
    expect(latin.username).toBe('alice')
    expect(cyrillic.username).toBe(CYRILLIC_ALICE)
    expect(latin.id).not.toBe(cyrillic.id)
  })

  it("neither logs in with the other's password", async () => {
    await expect(login(db, { username: 'alice', password: 'cyrillic password' }, FAST)).rejects.toThrow()
    await expect(login(db, { username: CYRILLIC_ALICE, password: PASSWORD }, FAST)).rejects.toThrow()
  })

  it('a third look-alike is still refused', async () => {
    const err = await rejection(register(db, { username: '\u0430l\u0456ce', password: PASSWORD }, FAST)) // Cyrillic а and і
    expect(err).toMatchObject({ field: 'username', message: LOOK_ALIKE_MESSAGE })
    expect(await db.users.count()).toBe(2)
  })
})
