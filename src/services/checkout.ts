/** Placing an order from the cart. */
import { nextOrderNumber, planOrder, type Order } from '../domain/order'
import { ValidationError } from '../domain/errors'
import type { ShopDatabase } from '../db/database'
import { systemClock, type Clock } from './clock'
import { changeStock } from './stock'

/**
 * In ONE readwrite transaction over products, stock ledger, cart and orders: re-reads the
 * cart and every product's stock, refuses the whole order if any line is short
 * (OutOfStockError names the product and how many are left) or no longer sold, else
 * decrements stock with a 'sale' ledger row per line, records the order with the price
 * paid and empties the cart. IndexedDB runs overlapping readwrite transactions one after
 * another, across tabs too, so two pages can never both sell the last unit.
 */
export function placeOrder(
  db: ShopDatabase,
  userId: number,
  { clock = systemClock, orderId = crypto.randomUUID() }: { clock?: Clock; orderId?: string } = {},
): Promise<Order> {
  return db.transaction('rw', db.products, db.stockLedger, db.cartItems, db.orders, async () => {
    const items = await db.cartItems.where('userId').equals(userId).toArray()
    if (items.length === 0) throw new ValidationError('cart', 'Your cart is empty.')
    items.sort((a, b) => a.addedAt - b.addedAt)
    const products = await db.products.bulkGet(items.map((i) => i.productId))
    const lines = items.map((item, i) => {
      const product = products[i]
      if (!product) throw new ValidationError('cart', 'A product in your cart is no longer sold. Remove it and try again.')
      if (product.archived) throw new ValidationError('cart', `${product.name} is no longer sold. Remove it from your cart and try again.`)
      return { product, quantity: item.quantity }
    })
    const plan = planOrder(lines)

    const now = clock.now()
    for (const { product, quantity } of lines) {
      await changeStock(db, product, { delta: -quantity, reason: 'sale', orderId, userId, at: now })
    }
    const last = await db.orders.orderBy('number').last()
    const order: Order = {
      id: orderId,
      number: nextOrderNumber(last?.number),
      userId,
      createdAt: now,
      status: 'placed',
      lines: plan.lines,
      total: plan.total,
    }
    await db.orders.add(order)
    await db.cartItems.where('userId').equals(userId).delete()
    return order
  })
}
