import { isDeviceCode } from '../../../src/domain/orderNumber'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { OutOfStockError, ValidationError } from '../../../src/domain/errors'
import { addToCart } from '../../../src/services/cart'
import { placeOrder } from '../../../src/services/checkout'
import { getOrder } from '../../../src/services/orders'
import { aNewProduct, createTestDb, fixedClock, manualClock, rejection, anOrder } from '../support'
import type { Id } from '../../../src/domain/id'

const ALICE = 'user-alice'
const BOB = 'user-bob'

let db: ShopDatabase
let clock: ReturnType<typeof manualClock>
let mug: Id // 1499, stock 5
let tea: Id // 1099, stock 3
let honey: Id // 1050, stock 14, in nobody's cart

beforeEach(async () => {
  db = createTestDb()
  clock = manualClock(1000)
  mug = await db.products.add(aNewProduct({ sku: 'KIT-1', name: 'Stoneware Mug', price: 1499, stock: 5 }))
  tea = await db.products.add(aNewProduct({ sku: 'TEA-1', name: 'Sencha Green Tea', price: 1099, stock: 3 }))
  honey = await db.products.add(aNewProduct({ sku: 'PAN-1', name: 'Wildflower Honey', price: 1050, stock: 14 }))
})
afterEach(async () => {
  await db.delete()
})

async function snapshot() {
  return {
    products: await db.products.toArray(),
    cartItems: await db.cartItems.toArray(),
    orders: await db.orders.toArray(),
  }
}

async function stockOf(id: Id): Promise<number | undefined> {
  return (await db.products.get(id))?.stock
}

