import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { NotFoundError } from '../../../src/domain/errors'
import { addToCart } from '../../../src/services/cart'
import { placeOrder } from '../../../src/services/checkout'
import { getOrder, listOrders } from '../../../src/services/orders'
import { aNewProduct, anOrder, createTestDb, fixedClock, rejection } from '../support'

let db: ShopDatabase
beforeEach(() => {
  db = createTestDb()
})
afterEach(async () => {
  await db.delete()
})

describe('listOrders', () => {
  beforeEach(async () => {
    // Added out of time order, for users u1, u2 and u10 (u10 starts with u1).
    await db.orders.bulkAdd([
      anOrder({ id: 'a-2000', number: 'K7-1002', userId: 'u1', createdAt: 2000 }),
      anOrder({ id: 'b-1500', number: 'K7-1001', userId: 'u2', createdAt: 1500 }),
      anOrder({ id: 'a-1000', number: 'K7-1003', userId: 'u1', createdAt: 1000 }),
      anOrder({ id: 'j-2500', number: 'K7-1004', userId: 'u10', createdAt: 2500 }),
      anOrder({ id: 'a-3000', number: 'K7-1005', userId: 'u1', createdAt: 3000 }),
    ])
  })

  it.each([
    ['u1', ['a-3000', 'a-2000', 'a-1000']],
    ['u2', ['b-1500']],
    ['u10', ['j-2500']],
    ['u3', []],
  ])("lists user %s's orders, newest first, and nobody else's", async (userId, ids) => {
    const orders = await listOrders(db, userId)
    expect(orders.map((o) => o.id)).toEqual(ids)
    expect(orders.every((o) => o.userId === userId)).toBe(true)
  })

  it('returns whole orders', async () => {
    const [newest] = await listOrders(db, 'u2')
    expect(newest).toEqual(await db.orders.get('b-1500'))
  })
})

describe('listOrders after real checkouts', () => {
  it('shows each placed order to its buyer only, newest first', async () => {
    const mug = await db.products.add(aNewProduct({ stock: 10 }))
    for (const [userId, time] of [
      ['u1', 1000],
      ['u2', 2000],
      ['u1', 3000],
    ] as const) {
      await addToCart(db, userId, mug, 1, { clock: fixedClock(time) })
      await placeOrder(db, userId, { clock: fixedClock(time) })
    }
    expect((await listOrders(db, 'u1')).map((o) => [o.sequence, o.createdAt])).toEqual([
      [1003, 3000],
      [1001, 1000],
    ])
    expect((await listOrders(db, 'u2')).map((o) => o.sequence)).toEqual([1002])
  })
})

describe('getOrder', () => {
  beforeEach(async () => {
    await db.orders.bulkAdd([anOrder({ id: 'alice-order', userId: 'u1' }), anOrder({ id: 'bob-order', number: 'K7-1002', userId: 'u2' })])
  })

  it("returns the person's own order", async () => {
    expect(await getOrder(db, 'u1', 'alice-order')).toEqual(await db.orders.get('alice-order'))
    expect((await getOrder(db, 'u2', 'bob-order')).number).toBe('K7-1002')
  })

  it("answers another person's order exactly like a missing one", async () => {
    const someoneElses = await rejection(getOrder(db, 'u1', 'bob-order'))
    const missing = await rejection(getOrder(db, 'u1', 'no-such-order'))
    expect(someoneElses).toBeInstanceOf(NotFoundError)
    expect(missing).toBeInstanceOf(NotFoundError)
    expect((someoneElses as Error).message).toBe('Order not found.')
    expect((missing as Error).message).toBe((someoneElses as Error).message)
  })
})
