/**
 * The cart as every page shows it (the header's count). Kept apart from the cart's writes
 * (services/cart.ts) so the first page loads only this; the writes load with the first action.
 */
import type { Id } from '../../domain/id'
import type { CartLine } from '../../domain/cart'
import type { ShopDatabase } from '../../db/database'

/** The cart's lines joined with their products, oldest first. Safe inside liveQuery. */
export async function cartLines(db: ShopDatabase, userId: Id): Promise<CartLine[]> {
  const items = await db.cartItems.where('userId').equals(userId).toArray()
  items.sort((a, b) => a.addedAt - b.addedAt)
  const products = await db.products.bulkGet(items.map((i) => i.productId))
  return items.flatMap((item, i) => {
    const product = products[i]
    return product ? [{ product, quantity: item.quantity }] : []
  })
}
