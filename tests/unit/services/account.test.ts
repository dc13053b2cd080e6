import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { AccountLockedError, AuthenticationError, AuthorizationError, FormValidationError, LastOwnerError, ValidationError } from '../../../src/domain/errors'
import { changePassword, deleteAccount, isOnlyOwner } from '../../../src/services/account'
import { currentUser, deviceSessionKey, login, logout, register } from '../../../src/services/auth'
import { addToCart } from '../../../src/services/cart'
import { placeOrder } from '../../../src/services/checkout'
import { listOrders } from '../../../src/services/orders'
import { verifyPassword } from '../../../src/services/password'
import { setRole } from '../../../src/services/users'
import { aNewProduct, createTestDb, manualClock, rejection } from '../support'
import type { Id } from '../../../src/domain/id'

const FAST = { iterations: 1000 }
const OWNER_PASSWORD = 'owner password 1'
const PASSWORD = 'correct horse battery'
const NEW_PASSWORD = 'a brand new passphrase'

let db: ShopDatabase
let ownerId: Id
let bobId: Id
/** The session keys of Owen's tab and Bob's tab. */
const OWEN_TAB = 'owen-tab'
const BOB_TAB = 'bob-tab'
beforeEach(async () => {
  db = createTestDb()
  ownerId = (await register(db, { username: 'Owen', password: OWNER_PASSWORD }, { ...FAST, sessionKey: OWEN_TAB })).id
  bobId = (await register(db, { username: 'Bob', password: PASSWORD }, { ...FAST, sessionKey: BOB_TAB })).id
})
afterEach(async () => {
  await db.delete()
})

async function bob() {
  const user = await db.users.get(bobId)
  if (!user) throw new Error('Bob is gone')
  return user
}

describe('changePassword', () => {
  it('checks the current password, then stores a hash of the new one', async () => {
    await changePassword(db, bobId, { current: PASSWORD, next: NEW_PASSWORD, confirm: NEW_PASSWORD }, FAST)
    const row = await bob()
    const stored = { hash: row.passwordHash, salt: row.salt, iterations: row.iterations }
    expect(await verifyPassword(NEW_PASSWORD, stored)).toBe(true)
    expect(await verifyPassword(PASSWORD, stored)).toBe(false)
    await logout(db, BOB_TAB)
    await expect(login(db, { username: 'bob', password: NEW_PASSWORD }, FAST)).resolves.toMatchObject({ id: bobId })
    expect(await rejection(login(db, { username: 'bob', password: PASSWORD }, FAST))).toBeInstanceOf(AuthenticationError)
  })

  it('refuses a wrong current password next to its field, counts it, and changes nothing else', async () => {
    const before = await bob()
    const err = await rejection(changePassword(db, bobId, { current: 'not my password', next: NEW_PASSWORD, confirm: NEW_PASSWORD }, FAST))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'current', message: 'That is not your current password.' })
    expect(await bob()).toEqual({ ...before, failedLogins: 1 })
  })

  it('locks like a login after 5 wrong current passwords', async () => {
    const clock = manualClock(5_000_000)
    const errors: unknown[] = []
    for (let i = 0; i < 6; i++) {
      errors.push(await rejection(changePassword(db, bobId, { current: 'nope nope', next: NEW_PASSWORD, confirm: NEW_PASSWORD }, { ...FAST, clock })))
    }
    expect(errors.slice(0, 4).every((e) => e instanceof ValidationError)).toBe(true)
    expect(errors[4]).toBeInstanceOf(AccountLockedError)
    expect(errors[5]).toBeInstanceOf(AccountLockedError) // even before looking at the password
    expect(await bob()).toMatchObject({ failedLogins: 5, lockedUntil: 5_030_000 })
  })

  it.each([
    [{ current: '', next: NEW_PASSWORD, confirm: NEW_PASSWORD }, { current: 'Enter your current password.' }],
    [{ current: PASSWORD, next: 'short', confirm: 'short' }, { next: 'Password must be at least 8 characters.' }],
    [{ current: PASSWORD, next: 'password1', confirm: 'password1' }, { next: expect.stringMatching(/most common/) }],
    [{ current: PASSWORD, next: PASSWORD, confirm: PASSWORD }, { next: 'The new password must be different from the current one.' }],
    [{ current: PASSWORD, next: NEW_PASSWORD, confirm: 'typo' }, { confirm: 'The passwords do not match.' }],
  ])('refuses %j with %j, and writes nothing', async (input, fields) => {
    const before = await bob()
    const err = await rejection(changePassword(db, bobId, input, FAST))
    expect(err).toBeInstanceOf(FormValidationError)
    expect((err as FormValidationError).fields).toEqual(fields)
    expect(await bob()).toEqual(before)
  })

  it('refuses when nobody is logged in', async () => {
    expect(await rejection(changePassword(db, undefined, { current: PASSWORD, next: NEW_PASSWORD }, FAST))).toBeInstanceOf(AuthorizationError)
  })
})

