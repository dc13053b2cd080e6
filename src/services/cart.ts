/**
 * The logged-in person's cart: add with a stock check, change a quantity, remove, read.
 * Quantities arrive as the person typed them and are parsed here, once.
 */
import type { Id } from '../domain/id'
import { GUEST_ID, assertCanAdd, assertQuantityAvailable, isAvailable, type CartItem } from '../domain/cart'
import { NotFoundError } from '../domain/errors'
import { parseQuantity } from '../domain/quantity'
import { isSellable, mergeGuestLine, type GuestCartMerge } from '../domain/sellability'
import type { ShopDatabase } from '../db/database'
import { systemClock, type Clock } from './clock'

export { cartLines } from './reads/cart'

function notFound(): NotFoundError {
  return new NotFoundError('That product is no longer in the shop.')
}

/**
 * Adds `quantityInput` units to the cart, refusing more than the stock minus what is already
 * in this person's cart. Stock and cart are read inside the one transaction that writes.
 * Resolves to the number of units added.
 */
export async function addToCart(
  db: ShopDatabase,
  userId: Id,
  productId: Id,
  quantityInput: string | number,
  { clock = systemClock }: { clock?: Clock } = {},
): Promise<number> {
  const quantity = parseQuantity(quantityInput)
  await db.transaction('rw', db.products, db.cartItems, async () => {
    const product = await db.products.get(productId)
    if (!isSellable(product)) throw notFound()
    const existing = await db.cartItems.get([userId, productId])
    assertCanAdd(product, existing?.quantity ?? 0, quantity)
    await db.cartItems.put({
      userId,
      productId,
      quantity: (existing?.quantity ?? 0) + quantity,
      addedAt: existing?.addedAt ?? clock.now(),
    })
  })
  return quantity
}

/**
 * Sets a cart line to `quantityInput` units; 0 removes the line (a stepper stepped down from 1,
 * or a 0 typed), and the line as it was is returned so it can be put back (Undo).
 */
export async function setCartQuantity(db: ShopDatabase, userId: Id, productId: Id, quantityInput: string | number): Promise<{ removed?: CartItem }> {
  const quantity = parseQuantity(quantityInput, 'quantity', { allowZero: true })
  return db.transaction('rw', db.products, db.cartItems, async () => {
    const [product, existing] = await Promise.all([db.products.get(productId), db.cartItems.get([userId, productId])])
    if (!existing) throw notFound()
    if (quantity === 0) {
      await db.cartItems.delete([userId, productId])
      return { removed: existing }
    }
    if (!isSellable(product)) throw notFound()
    assertQuantityAvailable(product, quantity)
    await db.cartItems.put({ ...existing, quantity })
    return {}
  })
}

/**
 * Puts back a line just removed (Undo), as it was: same quantity, same place in the cart. The
 * stock is checked again: another page may have sold it meanwhile.
 */
export async function putBackCartLine(db: ShopDatabase, userId: Id, line: CartItem): Promise<void> {
  if (line.userId !== userId) throw notFound()
  await db.transaction('rw', db.products, db.cartItems, async () => {
    const [product, existing] = await Promise.all([db.products.get(line.productId), db.cartItems.get([userId, line.productId])])
    if (!isSellable(product)) throw notFound()
    const quantity = line.quantity + (existing?.quantity ?? 0)
    assertQuantityAvailable(product, quantity)
    await db.cartItems.put({ ...line, quantity })
  })
}

/** Takes a line out of the cart; resolves to the line as it was (for Undo), if there was one. */
export async function removeFromCart(db: ShopDatabase, userId: Id, productId: Id): Promise<CartItem | undefined> {
  return db.transaction('rw', db.cartItems, async () => {
    const existing = await db.cartItems.get([userId, productId])
    await db.cartItems.delete([userId, productId])
    return existing
  })
}

/** The "check availability" answer for a product page: how many were asked for, and whether they can be had. */
export async function checkAvailability(
  db: ShopDatabase,
  productId: Id,
  quantityInput: string | number,
): Promise<{ quantity: number; available: boolean }> {
  const quantity = parseQuantity(quantityInput)
  const product = await db.products.get(productId)
  if (!isSellable(product)) throw notFound()
  return { quantity, available: isAvailable(product.stock, quantity) }
}

/**
 * Moves a guest's cart into an account's cart when they log in, in one transaction: the
 * quantities add up, capped at the stock; lines of products no longer sold are left out.
 * Says which products were capped and which left out.
 */
export function mergeGuestCart(db: ShopDatabase, userId: Id, { clock = systemClock }: { clock?: Clock } = {}): Promise<GuestCartMerge> {
  return db.transaction('rw', db.products, db.cartItems, () => mergeGuestCartIn(db, userId, clock))
}

/**
 * mergeGuestCart's work, for a use case that runs it inside its own readwrite transaction
 * over (at least) db.products and db.cartItems: the login, so session and cart appear together.
 */
export async function mergeGuestCartIn(db: ShopDatabase, userId: Id, clock: Clock): Promise<GuestCartMerge> {
  const guestItems = await db.cartItems.where('userId').equals(GUEST_ID).toArray()
  const result: GuestCartMerge = { capped: [], notSold: [] }
  for (const item of guestItems) {
    const [product, existing] = await Promise.all([db.products.get(item.productId), db.cartItems.get([userId, item.productId])])
    await db.cartItems.delete([GUEST_ID, item.productId])
    const merged = mergeGuestLine(product, existing?.quantity ?? 0, item.quantity)
    if (merged.kind === 'not-sold') result.notSold.push(merged.name)
    if (merged.kind !== 'merged') continue
    if (merged.capped) result.capped.push(merged.name)
    if (merged.quantity > 0) {
      await db.cartItems.put({ userId, productId: item.productId, quantity: merged.quantity, addedAt: existing?.addedAt ?? item.addedAt ?? clock.now() })
    } else if (existing) {
      await db.cartItems.delete([userId, item.productId])
    }
  }
  return result
}
