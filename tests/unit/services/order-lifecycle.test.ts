/**
 * Moving orders along their lifecycle (owner and customer), restocking exactly once, and
 * the owner's list of every order.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { AuthorizationError, NotFoundError } from '../../../src/domain/errors'
import { IllegalTransitionError, type Order, type OrderStatus } from '../../../src/domain/order'
import { addToCart } from '../../../src/services/cart'
import { checkout } from '../../../src/services/checkout'
import { changeOrderStatus, findOrderFor, listAllOrders } from '../../../src/services/orders'
import { aNewProduct, aNewUser, anOrder, createTestDb, manualClock, rejection } from '../support'
import type { Id } from '../../../src/domain/id'

const CARD = { number: '4242 4242 4242 4242', expiry: '12/40', cvc: '123', name: 'Alice' }

let db: ShopDatabase
let clock: ReturnType<typeof manualClock>
let owner: Id
let alice: Id
let bob: Id
let mug: Id // stock 5
let tea: Id // stock 3

beforeEach(async () => {
  db = createTestDb()
  clock = manualClock(Date.UTC(2026, 4, 15))
  owner = await db.users.add(aNewUser('owner', 'owner'))
  alice = await db.users.add(aNewUser('alice'))
  bob = await db.users.add(aNewUser('bob'))
  mug = await db.products.add(aNewProduct({ sku: 'KIT-1', name: 'Stoneware Mug', price: 1499, stock: 5 }))
  tea = await db.products.add(aNewProduct({ sku: 'TEA-1', name: 'Sencha Green Tea', price: 1099, stock: 3 }))
})
afterEach(async () => {
  await db.delete()
})

/** Alice orders mug ×2 and tea ×1 (stock becomes 3 and 2). */
async function alicesOrder(payment: 'card' | 'on-delivery' = 'on-delivery'): Promise<Order> {
  await addToCart(db, alice, mug, 2, { clock })
  await addToCart(db, alice, tea, 1, { clock })
  const choice = payment === 'card' ? { kind: 'card' as const, card: CARD } : { kind: 'on-delivery' as const }
  return checkout(db, alice, 'order-a', choice, { delayMs: 0, clock })
}

async function stock(): Promise<[number | undefined, number | undefined]> {
  return [(await db.products.get(mug))?.stock, (await db.products.get(tea))?.stock]
}

async function snapshot() {
  return {
    products: await db.products.orderBy('id').toArray(),
    orders: await db.orders.toArray(),
    payments: await db.payments.toArray(),
  }
}

/** The owner moves the order along the happy path up to `status`. */
async function ownerMovesTo(orderId: string, status: OrderStatus) {
  const path: OrderStatus[] = ['paid', 'processing', 'shipped', 'delivered']
  const current = (await db.orders.get(orderId))?.status
  for (const step of path.slice(current === 'paid' ? 1 : 0, path.indexOf(status) + 1)) {
    await changeOrderStatus(db, owner, orderId, step, { clock })
  }
}