describe('deleteAccount', () => {
  beforeEach(async () => {
    const [mug, tea] = await db.products.bulkAdd([aNewProduct({ sku: 'MUG', stock: 5 }), aNewProduct({ sku: 'TEA', name: 'Tea', stock: 5 })], {
      allKeys: true,
    })
    await addToCart(db, bobId, mug as Id, 1)
    await placeOrder(db, bobId)
    await addToCart(db, bobId, tea as Id, 2)
    await addToCart(db, ownerId, tea as Id, 1)
  })

  it('removes the cart and the session, keeps the orders and marks the account deleted with its secrets wiped', async () => {
    const clock = manualClock(7_000_000)
    await deleteAccount(db, bobId, { password: PASSWORD }, { clock })
    expect(await db.cartItems.where('userId').equals(bobId).count()).toBe(0)
    expect(await db.cartItems.where('userId').equals(ownerId).count()).toBe(1) // other people's carts stay
    expect(await db.sessions.where('key').equals(BOB_TAB).count()).toBe(0)
    expect(await currentUser(db, BOB_TAB)).toBeUndefined()
    expect(await currentUser(db, OWEN_TAB)).toMatchObject({ id: ownerId }) // other people stay logged in
    expect(await listOrders(db, bobId)).toHaveLength(1)
    expect(await bob()).toEqual({
      id: bobId,
      username: 'Bob',
      usernameKey: 'bob',
      role: 'customer',
      passwordHash: '',
      salt: '',
      iterations: 0,
      createdAt: expect.any(Number),
      failedLogins: 0,
      lockedUntil: 0,
      deletedAt: 7_000_000,
    })
  })

  it('ends every session of the account, in every tab, and no new tab takes one of them', async () => {
    await login(db, { username: 'Bob', password: PASSWORD }, { ...FAST, sessionKey: 'bob-second-tab' })
    expect(await deviceSessionKey(db)).toBe('bob-second-tab')
    await deleteAccount(db, bobId, { password: PASSWORD })
    expect((await db.sessions.toArray()).map((session) => session.key)).toEqual([OWEN_TAB])
    expect(await currentUser(db, 'bob-second-tab')).toBeUndefined()
    expect(await deviceSessionKey(db)).toBeUndefined()
  })

  it('leaves the deleted name reserved and unable to log in, with the generic message', async () => {
    await deleteAccount(db, bobId, { password: PASSWORD })
    const loginErr = await rejection(login(db, { username: 'Bob', password: PASSWORD }, FAST))
    expect(loginErr).toBeInstanceOf(AuthenticationError)
    const registerErr = await rejection(register(db, { username: 'bob', password: NEW_PASSWORD }, FAST))
    expect(registerErr).toMatchObject({ field: 'username', message: 'That username is taken. Choose another.' })
  })

  it('refuses a wrong password next to its field, and deletes nothing', async () => {
    const before = { users: await db.users.toArray(), cart: await db.cartItems.toArray(), sessions: await db.sessions.toArray() }
    const err = await rejection(deleteAccount(db, bobId, { password: 'not my password' }))
    expect(err).toMatchObject({ field: 'password', message: 'That is not your current password.' })
    expect(await db.cartItems.toArray()).toEqual(before.cart)
    expect(await db.sessions.toArray()).toEqual(before.sessions)
    expect((await bob()).deletedAt).toBeUndefined()
    expect((await bob()).failedLogins).toBe(1)
  })

  it('asks for the password', async () => {
    expect(await rejection(deleteAccount(db, bobId, { password: '' }))).toMatchObject({ field: 'password' })
  })

  it('refuses the only owner, with the reason, and changes nothing', async () => {
    expect(await isOnlyOwner(db, ownerId)).toBe(true)
    expect(await isOnlyOwner(db, bobId)).toBe(false)
    const before = await db.users.toArray()
    const err = await rejection(deleteAccount(db, ownerId, { password: OWNER_PASSWORD }))
    expect(err).toBeInstanceOf(LastOwnerError)
    expect((err as Error).message).toMatch(/only owner.*Make another account an owner first/)
    expect(await db.users.toArray()).toEqual(before)
  })

  it('lets an owner go once another owner exists, and does not count them as an owner afterwards', async () => {
    await setRole(db, ownerId, bobId, 'owner')
    expect(await isOnlyOwner(db, ownerId)).toBe(false)
    await deleteAccount(db, ownerId, { password: OWNER_PASSWORD })
    expect((await db.users.get(ownerId))?.role).toBe('customer')
    expect(await isOnlyOwner(db, bobId)).toBe(true)
  })
})
