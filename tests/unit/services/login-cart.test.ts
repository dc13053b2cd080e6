/**
 * Logging in and registering bring the guest cart along, inside the login's own transaction:
 * summed with the account's cart, capped by stock, products no longer sold left out; what did
 * not come over as picked is returned so the cart can say so.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { GUEST_ID } from '../../../src/domain/cart'
import { AuthenticationError } from '../../../src/domain/errors'
import { login, register } from '../../../src/services/auth'
import { aNewProduct, createTestDb, fixedClock, rejection, cartOf as cartLines, putCartLine } from '../support'
import type { Id } from '../../../src/domain/id'

const FAST = { iterations: 1000 }
const PASSWORD = 'correct horse battery'
const clock = fixedClock(9_000)

let db: ShopDatabase
let mug: Id // stock 5
let tea: Id // stock 3, archived
let lamp: Id // stock 2

beforeEach(async () => {
  db = createTestDb()
  mug = await db.products.add(aNewProduct({ sku: 'KIT-1', name: 'Stoneware Mug', stock: 5 }))
  tea = await db.products.add(aNewProduct({ sku: 'TEA-1', name: 'Sencha Green Tea', stock: 3, archived: true }))
  lamp = await db.products.add(aNewProduct({ sku: 'LMP-1', name: 'Desk Lamp', stock: 2 }))
})
afterEach(async () => {
  await db.delete()
})

const put = (userId: Id, productId: Id, quantity: number, addedAt: number) => putCartLine(db, userId, productId, quantity, addedAt)
const cartOf = (userId: Id) => cartLines(db, userId)

describe('register', () => {
  it('brings the guest cart into the new account, leaving out what is no longer sold, and says so', async () => {
    await put(GUEST_ID, mug, 2, 100)
    await put(GUEST_ID, tea, 1, 200)

    const user = await register(db, { username: 'Alice', password: PASSWORD }, { ...FAST, clock })

    expect(user).toEqual({ id: user.id, username: 'Alice', role: 'owner', guestCart: { capped: [], notSold: ['Sencha Green Tea'] } })
    expect(await cartOf(user.id)).toEqual([{ userId: user.id, productId: mug, quantity: 2, addedAt: 100 }])
    expect(await cartOf(GUEST_ID)).toEqual([])
  })

  it('says nothing about a guest cart that came over as picked', async () => {
    await put(GUEST_ID, lamp, 2, 100) // exactly the stock

    const user = await register(db, { username: 'Alice', password: PASSWORD }, { ...FAST, clock })

    expect(user).toEqual({ id: user.id, username: 'Alice', role: 'owner' })
    expect(await cartOf(user.id)).toEqual([{ userId: user.id, productId: lamp, quantity: 2, addedAt: 100 }])
  })

  it('leaves the guest cart alone when the name is taken', async () => {
    await register(db, { username: 'Alice', password: PASSWORD }, FAST)
    await put(GUEST_ID, mug, 2, 100)
    const before = await db.cartItems.toArray()

    await rejection(register(db, { username: 'alice', password: PASSWORD }, FAST))

    expect(await db.cartItems.toArray()).toEqual(before)
  })
})

describe('login', () => {
  let alice: Id
  beforeEach(async () => {
    alice = (await register(db, { username: 'Alice', password: PASSWORD }, FAST)).id
  })

  it('adds the guest cart to the account cart, capped by stock, archived products left out, and says which', async () => {
    await put(alice, lamp, 1, 50)
    await put(GUEST_ID, lamp, 2, 100) // 3 > 2
    await put(GUEST_ID, tea, 1, 200) // archived
    await put(GUEST_ID, mug, 5, 300) // exactly the stock

    const user = await login(db, { username: 'alice', password: PASSWORD }, { ...FAST, clock })

    expect(user.guestCart).toEqual({ capped: ['Desk Lamp'], notSold: ['Sencha Green Tea'] })
    expect(await cartOf(alice)).toEqual([
      { userId: alice, productId: mug, quantity: 5, addedAt: 300 },
      { userId: alice, productId: lamp, quantity: 2, addedAt: 50 },
    ])
    expect(await cartOf(GUEST_ID)).toEqual([])
  })

  it('merges nothing on a wrong password: the guest cart and the account cart stay as they were', async () => {
    await put(alice, mug, 1, 50)
    await put(GUEST_ID, mug, 2, 100)
    const before = await db.cartItems.toArray()

    expect(await rejection(login(db, { username: 'alice', password: 'wrong password' }, { ...FAST, clock }))).toBeInstanceOf(AuthenticationError)

    expect(await db.cartItems.toArray()).toEqual(before)
  })

  it('starts no session when the merge fails: login and merge are one transaction', async () => {
    await put(GUEST_ID, mug, 2, 100)
    const sessionsBefore = await db.sessions.toArray()
    const cartBefore = await db.cartItems.toArray()
    db.cartItems.hook('creating', () => {
      throw new Error('disk full')
    })

    expect(((await rejection(login(db, { username: 'alice', password: PASSWORD }, { ...FAST, clock }))) as Error).message).toContain('disk full')

    expect(await db.sessions.toArray()).toEqual(sessionsBefore)
    expect(await db.cartItems.toArray()).toEqual(cartBefore)
  })
})