describe('the owner moves an order along', () => {
  it('placed → paid → processing → shipped → delivered, with a history entry for each (who, when, note)', async () => {
    const order = await alicesOrder()
    const placedAt = clock.now()
    const steps: [OrderStatus, string][] = [
      ['paid', 'Paid in cash at the door'],
      ['processing', ''],
      ['shipped', '  Tracking 1Z999  '],
      ['delivered', 'Left with neighbour'],
    ]

    for (const [i, [to, note]] of steps.entries()) {
      clock.set(placedAt + (i + 1) * 60_000)
      const moved = await changeOrderStatus(db, owner, order.id, to, { note, clock })
      expect(moved.status).toBe(to)
      expect(await db.orders.get(order.id)).toEqual(moved)
    }

    const stored = await db.orders.get(order.id)
    expect(stored?.history).toEqual([
      { status: 'placed', at: placedAt, by: alice, note: 'Pay on delivery' },
      { status: 'paid', at: placedAt + 60_000, by: owner, note: 'Paid in cash at the door' },
      { status: 'processing', at: placedAt + 120_000, by: owner, note: '' },
      { status: 'shipped', at: placedAt + 180_000, by: owner, note: 'Tracking 1Z999' },
      { status: 'delivered', at: placedAt + 240_000, by: owner, note: 'Left with neighbour' },
    ])
    expect(stored?.restockedAt).toBeUndefined()
    expect(await stock()).toEqual([3, 2])
  })

  it.each<[OrderStatus, OrderStatus]>([
    ['placed', 'processing'],
    ['placed', 'shipped'],
    ['placed', 'delivered'],
    ['placed', 'refunded'],
    ['placed', 'placed'],
    ['paid', 'placed'],
    ['paid', 'shipped'],
    ['processing', 'paid'],
    ['processing', 'delivered'],
    ['shipped', 'cancelled'],
    ['shipped', 'processing'],
    ['delivered', 'cancelled'],
    ['delivered', 'shipped'],
    ['delivered', 'delivered'],
  ])('refuses %s → %s with IllegalTransitionError, and nothing changes', async (from, to) => {
    const order = await alicesOrder()
    if (from !== 'placed') await ownerMovesTo(order.id, from)
    const before = await snapshot()

    const err = await rejection(changeOrderStatus(db, owner, order.id, to, { clock }))

    expect(err).toBeInstanceOf(IllegalTransitionError)
    expect(err).toMatchObject({ from, to })
    expect(await snapshot()).toEqual(before)
  })

  it.each<[OrderStatus, OrderStatus]>([
    ['cancelled', 'paid'],
    ['cancelled', 'refunded'],
    ['refunded', 'cancelled'],
    ['refunded', 'delivered'],
  ])('refuses to move a %s order to %s, and nothing changes', async (final, to) => {
    const order = await alicesOrder()
    if (final === 'refunded') await ownerMovesTo(order.id, 'paid')
    await changeOrderStatus(db, owner, order.id, final, { clock })
    const before = await snapshot()

    const err = await rejection(changeOrderStatus(db, owner, order.id, to, { clock }))

    expect(err).toBeInstanceOf(IllegalTransitionError)
    expect(await snapshot()).toEqual(before)
  })

  it('says an order that does not exist is not found', async () => {
    const err = await rejection(changeOrderStatus(db, owner, 'no-such-order', 'paid', { clock }))
    expect(err).toBeInstanceOf(NotFoundError)
    expect((err as Error).message).toBe('Order not found.')
  })
})

