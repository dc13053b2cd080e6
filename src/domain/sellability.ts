/**
 * What the shop may sell, and whether a cart may go on to checkout: the one home for the
 * rules about archived products, stock caps and short lines. The cart's services, the
 * checkout, the guest-cart merge at login and the cart page all ask here.
 */
import { isAvailable, mergedQuantity } from './cart'
import { OutOfStockError, ValidationError, type DomainError } from './errors'
import type { Product } from './product'

/** The fields of a product these rules look at. */
export type SellableFields = Pick<Product, 'name' | 'stock' | 'archived'>

/** Whether a product may be put in a cart or bought: it is still in the shop and not archived. */
export function isSellable<P extends Pick<Product, 'archived'>>(product: P | undefined): product is P {
  return product !== undefined && !product.archived
}

/**
 * What stands between a cart line and buying it: its product is gone from the shop, no
 * longer sold (archived), or has fewer units left than the line asks for.
 */
export type LineProblem =
  | { kind: 'gone' }
  | { kind: 'not-sold'; name: string }
  | { kind: 'short'; name: string; stock: number; quantity: number }

/**
 * The problem with a cart line of `quantity` units of `product` (undefined when the product
 * is no longer in the shop), or undefined when it can be bought as it is. An archived
 * product is "not sold" whatever its stock: there is no point lowering its quantity.
 */
export function lineProblem(product: SellableFields | undefined, quantity: number): LineProblem | undefined {
  if (!product) return { kind: 'gone' }
  if (product.archived) return { kind: 'not-sold', name: product.name }
  if (!isAvailable(product.stock, quantity)) return { kind: 'short', name: product.name, stock: Math.max(0, product.stock), quantity }
  return undefined
}

/** A cart line as these rules see it; `product` is undefined when it is no longer in the shop. */
export interface LineToCheck<P extends SellableFields = SellableFields> {
  product: P | undefined
  quantity: number
}

/** Whether a cart may go on to checkout, and if not, what the person must change first. */
export interface CheckoutEligibility {
  ok: boolean
  empty: boolean
  /** Lines whose product is no longer in the shop at all. */
  gone: number
  /** Names of archived products in the cart, in cart order. */
  notSold: string[]
  /** Names of products with fewer units left than their line asks for, in cart order. */
  short: string[]
  /** One sentence per kind of problem, for the cart page; empty when `ok`. */
  reasons: string[]
}

const names = (list: readonly string[]) => list.join(', ')

/** The cart page's words for each kind of problem. */
export function eligibilityReasons({ empty, gone, notSold, short }: Omit<CheckoutEligibility, 'ok' | 'reasons'>): string[] {
  if (empty) return ['Your cart is empty.']
  const reasons: string[] = []
  if (gone > 0) reasons.push('A product in your cart is no longer in the shop. Remove it to check out.')
  if (notSold.length > 0) {
    const one = notSold.length === 1
    reasons.push(`${names(notSold)} ${one ? 'is' : 'are'} no longer sold. Remove ${one ? 'it' : 'them'} from your cart to check out.`)
  }
  if (short.length > 0) reasons.push(`Stock changed since you added ${names(short)}. Lower the quantity to what is left to check out.`)
  return reasons
}

/** Checks every line of a cart: whether it may go on to checkout, and why not. */
export function checkoutEligibility(lines: readonly LineToCheck[]): CheckoutEligibility {
  const problems = lines.map((line) => lineProblem(line.product, line.quantity))
  const found = {
    empty: lines.length === 0,
    gone: problems.filter((p) => p?.kind === 'gone').length,
    notSold: problems.flatMap((p) => (p?.kind === 'not-sold' ? [p.name] : [])),
    short: problems.flatMap((p) => (p?.kind === 'short' ? [p.name] : [])),
  }
  const reasons = eligibilityReasons(found)
  return { ok: reasons.length === 0, ...found, reasons }
}

/**
 * The error a checkout is refused with, or undefined when the cart may be ordered: an empty
 * cart, then the first line whose product is gone or no longer sold (a ValidationError for
 * the cart), then the first short line (an OutOfStockError naming how many are left).
 */
export function checkoutRefusal(lines: readonly LineToCheck[]): DomainError | undefined {
  if (lines.length === 0) return new ValidationError('cart', 'Your cart is empty.')
  const problems = lines.map((line) => lineProblem(line.product, line.quantity))
  const unsold = problems.find((p) => p?.kind === 'gone' || p?.kind === 'not-sold')
  if (unsold?.kind === 'gone') return new ValidationError('cart', 'A product in your cart is no longer sold. Remove it and try again.')
  if (unsold?.kind === 'not-sold') return new ValidationError('cart', `${unsold.name} is no longer sold. Remove it from your cart and try again.`)
  const short = problems.find((p) => p?.kind === 'short')
  if (short?.kind === 'short') return new OutOfStockError(short.name, short.stock, short.quantity)
  return undefined
}

/** Throws checkoutRefusal's error, if any; afterwards every line has its product. */
export function assertCheckoutEligible<P extends SellableFields>(
  lines: ReadonlyArray<LineToCheck<P>>,
): asserts lines is ReadonlyArray<{ product: P; quantity: number }> {
  const refusal = checkoutRefusal(lines)
  if (refusal) throw refusal
}

/**
 * What becomes of one guest line when its guest logs in: dropped when the product is gone,
 * left out (and said so) when it is no longer sold, else added to the account's line and
 * capped at the stock (`capped` says the person got fewer than they had picked).
 */
export type GuestLineMerge = { kind: 'gone' } | { kind: 'not-sold'; name: string } | { kind: 'merged'; name: string; quantity: number; capped: boolean }

export function mergeGuestLine(product: SellableFields | undefined, inAccount: number, fromGuest: number): GuestLineMerge {
  if (!product) return { kind: 'gone' }
  if (product.archived) return { kind: 'not-sold', name: product.name }
  return { kind: 'merged', name: product.name, ...mergedQuantity(inAccount, fromGuest, product.stock) }
}

/** What a guest cart's merge into an account did that the person should hear about. */
export interface GuestCartMerge {
  /** Products the person got fewer of than they had picked (the stock was lower). */
  capped: string[]
  /** Products left out because they are no longer sold. */
  notSold: string[]
}

/** The note the cart shows after a merge; empty when everything came over as picked. */
export function guestCartNote({ capped, notSold }: GuestCartMerge): string {
  const notes: string[] = []
  if (capped.length > 0) notes.push(`Some items from before you logged in were limited to the stock left: ${names(capped)}.`)
  if (notSold.length > 0) notes.push(`Some items from before you logged in are no longer sold and were left out: ${names(notSold)}.`)
  return notes.join(' ')
}
