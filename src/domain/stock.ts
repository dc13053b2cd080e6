/**
 * The stock ledger: every change of a product's stock is a row, written in the same
 * transaction as the change, so the sum of a product's rows always equals its stock. The
 * ledger is the truth; a product's stock is its cache. Rows are only ever added, never
 * updated or deleted, so two devices' ledgers merge by union.
 *
 * An action that must happen once has an id made from what it is about, not a random one:
 * a product's initial stock from the product, a sale and the restock of a cancelled or
 * refunded order from the order and the product. Doing such an action again (a second tab,
 * a retry, later another device) finds its row already there and changes nothing.
 */
import { OutOfStockError, ValidationError } from './errors'
import type { Id } from './id'
import { MAX_STOCK } from './product'

export type StockReason = 'initial' | 'restock' | 'adjustment' | 'sale' | 'cancellation'

export const STOCK_REASON_LABELS: Record<StockReason, string> = {
  initial: 'Initial stock',
  restock: 'Restock',
  adjustment: 'Adjustment',
  sale: 'Sale',
  cancellation: 'Cancellation',
}

/** One row of the ledger. */
export interface StockMovement {
  /** Random for a restock or adjustment; made from the action for the ones that happen once (see ledgerIdOf). */
  id: Id
  productId: Id
  /** Units added (positive) or taken (negative). */
  delta: number
  reason: StockReason
  /** The stock right after this change, for reading the history. */
  stockAfter: number
  /** The order a sale or cancellation belongs to. */
  orderId?: string
  /** Who made the change; absent for the shop's own seeding and migrations. */
  userId?: Id
  /** The owner's words: a supplier, "damaged in storage", "stock count"… */
  note: string
  at: number
}

export type NewStockMovement = StockMovement

/**
 * The id of the ledger row of an action that must happen once, or undefined for one that may
 * happen any number of times (a restock, an adjustment), whose row gets a fresh random id.
 * `i:` + product for the initial stock, `s:` + order + product for a sale, `r:` + order +
 * product for the stock an order gives back. ':' is in neither ids' alphabet, so these never
 * meet a random id or each other.
 */
export function ledgerIdOf(productId: Id, change: Pick<StockChange, 'reason' | 'orderId'>): Id | undefined {
  if (change.reason === 'initial') return `i:${productId}`
  if (change.orderId === undefined) return undefined
  if (change.reason === 'sale') return `s:${change.orderId}:${productId}`
  if (change.reason === 'cancellation') return `r:${change.orderId}:${productId}`
  return undefined
}

export interface StockChange {
  delta: number
  reason: StockReason
  at: number
  userId?: Id | undefined
  orderId?: string | undefined
  note?: string | undefined
}

/**
 * The ledger row for a change that leaves `stock` units; `freshId` is used unless the change
 * is one that happens once (ledgerIdOf).
 */
export function ledgerRow(productId: Id, stock: number, change: StockChange, freshId: () => Id): StockMovement {
  return {
    id: ledgerIdOf(productId, change) ?? freshId(),
    productId,
    delta: change.delta,
    reason: change.reason,
    stockAfter: stock,
    ...(change.orderId === undefined ? {} : { orderId: change.orderId }),
    ...(change.userId === undefined ? {} : { userId: change.userId }),
    note: change.note ?? '',
    at: change.at,
  }
}

/**
 * The 'initial' ledger rows of products just added: each one's whole stock, at the time it
 * was created, under the id made from the product's (one per product, ever).
 */
export function initialStockRows(
  products: ReadonlyArray<{ id: Id; stock: number; createdAt: number }>,
  { userId, note }: { userId?: Id | undefined; note?: string | undefined } = {},
): StockMovement[] {
  return products.map((p) => {
    const change: StockChange = { delta: p.stock, reason: 'initial', userId, note, at: p.createdAt }
    return ledgerRow(p.id, p.stock, change, () => `i:${p.id}`)
  })
}

/**
 * The stock after adding `delta`, refusing to go below zero (an OutOfStockError naming the
 * product) or above the most a product may hold.
 */
export function stockAfter(product: { name: string; stock: number }, delta: number): number {
  if (!Number.isSafeInteger(delta)) throw new RangeError(`A stock change must be a whole number, got ${delta}`)
  const next = product.stock + delta
  if (next < 0) throw new OutOfStockError(product.name, Math.max(0, product.stock), -delta)
  if (next > MAX_STOCK) {
    throw new ValidationError('quantity', `${product.name} cannot hold more than ${MAX_STOCK.toLocaleString('en-US')} units; it has ${product.stock}.`)
  }
  return next
}

/** A product whose stock is not the sum of its ledger rows. */
export interface LedgerMismatch {
  productId: Id
  sku: string
  name: string
  stock: number
  ledgerSum: number
}

/**
 * The products whose stock differs from the sum of their ledger rows. `movements` may hold
 * rows of other products too; they are ignored.
 */
export function findLedgerMismatches(
  products: ReadonlyArray<{ id: Id; sku: string; name: string; stock: number }>,
  movements: ReadonlyArray<Pick<StockMovement, 'productId' | 'delta'>>,
): LedgerMismatch[] {
  const sums = new Map<Id, number>()
  for (const m of movements) sums.set(m.productId, (sums.get(m.productId) ?? 0) + m.delta)
  return products.flatMap((p) => {
    const ledgerSum = sums.get(p.id) ?? 0
    return ledgerSum === p.stock ? [] : [{ productId: p.id, sku: p.sku, name: p.name, stock: p.stock, ledgerSum }]
  })
}
