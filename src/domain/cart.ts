import { OutOfStockError } from './errors'
import type { Id } from './id'
import { lineTotal, sumMinor, type Minor } from './money'
import type { Product } from './product'

/** One line of a person's cart, as stored. */
export interface CartItem {
  /** The account, or GUEST_ID for this device's guest. */
  userId: Id
  productId: Id
  quantity: number
  addedAt: number
}

/** How many more units of a product this person may still put in their cart. */
export function availableToAdd(stock: number, alreadyInCart: number): number {
  return Math.max(0, stock - alreadyInCart)
}

/**
 * Throws OutOfStockError unless `requested` more units fit: an out-of-stock product never
 * fits, and the limit is the stock minus what is already in this person's cart.
 */
export function assertCanAdd(product: Pick<Product, 'name' | 'stock'>, alreadyInCart: number, requested: number): void {
  const room = availableToAdd(product.stock, alreadyInCart)
  if (requested <= room) return
  if (alreadyInCart > 0 && product.stock > 0) {
    throw new OutOfStockError(
      product.name,
      room,
      requested,
      room === 0
        ? `You already have ${alreadyInCart} ${product.name} in your cart and ${product.stock} ${product.stock === 1 ? 'is' : 'are'} in stock: you cannot add more.`
        : `You can add at most ${room} more ${product.name}: ${product.stock} in stock and ${alreadyInCart} already in your cart.`,
    )
  }
  throw new OutOfStockError(product.name, room, requested)
}

/** Throws OutOfStockError unless a cart line of `quantity` units can be bought as a whole. */
export function assertQuantityAvailable(product: Pick<Product, 'name' | 'stock'>, quantity: number): void {
  if (quantity > product.stock) throw new OutOfStockError(product.name, Math.max(0, product.stock), quantity)
}

/** Whether `quantity` units can be had right now (the "check availability" answer). */
export function isAvailable(stock: number, quantity: number): boolean {
  return quantity <= stock
}

/** A cart line joined with its product, as the cart page shows it. */
export interface CartLine {
  product: Product
  quantity: number
}

export function cartLineTotal(line: CartLine): Minor {
  return lineTotal(line.product.price, line.quantity)
}

export function cartTotal(lines: readonly CartLine[]): Minor {
  return sumMinor(lines.map(cartLineTotal))
}

export function cartCount(items: readonly Pick<CartItem, 'quantity'>[]): number {
  return items.reduce((n, item) => n + item.quantity, 0)
}

/**
 * The id the guest cart of this device is kept under: no account has it (an account's id is
 * 13 characters, see domain/id.ts). A guest's cart is this device's, like its sessions.
 */
export const GUEST_ID = 'guest'

/**
 * Merging a guest's line into an account's cart: the sum, capped at the stock.
 * `capped` says the person got fewer than they had picked.
 */
export function mergedQuantity(inAccount: number, fromGuest: number, stock: number): { quantity: number; capped: boolean } {
  const wanted = inAccount + fromGuest
  const quantity = Math.max(0, Math.min(wanted, stock))
  return { quantity, capped: quantity < wanted }
}
