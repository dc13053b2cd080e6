/** Orders after checkout: reading them (a customer only their own) and moving them along. */
import type { Id } from '../domain/id'
import { AuthorizationError, NotFoundError, ValidationError } from '../domain/errors'
import { ORDER_STATUS_LABELS, applyTransition, canTransition, customerMoveRefusal, goodsHaveLeft, type Order, type OrderStatus } from '../domain/order'
import { formatOrderNumber, parseOrderNumber } from '../domain/orderNumber'
import type { ShopDatabase } from '../db/database'
import { systemClock, type Clock } from './clock'
import { requireOwner } from './authz'
import { changeStocks } from './stock'

const notFound = () => new NotFoundError('Order not found.')

/** The person's orders, newest first. Safe inside liveQuery. */
export function listOrders(db: ShopDatabase, userId: Id): Promise<Order[]> {
  return db.orders
    .where('[userId+createdAt]')
    .between([userId, -Infinity], [userId, Infinity])
    .reverse()
    .toArray()
}

/** One of the person's orders; another person's order is "not found", exactly like a missing one. */
export async function getOrder(db: ShopDatabase, userId: Id, orderId: string): Promise<Order> {
  const order = await db.orders.get(orderId)
  if (!order || order.userId !== userId) throw notFound()
  return order
}

/**
 * An order as `viewerId` may see it: the owner sees every order, a customer only their own;
 * anything else is undefined, exactly as if it did not exist. Safe inside liveQuery.
 */
export async function findOrderFor(db: ShopDatabase, viewerId: Id, orderId: string): Promise<Order | undefined> {
  const [order, viewer] = await Promise.all([db.orders.get(orderId), db.users.get(viewerId)])
  if (!order || !viewer) return undefined
  return order.userId === viewerId || viewer.role === 'owner' ? order : undefined
}

export interface OrderFilter {
  status?: OrderStatus | ''
  /**
   * An order number in full ("K7-1042", "#k7-1042"), its sequence alone ("1042", "#1042": an
   * old receipt's number, or a number half-remembered: every device's order with it), or the
   * start of a customer's name.
   */
  query?: string
  limit?: number
}

/** Every order in the shop, newest first, filtered: for the owner only. Safe inside liveQuery. */
export async function listAllOrders(db: ShopDatabase, actorId: Id | undefined, filter: OrderFilter = {}): Promise<Order[]> {
  await requireOwner(db, actorId)
  const limit = filter.limit ?? 200
  const query = (filter.query ?? '').trim().replace(/^#/, '').toLowerCase()
  const number = parseOrderNumber(query)
  if (number || /^\d+$/.test(query)) {
    const found = number
      ? await db.orders.where('number').equals(formatOrderNumber(number.deviceCode, number.sequence)).toArray()
      : await db.orders.where('sequence').equals(Number(query)).toArray()
    return found.filter((order) => !filter.status || order.status === filter.status).sort((a, b) => b.createdAt - a.createdAt)
  }
  const base = filter.status
    ? db.orders.where('[status+createdAt]').between([filter.status, -Infinity], [filter.status, Infinity]).reverse()
    : db.orders.orderBy('createdAt').reverse()
  const matches = query ? base.filter((o) => o.customerName.toLowerCase().startsWith(query)) : base
  return matches.limit(limit).toArray()
}

/** The history's words for the answer to "did the goods come back?". */
export const GOODS_RETURNED_NOTE = 'Goods returned to stock.'
export const GOODS_KEPT_NOTE = 'Goods not returned; nothing restocked.'

export interface ChangeOrderStatusOptions {
  note?: string
  clock?: Clock
  /**
   * For a refund of an order that has shipped or been delivered: whether the goods came
   * back. Required then (the refund is refused without an answer); only returned goods go
   * back into stock.
   */
  goodsReturned?: boolean | undefined
}

/**
 * Moves an order to `to`, appending to its history, in one transaction. The owner may make
 * any move the lifecycle allows; a customer may only cancel their own order before it
 * ships. Entering cancelled or refunded puts the stock back exactly once, however often it
 * is clicked and in however many pages: the second attempt finds the order already moved.
 * A refund after shipping puts it back only if the goods came back; the answer is written
 * in the history.
 */
export function changeOrderStatus(
  db: ShopDatabase,
  actorId: Id | undefined,
  orderId: string,
  to: OrderStatus,
  { note = '', clock = systemClock, goodsReturned }: ChangeOrderStatusOptions = {},
): Promise<Order> {
  return db.transaction('rw', [db.orders, db.products, db.stockLedger, db.users, db.payments], async () => {
    const [order, actor] = await Promise.all([db.orders.get(orderId), actorId === undefined ? undefined : db.users.get(actorId)])
    if (!actor) throw new AuthorizationError('Log in to change an order.')
    if (!order || (actor.role !== 'owner' && order.userId !== actor.id)) throw notFound()
    const refusal = actor.role === 'owner' ? undefined : customerMoveRefusal(order.status, to)
    if (refusal) throw new AuthorizationError(refusal)
    // Asked of the order as it is inside this transaction: another tab may have shipped it meanwhile.
    const asks = to === 'refunded' && goodsHaveLeft(order.status) && canTransition(order.status, to)
    if (asks && goodsReturned === undefined) {
      throw new ValidationError('goodsReturned', `Order #${order.number} has ${order.status === 'shipped' ? 'shipped' : 'been delivered'}: say whether the goods came back.`)
    }
    const answer = asks ? (goodsReturned ? GOODS_RETURNED_NOTE : GOODS_KEPT_NOTE) : ''
    const event = { at: clock.now(), by: actor.id, note: [note.trim(), answer].filter(Boolean).join(' — ') }
    const next = applyTransition(order, to, event, { goodsReturned: asks ? goodsReturned : undefined })
    if (next.restockedAt !== undefined && order.restockedAt === undefined) {
      // The stock goes back with a ledger row per line, once: the order now says it was restocked.
      const products = await db.products.bulkGet(order.lines.map((line) => line.productId))
      const change = { reason: 'cancellation' as const, orderId: order.id, userId: actor.id, at: next.restockedAt, note: ORDER_STATUS_LABELS[to] }
      await changeStocks(
        db,
        order.lines.flatMap((line, i) => {
          const product = products[i]
          return product ? [{ product, change: { ...change, delta: line.quantity } }] : []
        }),
      )
    }
    if ((to === 'refunded' || to === 'cancelled') && order.payment.kind === 'card') {
      await db.payments.update(order.id, { status: 'refunded' })
    }
    await db.orders.put(next)
    return next
  })
}
