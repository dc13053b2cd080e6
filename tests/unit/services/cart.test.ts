import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { NotFoundError, OutOfStockError } from '../../../src/domain/errors'
import { addToCart, cartLines, checkAvailability, removeFromCart, setCartQuantity } from '../../../src/services/cart'
import { aNewProduct, createTestDb, manualClock, rejection } from '../support'
import type { Id } from '../../../src/domain/id'

const ALICE = 'user-alice'
const BOB = 'user-bob'

let db: ShopDatabase
let clock: ReturnType<typeof manualClock>
let mug: Id // stock 5
let tea: Id // stock 3
let soldOut: Id // stock 0

beforeEach(async () => {
  db = createTestDb()
  clock = manualClock(1000)
  mug = await db.products.add(aNewProduct({ sku: 'KIT-1', name: 'Stoneware Mug', price: 1499, stock: 5 }))
  tea = await db.products.add(aNewProduct({ sku: 'TEA-1', name: 'Sencha Green Tea', price: 1099, stock: 3 }))
  soldOut = await db.products.add(aNewProduct({ sku: 'PAN-1', name: 'Dark Chocolate 70%', price: 425, stock: 0 }))
})
afterEach(async () => {
  await db.delete()
})

describe('addToCart', () => {
  it('adds a new line stamped with the time', async () => {
    await addToCart(db, ALICE, mug, 2, { clock })
    expect(await db.cartItems.toArray()).toEqual([{ userId: ALICE, productId: mug, quantity: 2, addedAt: 1000 }])
  })

  it('accumulates into the same line and keeps when it was first added', async () => {
    await addToCart(db, ALICE, mug, 2, { clock })
    clock.set(2000)
    await addToCart(db, ALICE, mug, 1, { clock })
    expect(await db.cartItems.toArray()).toEqual([{ userId: ALICE, productId: mug, quantity: 3, addedAt: 1000 }])
  })

  it('accepts exactly the whole stock', async () => {
    await addToCart(db, ALICE, mug, 5, { clock })
    expect((await db.cartItems.get([ALICE, mug]))?.quantity).toBe(5)
  })

  it('accepts exactly what is left after the cart', async () => {
    await addToCart(db, ALICE, mug, 3, { clock })
    await addToCart(db, ALICE, mug, 2, { clock })
    expect((await db.cartItems.get([ALICE, mug]))?.quantity).toBe(5)
  })

  it.each([
    [3, 3, 2, 'You can add at most 2 more Stoneware Mug: 5 in stock and 3 already in your cart.'],
    [5, 1, 0, 'You already have 5 Stoneware Mug in your cart and 5 are in stock: you cannot add more.'],
  ])(
    'with %d in the cart refuses %d more (only %d left to add) and leaves the cart as it was',
    async (inCart, more, available, message) => {
      await addToCart(db, ALICE, mug, inCart, { clock })
      const before = await db.cartItems.toArray()
      const err = await rejection(addToCart(db, ALICE, mug, more, { clock }))
      expect(err).toBeInstanceOf(OutOfStockError)
      expect(err).toMatchObject({ productName: 'Stoneware Mug', available, requested: more, message })
      expect(await db.cartItems.toArray()).toEqual(before)
    },
  )

  it('refuses more than the stock into an empty cart, adding nothing', async () => {
    const err = await rejection(addToCart(db, ALICE, tea, 4, { clock }))
    expect(err).toMatchObject({ message: 'Only 3 of Sencha Green Tea are available; you asked for 4.' })
    expect(await db.cartItems.count()).toBe(0)
  })

  it('refuses a product that is out of stock', async () => {
    const err = await rejection(addToCart(db, ALICE, soldOut, 1, { clock }))
    expect(err).toBeInstanceOf(OutOfStockError)
    expect(err).toMatchObject({ available: 0, message: 'Dark Chocolate 70% is out of stock.' })
    expect(await db.cartItems.count()).toBe(0)
  })

  it('refuses an unknown product with NotFoundError', async () => {
    const err = await rejection(addToCart(db, ALICE, 'no-such-product', 1, { clock }))
    expect(err).toBeInstanceOf(NotFoundError)
    expect(err).toMatchObject({ message: 'That product is no longer in the shop.' })
    expect(await db.cartItems.count()).toBe(0)
  })

  it('does not change the stock', async () => {
    await addToCart(db, ALICE, mug, 2, { clock })
    expect((await db.products.get(mug))?.stock).toBe(5)
  })
})