describe('cancelling and refunding put the stock back exactly once', () => {
  it.each<OrderStatus>(['placed', 'paid', 'processing'])('the owner cancels a %s order: stock back, restockedAt set', async (from) => {
    const order = await alicesOrder()
    await ownerMovesTo(order.id, from)
    expect(await stock()).toEqual([3, 2])
    clock.set(clock.now() + 5_000)

    const cancelled = await changeOrderStatus(db, owner, order.id, 'cancelled', { note: 'Out of paint', clock })

    expect(cancelled).toMatchObject({ status: 'cancelled', restockedAt: clock.now() })
    expect(cancelled.history.at(-1)).toEqual({ status: 'cancelled', at: clock.now(), by: owner, note: 'Out of paint' })
    expect(await stock()).toEqual([5, 3])
  })

  it('cancelling twice, one after the other, restocks once: the second is refused', async () => {
    const order = await alicesOrder()
    await changeOrderStatus(db, owner, order.id, 'cancelled', { clock })
    const before = await snapshot()

    const err = await rejection(changeOrderStatus(db, owner, order.id, 'cancelled', { clock }))

    expect(err).toBeInstanceOf(IllegalTransitionError)
    expect((err as Error).message).toBe('This order is already cancelled.')
    expect(await snapshot()).toEqual(before)
    expect(await stock()).toEqual([5, 3])
  })

  it.each([
    ['the owner twice', () => [owner, owner]],
    ['the owner and the customer', () => [owner, alice]],
    ['the customer in two pages', () => [alice, alice]],
  ])('cancelling at the same time by %s restocks once: one wins, the other is told', async (_who, actors) => {
    const order = await alicesOrder()

    const results = await Promise.allSettled(actors().map((actor) => changeOrderStatus(db, actor, order.id, 'cancelled', { clock })))

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const [err] = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
    expect(err).toBeInstanceOf(IllegalTransitionError)
    expect((err as Error).message).toBe('This order is already cancelled.')
    expect(await stock()).toEqual([5, 3])
    const stored = await db.orders.get(order.id)
    expect(stored?.history.filter((e) => e.status === 'cancelled')).toHaveLength(1)
  })

  it('refunding after delivery restocks once, and refunds the card payment', async () => {
    const order = await alicesOrder('card')
    expect(order.status).toBe('paid')
    await ownerMovesTo(order.id, 'delivered')

    const refunded = await changeOrderStatus(db, owner, order.id, 'refunded', { note: 'Damaged', clock, goodsReturned: true })

    expect(refunded).toMatchObject({ status: 'refunded', restockedAt: clock.now() })
    expect(await stock()).toEqual([5, 3])
    expect((await db.payments.get(order.id))?.status).toBe('refunded')

    const err = await rejection(changeOrderStatus(db, owner, order.id, 'refunded', { clock }))
    expect(err).toBeInstanceOf(IllegalTransitionError)
    expect(await stock()).toEqual([5, 3])
  })

  it('refunding twice at the same time restocks once', async () => {
    const order = await alicesOrder('card')
    await ownerMovesTo(order.id, 'shipped')

    const results = await Promise.allSettled([
      changeOrderStatus(db, owner, order.id, 'refunded', { clock, goodsReturned: true }),
      changeOrderStatus(db, owner, order.id, 'refunded', { clock, goodsReturned: true }),
    ])

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(await stock()).toEqual([5, 3])
  })

  it('cancelling a card order marks its payment refunded', async () => {
    const order = await alicesOrder('card')
    await changeOrderStatus(db, alice, order.id, 'cancelled', { clock })
    expect((await db.payments.get(order.id))?.status).toBe('refunded')
    expect(await stock()).toEqual([5, 3])
  })

  it('never restocks an order whose stock has already gone back (restockedAt set)', async () => {
    await db.orders.add(
      anOrder({
        id: 'restored',
        userId: alice,
        status: 'paid',
        restockedAt: 500,
        lines: [{ productId: mug, sku: 'KIT-1', name: 'Stoneware Mug', unitPrice: 1499, quantity: 2, lineTotal: 2998 }],
      }),
    )

    const cancelled = await changeOrderStatus(db, owner, 'restored', 'cancelled', { clock })

    expect(cancelled).toMatchObject({ status: 'cancelled', restockedAt: 500 })
    expect(await stock()).toEqual([5, 3])
  })

  it('restocks what is still sold when a product has been taken out of the shop meanwhile', async () => {
    const order = await alicesOrder()
    await db.products.delete(tea)
    await changeOrderStatus(db, owner, order.id, 'cancelled', { clock })
    expect((await db.products.get(mug))?.stock).toBe(5)
    expect(await db.products.get(tea)).toBeUndefined()
  })

  it('adds back to the stock as it is now, not as it was when ordered', async () => {
    const order = await alicesOrder()
    await db.products.update(mug, { stock: 10 }) // the owner got a delivery meanwhile
    await changeOrderStatus(db, owner, order.id, 'cancelled', { clock })
    expect(await stock()).toEqual([12, 3])
  })
})

