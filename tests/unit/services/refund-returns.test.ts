/**
 * Refunding an order that has shipped or been delivered asks whether the goods came back:
 * only returned goods go back into stock (one 'cancellation' ledger row per line, under the
 * once-only id); otherwise the refund restocks nothing. Before shipping nothing is asked.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { ValidationError } from '../../../src/domain/errors'
import type { Id } from '../../../src/domain/id'
import { goodsHaveLeft, restocksOnMove, type Order, type OrderStatus } from '../../../src/domain/order'
import { addToCart } from '../../../src/services/cart'
import { checkout } from '../../../src/services/checkout'
import { verifyInventory } from '../../../src/services/inventory'
import { GOODS_KEPT_NOTE, GOODS_RETURNED_NOTE, changeOrderStatus } from '../../../src/services/orders'
import { aNewProduct, aNewUser, createTestDb, manualClock, rejection } from '../support'

const CARD = { number: '4242 4242 4242 4242', expiry: '12/40', cvc: '123', name: 'Alice' }
let db: ShopDatabase
let clock: ReturnType<typeof manualClock>
let owner: Id
let alice: Id
let mug: Id
let tea: Id

beforeEach(async () => {
  db = createTestDb()
  clock = manualClock(Date.UTC(2026, 4, 15))
  owner = await db.users.add(aNewUser('owner', 'owner'))
  alice = await db.users.add(aNewUser('alice'))
  mug = await db.products.add(aNewProduct({ sku: 'KIT-1', name: 'Stoneware Mug', price: 1499, stock: 5 }))
  tea = await db.products.add(aNewProduct({ sku: 'TEA-1', name: 'Sencha Green Tea', price: 1099, stock: 3 }))
  await db.stockLedger.bulkAdd([
    { id: `i:${mug}`, productId: mug, delta: 5, reason: 'initial', stockAfter: 5, note: '', at: 0 },
    { id: `i:${tea}`, productId: tea, delta: 3, reason: 'initial', stockAfter: 3, note: '', at: 0 },
  ])
})
afterEach(async () => {
  await db.delete()
})

/** Alice pays by card for mug ×2 and tea ×1 (stock 3 and 2); the owner moves it to `status`. */
async function orderIn(status: OrderStatus): Promise<Order> {
  await addToCart(db, alice, mug, 2, { clock })
  await addToCart(db, alice, tea, 1, { clock })
  const order = await checkout(db, alice, 'order-a', { kind: 'card', card: CARD }, { delayMs: 0, clock })
  const path: OrderStatus[] = ['processing', 'shipped', 'delivered']
  for (const step of path.slice(0, path.indexOf(status) + 1)) await changeOrderStatus(db, owner, order.id, step, { clock })
  return order
}
const stock = async () => [(await db.products.get(mug))?.stock, (await db.products.get(tea))?.stock]
const snapshot = async () => ({
  products: await db.products.orderBy('id').toArray(),
  orders: await db.orders.toArray(),
  payments: await db.payments.toArray(),
  ledger: await db.stockLedger.orderBy('id').toArray(),
})

describe('restocksOnMove', () => {
  it.each<[OrderStatus, OrderStatus, boolean | undefined, boolean]>([
    ['paid', 'cancelled', undefined, true],
    ['paid', 'refunded', undefined, true],
    ['processing', 'refunded', false, true], // the goods never left: nothing to ask
    ['shipped', 'refunded', true, true],
    ['shipped', 'refunded', false, false],
    ['delivered', 'refunded', true, true],
    ['delivered', 'refunded', false, false],
    ['shipped', 'delivered', true, false],
  ])('%s → %s, goods returned %s: restocks %s', (from, to, returned, restocks) => {
    expect(restocksOnMove(from, to, returned)).toBe(restocks)
  })

  it.each<[OrderStatus, boolean]>([
    ['placed', false],
    ['paid', false],
    ['processing', false],
    ['shipped', true],
    ['delivered', true],
  ])('goodsHaveLeft(%s) is %s', (status, left) => expect(goodsHaveLeft(status)).toBe(left))
})

describe('refunding after shipping', () => {
  it.each<OrderStatus>(['shipped', 'delivered'])('of a %s order, with the goods back, restocks each line once with a cancellation row', async (status) => {
    const order = await orderIn(status)
    expect(await stock()).toEqual([3, 2])
    const refunded = await changeOrderStatus(db, owner, order.id, 'refunded', { clock, goodsReturned: true, note: 'Wrong size' })
    expect(refunded).toMatchObject({ status: 'refunded', restockedAt: clock.now() })
    expect(refunded.history.at(-1)?.note).toBe(`Wrong size — ${GOODS_RETURNED_NOTE}`)
    expect(await stock()).toEqual([5, 3])
    expect(await db.stockLedger.get(`r:${order.id}:${mug}`)).toMatchObject({ delta: 2, reason: 'cancellation', stockAfter: 5, orderId: order.id })
    expect(await db.stockLedger.get(`r:${order.id}:${tea}`)).toMatchObject({ delta: 1, reason: 'cancellation', stockAfter: 3 })
    expect((await db.payments.get(order.id))?.status).toBe('refunded')
    expect((await verifyInventory(db, owner)).mismatches).toEqual([])
  })

  it.each<OrderStatus>(['shipped', 'delivered'])('of a %s order, with the goods kept, refunds the payment and restocks nothing', async (status) => {
    const order = await orderIn(status)
    const ledgerBefore = await db.stockLedger.count()
    const refunded = await changeOrderStatus(db, owner, order.id, 'refunded', { clock, goodsReturned: false })
    expect(refunded.status).toBe('refunded')
    expect(refunded).not.toHaveProperty('restockedAt')
    expect(refunded.history.at(-1)?.note).toBe(GOODS_KEPT_NOTE)
    expect(await stock()).toEqual([3, 2])
    expect(await db.stockLedger.count()).toBe(ledgerBefore)
    expect((await db.payments.get(order.id))?.status).toBe('refunded')
    expect((await verifyInventory(db, owner)).mismatches).toEqual([])
  })

  it('without an answer is refused, naming the question, and changes nothing', async () => {
    const order = await orderIn('delivered')
    const before = await snapshot()
    const err = await rejection(changeOrderStatus(db, owner, order.id, 'refunded', { clock }))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'goodsReturned', message: `Order #${order.number} has been delivered: say whether the goods came back.` })
    expect(await snapshot()).toEqual(before)
  })

  it('before shipping asks nothing: the goods are still on the shelf, so they go back', async () => {
    const order = await orderIn('processing')
    const refunded = await changeOrderStatus(db, owner, order.id, 'refunded', { clock, goodsReturned: false })
    expect(refunded.restockedAt).toBe(clock.now())
    expect(refunded.history.at(-1)?.note).toBe('')
    expect(await stock()).toEqual([5, 3])
  })
})
