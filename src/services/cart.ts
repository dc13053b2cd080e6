/** The logged-in person's cart: add with a stock check, change a quantity, remove, read. */
import { GUEST_ID, assertCanAdd, assertQuantityAvailable, isAvailable, mergedQuantity } from '../domain/cart'
import { NotFoundError } from '../domain/errors'
import { parseQuantity } from '../domain/quantity'
import type { ShopDatabase } from '../db/database'
import { systemClock, type Clock } from './clock'

export { cartLines } from './reads/cart'

function notFound(): NotFoundError {
  return new NotFoundError('That product is no longer in the shop.')
}

/**
 * Adds `quantity` units to the cart, refusing more than the stock minus what is already in
 * this person's cart. Stock and cart are read inside the one transaction that writes.
 */
export function addToCart(
  db: ShopDatabase,
  userId: number,
  productId: number,
  quantity: number,
  { clock = systemClock }: { clock?: Clock } = {},
): Promise<void> {
  parseQuantity(quantity)
  return db.transaction('rw', db.products, db.cartItems, async () => {
    const product = await db.products.get(productId)
    if (!product || product.archived) throw notFound()
    const existing = await db.cartItems.get([userId, productId])
    assertCanAdd(product, existing?.quantity ?? 0, quantity)
    await db.cartItems.put({
      userId,
      productId,
      quantity: (existing?.quantity ?? 0) + quantity,
      addedAt: existing?.addedAt ?? clock.now(),
    })
  })
}

/** Sets a cart line to `quantity` units (at least 1; removing is `removeFromCart`). */
export function setCartQuantity(db: ShopDatabase, userId: number, productId: number, quantity: number): Promise<void> {
  parseQuantity(quantity)
  return db.transaction('rw', db.products, db.cartItems, async () => {
    const [product, existing] = await Promise.all([db.products.get(productId), db.cartItems.get([userId, productId])])
    if (!product || product.archived || !existing) throw notFound()
    assertQuantityAvailable(product, quantity)
    await db.cartItems.put({ ...existing, quantity })
  })
}

export async function removeFromCart(db: ShopDatabase, userId: number, productId: number): Promise<void> {
  await db.cartItems.delete([userId, productId])
}

/** The "check availability" answer for a product page. */
export async function checkAvailability(db: ShopDatabase, productId: number, quantity: number): Promise<boolean> {
  const product = await db.products.get(productId)
  if (!product || product.archived) throw notFound()
  return isAvailable(product.stock, quantity)
}

/**
 * Moves a guest's cart into an account's cart when they log in, in one transaction: the
 * quantities add up, capped at the stock. Returns the names of products that were capped.
 */
export function mergeGuestCart(db: ShopDatabase, userId: number, { clock = systemClock }: { clock?: Clock } = {}): Promise<string[]> {
  return db.transaction('rw', db.products, db.cartItems, async () => {
    const guestItems = await db.cartItems.where('userId').equals(GUEST_ID).toArray()
    const capped: string[] = []
    for (const item of guestItems) {
      const [product, existing] = await Promise.all([db.products.get(item.productId), db.cartItems.get([userId, item.productId])])
      await db.cartItems.delete([GUEST_ID, item.productId])
      if (!product) continue
      const merged = mergedQuantity(existing?.quantity ?? 0, item.quantity, product.stock)
      if (merged.capped) capped.push(product.name)
      if (merged.quantity > 0) {
        await db.cartItems.put({ userId, productId: item.productId, quantity: merged.quantity, addedAt: existing?.addedAt ?? item.addedAt ?? clock.now() })
      } else if (existing) {
        await db.cartItems.delete([userId, item.productId])
      }
    }
    return capped
  })
}