describe('a customer and their orders', () => {
  it.each<OrderStatus>(['placed', 'paid', 'processing'])('may cancel their own %s order, and the stock comes back', async (from) => {
    const order = await alicesOrder()
    await ownerMovesTo(order.id, from)

    const cancelled = await changeOrderStatus(db, alice, order.id, 'cancelled', { note: 'Changed my mind', clock })

    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.history.at(-1)).toEqual({ status: 'cancelled', at: clock.now(), by: alice, note: 'Changed my mind' })
    expect(await stock()).toEqual([5, 3])
  })

  it.each<OrderStatus>(['shipped', 'delivered'])('may not cancel once it is %s, and nothing changes', async (from) => {
    const order = await alicesOrder()
    await ownerMovesTo(order.id, from)
    const before = await snapshot()

    const err = await rejection(changeOrderStatus(db, alice, order.id, 'cancelled', { clock }))

    expect(err).toBeInstanceOf(AuthorizationError)
    expect((err as Error).message).toBe('This order has shipped and can no longer be cancelled.')
    expect(await snapshot()).toEqual(before)
  })

  it('is told an order they already cancelled is already cancelled, not that it has shipped', async () => {
    const order = await alicesOrder()
    await changeOrderStatus(db, alice, order.id, 'cancelled', { clock })
    const before = await snapshot()

    const err = await rejection(changeOrderStatus(db, alice, order.id, 'cancelled', { clock }))

    expect((err as Error).message).toBe('This order is already cancelled.')
    expect(await snapshot()).toEqual(before)
  })

  it('is told a refunded order cannot be cancelled', async () => {
    const order = await alicesOrder('card')
    await changeOrderStatus(db, owner, order.id, 'refunded', { clock })
    const before = await snapshot()

    const err = await rejection(changeOrderStatus(db, alice, order.id, 'cancelled', { clock }))

    expect(err).toBeInstanceOf(IllegalTransitionError)
    expect((err as Error).message).toBe('An order that is refunded cannot become cancelled.')
    expect(await snapshot()).toEqual(before)
  })

  it.each<OrderStatus>(['paid', 'processing', 'shipped', 'delivered', 'refunded', 'placed'])(
    'may not move their own order to %s (AuthorizationError), and nothing changes',
    async (to) => {
      const order = await alicesOrder()
      if (to === 'processing' || to === 'shipped' || to === 'delivered' || to === 'refunded') await ownerMovesTo(order.id, 'paid')
      const before = await snapshot()

      const err = await rejection(changeOrderStatus(db, alice, order.id, to, { clock }))

      expect(err).toBeInstanceOf(AuthorizationError)
      expect((err as Error).message).toBe('Only the shop owner can do that.')
      expect(await snapshot()).toEqual(before)
    },
  )

  it.each<OrderStatus>(['cancelled', 'paid'])("cannot touch another person's order (%s): it is not found, exactly like a missing one", async (to) => {
    const order = await alicesOrder()
    const before = await snapshot()

    const someoneElses = await rejection(changeOrderStatus(db, bob, order.id, to, { clock }))
    const missing = await rejection(changeOrderStatus(db, bob, 'no-such-order', to, { clock }))

    expect(someoneElses).toBeInstanceOf(NotFoundError)
    expect(missing).toBeInstanceOf(NotFoundError)
    expect((someoneElses as Error).message).toBe('Order not found.')
    expect((missing as Error).message).toBe((someoneElses as Error).message)
    expect(await snapshot()).toEqual(before)
  })

  it.each([
    ['nobody logged in', undefined],
    ['an account that does not exist', 'no-such-account'],
  ])('%s cannot change an order', async (_who, actor) => {
    const order = await alicesOrder()
    const before = await snapshot()
    const err = await rejection(changeOrderStatus(db, actor, order.id, 'cancelled', { clock }))
    expect(err).toBeInstanceOf(AuthorizationError)
    expect((err as Error).message).toBe('Log in to change an order.')
    expect(await snapshot()).toEqual(before)
  })
})

