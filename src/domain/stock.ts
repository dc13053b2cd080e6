/**
 * The stock ledger: every change of a product's stock is a row, written in the same
 * transaction as the change, so the sum of a product's rows always equals its stock.
 */
import { OutOfStockError, ValidationError } from './errors'
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
  id: number
  productId: number
  /** Units added (positive) or taken (negative). */
  delta: number
  reason: StockReason
  /** The stock right after this change, for reading the history. */
  stockAfter: number
  /** The order a sale or cancellation belongs to. */
  orderId?: string
  /** Who made the change; absent for the shop's own seeding and migrations. */
  userId?: number
  /** The owner's words: a supplier, "damaged in storage", "stock count"… */
  note: string
  at: number
}

export type NewStockMovement = Omit<StockMovement, 'id'>

export interface StockChange {
  delta: number
  reason: StockReason
  at: number
  userId?: number | undefined
  orderId?: string | undefined
  note?: string | undefined
}

/** The ledger row for a change that leaves `stock` units. */
export function ledgerRow(productId: number, stock: number, change: StockChange): NewStockMovement {
  return {
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
 * was created. `ids` are the keys the database gave them, in the same order.
 */
export function initialStockRows(
  products: ReadonlyArray<{ stock: number; createdAt: number }>,
  ids: ReadonlyArray<number | undefined>,
  { userId, note }: { userId?: number | undefined; note?: string | undefined } = {},
): NewStockMovement[] {
  return products.map((p, i) => ledgerRow(ids[i] ?? 0, p.stock, { delta: p.stock, reason: 'initial', userId, note, at: p.createdAt }))
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
  productId: number
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
  products: ReadonlyArray<{ id: number; sku: string; name: string; stock: number }>,
  movements: ReadonlyArray<Pick<StockMovement, 'productId' | 'delta'>>,
): LedgerMismatch[] {
  const sums = new Map<number, number>()
  for (const m of movements) sums.set(m.productId, (sums.get(m.productId) ?? 0) + m.delta)
  return products.flatMap((p) => {
    const ledgerSum = sums.get(p.id) ?? 0
    return ledgerSum === p.stock ? [] : [{ productId: p.id, sku: p.sku, name: p.name, stock: p.stock, ledgerSum }]
  })
}
