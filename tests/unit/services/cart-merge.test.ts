/** A guest's cart joins the account's cart at login: summed, capped by stock, in one transaction. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { GUEST_ID } from '../../../src/domain/cart'
import { mergeGuestCart } from '../../../src/services/cart'
import { aNewProduct, aNewUser, createTestDb, fixedClock, rejection, cartOf as cartLines, putCartLine } from '../support'
import type { Id } from '../../../src/domain/id'

let db: ShopDatabase
let alice: Id
let bob: Id
let mug: Id // stock 5
let tea: Id // stock 3
let lamp: Id // stock 0
const clock = fixedClock(9_000)
const NOTHING_TO_SAY = { capped: [], notSold: [] }

beforeEach(async () => {
  db = createTestDb()
  alice = await db.users.add(aNewUser('alice'))
  bob = await db.users.add(aNewUser('bob'))
  mug = await db.products.add(aNewProduct({ sku: 'KIT-1', name: 'Stoneware Mug', stock: 5 }))
  tea = await db.products.add(aNewProduct({ sku: 'TEA-1', name: 'Sencha Green Tea', stock: 3 }))
  lamp = await db.products.add(aNewProduct({ sku: 'LMP-1', name: 'Desk Lamp', stock: 0 }))
})
afterEach(async () => {
  await db.delete()
})

const put = (userId: Id, productId: Id, quantity: number, addedAt: number) => putCartLine(db, userId, productId, quantity, addedAt)
const cartOf = (userId: Id) => cartLines(db, userId)

describe('mergeGuestCart', () => {
  it('moves new lines over as they were, and empties the guest cart', async () => {
    await put(GUEST_ID, mug, 2, 100)
    await put(GUEST_ID, tea, 3, 200)

    expect(await mergeGuestCart(db, alice, { clock })).toEqual(NOTHING_TO_SAY)

    expect(await cartOf(alice)).toEqual([
      { userId: alice, productId: mug, quantity: 2, addedAt: 100 },
      { userId: alice, productId: tea, quantity: 3, addedAt: 200 },
    ])
    expect(await cartOf(GUEST_ID)).toEqual([])
  })

  it('adds to lines the account already has, keeping when they were first added', async () => {
    await put(alice, mug, 1, 50)
    await put(GUEST_ID, mug, 2, 100)

    expect(await mergeGuestCart(db, alice, { clock })).toEqual(NOTHING_TO_SAY)

    expect(await cartOf(alice)).toEqual([{ userId: alice, productId: mug, quantity: 3, addedAt: 50 }])
  })

  it('caps each sum at the stock and names the products that were capped', async () => {
    await put(alice, mug, 4, 50)
    await put(GUEST_ID, mug, 2, 100) // 6 > 5
    await put(GUEST_ID, tea, 3, 200) // exactly the stock: not capped
    await put(GUEST_ID, lamp, 1, 300) // sold out

    const { capped, notSold } = await mergeGuestCart(db, alice, { clock })

    expect(capped.sort()).toEqual(['Desk Lamp', 'Stoneware Mug'])
    expect(notSold).toEqual([])
    expect(await cartOf(alice)).toEqual([
      { userId: alice, productId: mug, quantity: 5, addedAt: 50 },
      { userId: alice, productId: tea, quantity: 3, addedAt: 200 },
    ])
    expect(await cartOf(GUEST_ID)).toEqual([])
    // The stock itself is not touched by a cart.
    expect((await db.products.toArray()).map((p) => p.stock)).toEqual([5, 3, 0])
  })

  it('caps at a stock that fell below what the account already had', async () => {
    await put(alice, tea, 3, 50)
    await db.products.update(tea, { stock: 2 })
    await put(GUEST_ID, tea, 1, 100)

    expect(await mergeGuestCart(db, alice, { clock })).toEqual({ capped: ['Sencha Green Tea'], notSold: [] })
    expect(await cartOf(alice)).toEqual([{ userId: alice, productId: tea, quantity: 2, addedAt: 50 }])
  })

  it('drops a guest line whose product is no longer sold', async () => {
    await put(GUEST_ID, mug, 1, 100)
    await put(GUEST_ID, 'no-such-product', 2, 200)

    expect(await mergeGuestCart(db, alice, { clock })).toEqual(NOTHING_TO_SAY)
    expect(await cartOf(alice)).toEqual([{ userId: alice, productId: mug, quantity: 1, addedAt: 100 }])
    expect(await db.cartItems.count()).toBe(1)
  })

  it('leaves out a guest line whose product is archived, names it, and leaves the account\'s own line of it alone', async () => {
    await db.products.update(tea, { archived: true })
    await put(alice, tea, 1, 50)
    await put(GUEST_ID, tea, 2, 100)
    await put(GUEST_ID, mug, 1, 200)

    expect(await mergeGuestCart(db, alice, { clock })).toEqual({ capped: [], notSold: ['Sencha Green Tea'] })

    expect(await cartOf(alice)).toEqual([
      { userId: alice, productId: mug, quantity: 1, addedAt: 200 },
      { userId: alice, productId: tea, quantity: 1, addedAt: 50 },
    ])
    expect(await cartOf(GUEST_ID)).toEqual([])
  })

  it('names capped and archived products together', async () => {
    await db.products.update(lamp, { archived: true, stock: 4 })
    await put(GUEST_ID, lamp, 1, 100)
    await put(GUEST_ID, tea, 4, 200) // 4 > 3

    expect(await mergeGuestCart(db, alice, { clock })).toEqual({ capped: ['Sencha Green Tea'], notSold: ['Desk Lamp'] })
    expect(await cartOf(alice)).toEqual([{ userId: alice, productId: tea, quantity: 3, addedAt: 200 }])
    expect(await cartOf(GUEST_ID)).toEqual([])
  })

  it("leaves other people's carts alone", async () => {
    await put(bob, mug, 2, 10)
    await put(GUEST_ID, mug, 1, 100)

    await mergeGuestCart(db, alice, { clock })

    expect(await cartOf(bob)).toEqual([{ userId: bob, productId: mug, quantity: 2, addedAt: 10 }])
    expect(await cartOf(alice)).toEqual([{ userId: alice, productId: mug, quantity: 1, addedAt: 100 }])
  })

  it('does nothing when the guest cart is empty', async () => {
    await put(alice, mug, 2, 10)
    const before = await db.cartItems.toArray()
    expect(await mergeGuestCart(db, alice, { clock })).toEqual(NOTHING_TO_SAY)
    expect(await db.cartItems.toArray()).toEqual(before)
  })

  it('merges twice without counting anything twice', async () => {
    await put(GUEST_ID, mug, 2, 100)
    await Promise.all([mergeGuestCart(db, alice, { clock }), mergeGuestCart(db, alice, { clock })])
    expect(await cartOf(alice)).toEqual([{ userId: alice, productId: mug, quantity: 2, addedAt: 100 }])
    expect(await cartOf(GUEST_ID)).toEqual([])
  })

  it('does it all in one transaction: a failure half-way leaves both carts exactly as they were', async () => {
    await put(alice, mug, 1, 50)
    await put(GUEST_ID, mug, 2, 100)
    await put(GUEST_ID, tea, 1, 200)
    const before = await db.cartItems.toArray()
    // Writing the second line fails (as a full disk would), after the first was written.
    db.cartItems.hook('creating', (_key, item) => {
      if (item.productId === tea && item.userId === alice) throw new Error('disk full')
    })

    const err = await rejection(mergeGuestCart(db, alice, { clock }))

    expect((err as Error).message).toContain('disk full')
    expect(await db.cartItems.toArray()).toEqual(before)
  })
})