describe('listAllOrders', () => {
  beforeEach(async () => {
    const alicia = await db.users.add(aNewUser('Alicia'))
    await db.orders.bulkAdd([
      anOrder({ id: 'o-1001', number: 'K7-1001', userId: alice, customerName: 'alice', createdAt: 1000, status: 'delivered' }),
      anOrder({ id: 'o-1002', number: 'K7-1002', userId: bob, customerName: 'bob', createdAt: 2000, status: 'placed' }),
      anOrder({ id: 'o-1003', number: 'K7-1003', userId: alicia, customerName: 'Alicia', createdAt: 3000, status: 'paid' }),
      anOrder({ id: 'o-1004', number: 'K7-1004', userId: alice, customerName: 'alice', createdAt: 4000, status: 'placed' }),
      anOrder({ id: 'o-1005', number: 'K7-1005', userId: bob, customerName: 'bob', createdAt: 5000, status: 'cancelled' }),
    ])
  })

  const ids = (orders: Order[]) => orders.map((o) => o.id)

  it('lists every order in the shop, newest first, for the owner', async () => {
    expect(ids(await listAllOrders(db, owner))).toEqual(['o-1005', 'o-1004', 'o-1003', 'o-1002', 'o-1001'])
  })

  it.each([
    ['a customer', () => alice],
    ['nobody logged in', () => undefined],
  ])('refuses %s with AuthorizationError, giving no data', async (_who, actor) => {
    const err = await rejection(listAllOrders(db, actor()))
    expect(err).toBeInstanceOf(AuthorizationError)
    expect((err as Error).message).toBe('Only the shop owner can do that.')
  })

  it.each<[OrderStatus, string[]]>([
    ['placed', ['o-1004', 'o-1002']],
    ['paid', ['o-1003']],
    ['delivered', ['o-1001']],
    ['cancelled', ['o-1005']],
    ['shipped', []],
  ])('filters by status %s', async (status, expected) => {
    expect(ids(await listAllOrders(db, owner, { status }))).toEqual(expected)
  })

  it('shows every status for an empty filter', async () => {
    expect(await listAllOrders(db, owner, { status: '', query: '' })).toHaveLength(5)
  })

  it.each([
    ['1002', ['o-1002']],
    ['#1002', ['o-1002']],
    [' #1004 ', ['o-1004']],
    ['9999', []],
    ['100', []],
    ['K7-1002', ['o-1002']],
    ['#k7-1004', ['o-1004']],
    ['K8-1002', []],
    ['K7-100', []],
  ])('finds the order number "%s"', async (query, expected) => {
    expect(ids(await listAllOrders(db, owner, { query }))).toEqual(expected)
  })

  it("finds by its sequence every device's order with it, newest first, and by the full number only the one", async () => {
    await db.orders.add(anOrder({ id: 'x-1002', number: 'X2-1002', userId: bob, customerName: 'bob', createdAt: 6000, status: 'paid' }))
    expect(ids(await listAllOrders(db, owner, { query: '1002' }))).toEqual(['x-1002', 'o-1002'])
    expect(ids(await listAllOrders(db, owner, { query: 'X2-1002' }))).toEqual(['x-1002'])
    expect(ids(await listAllOrders(db, owner, { query: 'K7-1002' }))).toEqual(['o-1002'])
    expect(ids(await listAllOrders(db, owner, { query: '1002', status: 'paid' }))).toEqual(['x-1002'])
  })

  it('finds an order by number only within the chosen status', async () => {
    expect(ids(await listAllOrders(db, owner, { query: '1002', status: 'placed' }))).toEqual(['o-1002'])
    expect(ids(await listAllOrders(db, owner, { query: '1002', status: 'paid' }))).toEqual([])
  })

  it.each([
    ['bob', ['o-1005', 'o-1002']],
    ['BO', ['o-1005', 'o-1002']],
    ['ali', ['o-1004', 'o-1003', 'o-1001']],
    ['alice', ['o-1004', 'o-1001']],
    ['Alicia', ['o-1003']],
    ['ob', []],
    ['carol', []],
  ])('finds customers whose name starts with "%s", newest first', async (query, expected) => {
    expect(ids(await listAllOrders(db, owner, { query }))).toEqual(expected)
  })

  it('combines a customer search with a status', async () => {
    expect(ids(await listAllOrders(db, owner, { query: 'alice', status: 'placed' }))).toEqual(['o-1004'])
  })

  it('returns at most the limit, newest first', async () => {
    expect(ids(await listAllOrders(db, owner, { limit: 2 }))).toEqual(['o-1005', 'o-1004'])
  })

  it('finds a real order by its customer name and number after checkout', async () => {
    await db.orders.clear()
    const order = await alicesOrder()
    expect(ids(await listAllOrders(db, owner, { query: 'alice' }))).toEqual([order.id])
    expect(ids(await listAllOrders(db, owner, { query: `#${order.number}` }))).toEqual([order.id])
  })
})

describe('findOrderFor', () => {
  let alicesId: string

  beforeEach(async () => {
    alicesId = (await alicesOrder()).id
  })

  it('shows the owner any order', async () => {
    expect((await findOrderFor(db, owner, alicesId))?.id).toBe(alicesId)
  })

  it('shows a customer their own order', async () => {
    expect(await findOrderFor(db, alice, alicesId)).toEqual(await db.orders.get(alicesId))
  })

  it("answers another person's order exactly like a missing one: undefined", async () => {
    expect(await findOrderFor(db, bob, alicesId)).toBeUndefined()
    expect(await findOrderFor(db, bob, 'no-such-order')).toBeUndefined()
    expect(await findOrderFor(db, owner, 'no-such-order')).toBeUndefined()
  })

  it('shows nothing to an account that does not exist', async () => {
    expect(await findOrderFor(db, 'no-such-account', alicesId)).toBeUndefined()
  })

  it('changes nothing by reading', async () => {
    const before = await snapshot()
    await findOrderFor(db, owner, alicesId)
    await findOrderFor(db, bob, alicesId)
    expect(await snapshot()).toEqual(before)
  })
})