describe('carts of two people', () => {
  it('are kept apart, and one cart does not limit the other', async () => {
    await addToCart(db, ALICE, mug, 3, { clock })
    await addToCart(db, BOB, mug, 5, { clock })
    await addToCart(db, BOB, tea, 1, { clock })
    expect((await cartLines(db, ALICE)).map((l) => [l.product.id, l.quantity])).toEqual([[mug, 3]])
    expect((await cartLines(db, BOB)).map((l) => [l.product.id, l.quantity])).toEqual([
      [mug, 5],
      [tea, 1],
    ])
    expect(await cartLines(db, 'user-carol')).toEqual([])
  })

  it('removing from one cart leaves the other alone', async () => {
    await addToCart(db, ALICE, mug, 1, { clock })
    await addToCart(db, BOB, mug, 2, { clock })
    await removeFromCart(db, ALICE, mug)
    expect(await db.cartItems.toArray()).toEqual([{ userId: BOB, productId: mug, quantity: 2, addedAt: 1000 }])
  })
})

describe('setCartQuantity', () => {
  beforeEach(async () => {
    await addToCart(db, ALICE, mug, 2, { clock })
  })

  it.each([1, 4, 5])('sets the line to %d and keeps when it was added', async (quantity) => {
    await setCartQuantity(db, ALICE, mug, quantity)
    expect(await db.cartItems.toArray()).toEqual([{ userId: ALICE, productId: mug, quantity, addedAt: 1000 }])
  })

  it('refuses more than the stock and leaves the line as it was', async () => {
    const err = await rejection(setCartQuantity(db, ALICE, mug, 6))
    expect(err).toBeInstanceOf(OutOfStockError)
    expect(err).toMatchObject({ available: 5, requested: 6 })
    expect((await db.cartItems.get([ALICE, mug]))?.quantity).toBe(2)
  })

  it.each([
    ['a product that is not in the cart', () => tea],
    ['an unknown product', () => 'no-such-product'],
  ])('refuses %s with NotFoundError and adds no line', async (_label, productId) => {
    const err = await rejection(setCartQuantity(db, ALICE, productId(), 1))
    expect(err).toBeInstanceOf(NotFoundError)
    expect(await db.cartItems.count()).toBe(1)
  })

  it("does not touch another person's line for the same product", async () => {
    await addToCart(db, BOB, mug, 1, { clock })
    await setCartQuantity(db, ALICE, mug, 4)
    expect((await db.cartItems.get([BOB, mug]))?.quantity).toBe(1)
  })
})

describe('removeFromCart', () => {
  it('removes only that line', async () => {
    await addToCart(db, ALICE, mug, 1, { clock })
    await addToCart(db, ALICE, tea, 1, { clock })
    await removeFromCart(db, ALICE, mug)
    expect((await db.cartItems.toArray()).map((i) => i.productId)).toEqual([tea])
  })

  it('does nothing for a line that is not there', async () => {
    await addToCart(db, ALICE, mug, 1, { clock })
    await removeFromCart(db, ALICE, tea)
    expect(await db.cartItems.count()).toBe(1)
  })
})

describe('cartLines', () => {
  it('joins each line with its product, oldest first (not by product id)', async () => {
    clock.set(1000)
    await addToCart(db, ALICE, tea, 1, { clock })
    clock.set(2000)
    await addToCart(db, ALICE, mug, 2, { clock })
    clock.set(3000)
    await addToCart(db, ALICE, tea, 1, { clock }) // more of the oldest line keeps its place
    const lines = await cartLines(db, ALICE)
    expect(lines).toEqual([
      { product: await db.products.get(tea), quantity: 2 },
      { product: await db.products.get(mug), quantity: 2 },
    ])
    expect(lines[0]?.product).toMatchObject({ name: 'Sencha Green Tea', price: 1099, stock: 3 })
  })

  it('is empty for an empty cart', async () => {
    expect(await cartLines(db, ALICE)).toEqual([])
  })

  it('leaves out a line whose product has been removed from the shop', async () => {
    await addToCart(db, ALICE, mug, 1, { clock })
    await addToCart(db, ALICE, tea, 1, { clock })
    await db.products.delete(mug)
    expect((await cartLines(db, ALICE)).map((l) => l.product.id)).toEqual([tea])
  })

  it('shows the current price and stock of each product', async () => {
    await addToCart(db, ALICE, mug, 1, { clock })
    await db.products.update(mug, { price: 1999, stock: 2 })
    expect((await cartLines(db, ALICE))[0]?.product).toMatchObject({ price: 1999, stock: 2 })
  })
})

describe('checkAvailability', () => {
  it.each([
    ['mug', 1, true],
    ['mug', 5, true],
    ['mug', 6, false],
    ['tea', 3, true],
    ['tea', 4, false],
    ['soldOut', 1, false],
  ] as const)('%s × %d → %s', async (which, quantity, expected) => {
    const ids = { mug, tea, soldOut }
    expect(await checkAvailability(db, ids[which], quantity)).toEqual({ quantity, available: expected })
  })

  it('refuses an unknown product with NotFoundError', async () => {
    expect(await rejection(checkAvailability(db, 'no-such-product', 1))).toBeInstanceOf(NotFoundError)
  })
})