describe('placeOrder', () => {
  it('decrements stock, records the order at the price paid and empties only that cart', async () => {
    await addToCart(db, ALICE, mug, 2, { clock })
    clock.set(1100)
    await addToCart(db, ALICE, tea, 3, { clock }) // the whole stock
    await addToCart(db, BOB, mug, 1, { clock })

    const order = await placeOrder(db, ALICE, { clock: fixedClock(5000), orderId: 'order-a' })
    const code = (await db.meta.get('deviceCode'))?.value

    expect(order).toEqual({
      id: 'order-a',
      number: `${String(code)}-1001`,
      sequence: 1001,
      userId: ALICE,
      customerName: 'Unknown customer',
      createdAt: 5000,
      status: 'placed',
      history: [{ status: 'placed', at: 5000, by: ALICE, note: 'Pay on delivery' }],
      lines: [
        { productId: mug, sku: 'KIT-1', name: 'Stoneware Mug', unitPrice: 1499, quantity: 2, lineTotal: 2998 },
        { productId: tea, sku: 'TEA-1', name: 'Sencha Green Tea', unitPrice: 1099, quantity: 3, lineTotal: 3297 },
      ],
      currency: 'USD',
      subtotal: 2998 + 3297,
      taxRate: 0,
      tax: 0,
      total: 2998 + 3297,
      payment: { kind: 'on-delivery' },
    })
    expect(await db.orders.toArray()).toEqual([order])
    expect([await stockOf(mug), await stockOf(tea), await stockOf(honey)]).toEqual([3, 0, 14])
    expect(await db.cartItems.toArray()).toEqual([{ userId: BOB, productId: mug, quantity: 1, addedAt: 1100 }])
  })

  it("numbers orders K7-1001, K7-1002, K7-1003 across people: the device's code, made once, and its sequence", async () => {
    await addToCart(db, ALICE, mug, 1, { clock })
    const first = await placeOrder(db, ALICE, { clock })
    await addToCart(db, BOB, mug, 1, { clock })
    const second = await placeOrder(db, BOB, { clock })
    await addToCart(db, ALICE, tea, 1, { clock })
    const third = await placeOrder(db, ALICE, { clock })
    const code = String((await db.meta.get('deviceCode'))?.value)
    expect(isDeviceCode(code)).toBe(true)
    expect([first.number, second.number, third.number]).toEqual([`${code}-1001`, `${code}-1002`, `${code}-1003`])
    expect([first.sequence, second.sequence, third.sequence]).toEqual([1001, 1002, 1003])
    expect(second.userId).toBe(BOB)
    expect((await db.orders.orderBy('sequence').toArray()).map((o) => o.number)).toEqual([`${code}-1001`, `${code}-1002`, `${code}-1003`])
  })

  it("counts on from the shop's highest sequence, another device's included, under this device's own code", async () => {
    await db.meta.put({ key: 'deviceCode', value: 'K7' })
    await db.orders.add(anOrder({ id: 'from-x2', number: 'X2-1041', userId: BOB }))
    await addToCart(db, ALICE, mug, 1, { clock })
    const order = await placeOrder(db, ALICE, { clock })
    expect([order.number, order.sequence]).toEqual(['K7-1042', 1042])
    expect(await db.meta.get('deviceCode')).toEqual({ key: 'deviceCode', value: 'K7' })
  })

  it('gives each order a fresh global id by default', async () => {
    await addToCart(db, ALICE, mug, 1, { clock })
    const first = await placeOrder(db, ALICE, { clock })
    await addToCart(db, ALICE, mug, 1, { clock })
    const second = await placeOrder(db, ALICE, { clock })
    expect(first.id).toMatch(/^[-0-9A-Za-z_]{13}$/)
    expect(second.id).not.toBe(first.id)
  })

  it.each([
    ['one short', 2, 'Only 2 of Sencha Green Tea are available; you asked for 3.'],
    ['one left', 1, 'Only 1 of Sencha Green Tea is available; you asked for 3.'],
    ['sold out', 0, 'Sencha Green Tea is out of stock.'],
  ])(
    'refuses the whole order when a line is %s since it was added, and changes nothing',
    async (_label, lowered, message) => {
      // An earlier order, so the tables are not trivially empty.
      await addToCart(db, BOB, honey, 2, { clock })
      await placeOrder(db, BOB, { clock })
      // The short line comes after a line that is fine, so a partial write would show.
      await addToCart(db, ALICE, mug, 2, { clock })
      clock.set(2000)
      await addToCart(db, ALICE, tea, 3, { clock })
      await addToCart(db, BOB, mug, 1, { clock })
      await db.products.update(tea, { stock: lowered })
      const before = await snapshot()

      const err = await rejection(placeOrder(db, ALICE, { clock }))

      expect(err).toBeInstanceOf(OutOfStockError)
      expect(err).toMatchObject({ productName: 'Sencha Green Tea', available: lowered, requested: 3, message })
      expect(await snapshot()).toEqual(before)
      expect(before.orders).toHaveLength(1)
      expect(before.cartItems).toHaveLength(3)
    },
  )

  it('refuses an empty cart and changes nothing', async () => {
    await addToCart(db, BOB, mug, 1, { clock })
    const before = await snapshot()
    const err = await rejection(placeOrder(db, ALICE, { clock }))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'cart', message: 'Your cart is empty.' })
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a cart holding a product that is no longer sold, and changes nothing', async () => {
    await addToCart(db, ALICE, mug, 1, { clock })
    await addToCart(db, ALICE, tea, 1, { clock })
    await db.products.delete(tea)
    const before = await snapshot()
    const err = await rejection(placeOrder(db, ALICE, { clock }))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'cart' })
    expect(await snapshot()).toEqual(before)
  })

  it('keeps the price paid when the product changes later', async () => {
    await addToCart(db, ALICE, mug, 2, { clock })
    const order = await placeOrder(db, ALICE, { clock, orderId: 'order-a' })
    await db.products.update(mug, { price: 9999, name: 'Renamed Mug', sku: 'KIT-9' })
    const stored = await getOrder(db, ALICE, 'order-a')
    expect(stored).toEqual(order)
    expect(stored.lines[0]).toMatchObject({ unitPrice: 1499, name: 'Stoneware Mug', sku: 'KIT-1', lineTotal: 2998 })
    expect(stored.total).toBe(2998)
  })

  it('sells the last unit only once when two people check out at the same time', async () => {
    await db.products.update(mug, { stock: 1 })
    await addToCart(db, ALICE, mug, 1, { clock })
    await addToCart(db, BOB, mug, 1, { clock })

    const results = await Promise.allSettled([placeOrder(db, ALICE, { clock }), placeOrder(db, BOB, { clock })])

    const won = results.filter((r) => r.status === 'fulfilled')
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(1)
    expect(lost[0]).toBeInstanceOf(OutOfStockError)
    expect(await stockOf(mug)).toBe(0)
    expect(await db.orders.count()).toBe(1)
    expect(await db.cartItems.count()).toBe(1) // the loser keeps their cart
  })
})
