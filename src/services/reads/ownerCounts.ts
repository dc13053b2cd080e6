/**
 * The owner's counts: what the "Manage" menu shows next to "Orders to fulfil" and "Low stock",
 * and the dashboard's tiles. Each is one indexed count, safe inside liveQuery; none checks
 * the actor (counts reveal nothing a page would not, and the menu only asks for an owner).
 */
import type { OrderStatus } from '../../domain/order'
import type { ShopDatabase } from '../../db/database'

/** The statuses of an order the shop still has to hand over: paid or not, not yet shipped. */
export const TO_FULFIL: readonly OrderStatus[] = ['placed', 'paid', 'processing']

/** Orders waiting to be fulfilled (placed, paid or processing). */
export async function ordersToFulfilCount(db: ShopDatabase): Promise<number> {
  const counts = await Promise.all(
    TO_FULFIL.map((status) => db.orders.where('[status+createdAt]').between([status, -Infinity], [status, Infinity]).count()),
  )
  return counts.reduce((a, b) => a + b, 0)
}

/** Products on sale at or below their low-stock threshold (the inventory's low-stock list). */
export function lowStockCount(db: ShopDatabase): Promise<number> {
  // [[]] sorts after every id (an array key after every string).
  return db.products.where('[listed+stockGap+id]').between([1, -Infinity], [1, 0, [[]]], true, true).count()
}
