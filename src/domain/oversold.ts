/**
 * Oversold: sales accepted on two devices while apart (offline) can take more units than
 * there were; once their ledgers merge, the product's stock (the ledger's sum) is below zero.
 * Nothing is dropped: the owner sees "Oversold by N" and the orders involved, and settles it
 * (restock, or cancel an order). Pure: the caller reads the product's ledger rows.
 */
import type { StockMovement } from './stock'

export interface Oversold {
  /** Units sold that were not there: minus the ledger's sum (0 when the product is not oversold). */
  by: number
  /** The orders whose sale rows took the stock below zero, or kept it there, oldest first. */
  orderIds: string[]
}

type Row = Pick<StockMovement, 'id' | 'delta' | 'reason' | 'at'> & { orderId?: string | undefined }

/**
 * Walks the ledger in time order (then by id, the same on every device): every sale that
 * leaves the running sum below zero is involved, and a later point where it is back at or
 * above zero (a restock, a cancellation) clears those before it, which are covered now.
 */
export function oversoldOf(rows: readonly Row[]): Oversold {
  const sorted = [...rows].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  let sum = 0
  let involved: string[] = []
  for (const row of sorted) {
    sum += row.delta
    if (sum >= 0) involved = []
    else if (row.reason === 'sale' && row.orderId !== undefined && !involved.includes(row.orderId)) involved.push(row.orderId)
  }
  return sum < 0 ? { by: -sum, orderIds: involved } : { by: 0, orderIds: [] }
}
