/** A person's orders. A person only ever sees their own. */
import { NotFoundError } from '../domain/errors'
import type { Order } from '../domain/order'
import type { ShopDatabase } from '../db/database'

/** The person's orders, newest first. Safe inside liveQuery. */
export function listOrders(db: ShopDatabase, userId: number): Promise<Order[]> {
  return db.orders
    .where('[userId+createdAt]')
    .between([userId, -Infinity], [userId, Infinity])
    .reverse()
    .toArray()
}

/** One of the person's orders; another person's order is "not found", exactly like a missing one. */
export async function getOrder(db: ShopDatabase, userId: number, orderId: string): Promise<Order> {
  const order = await db.orders.get(orderId)
  if (!order || order.userId !== userId) throw new NotFoundError('Order not found.')
  return order
}
