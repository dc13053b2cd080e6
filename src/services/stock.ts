/**
 * The one way stock changes: the product's new stock and its ledger row, written together.
 * Callers run it inside their own transaction over products and stockLedger, so the change
 * and its row commit or roll back as one.
 *
 * The ledger is only ever added to. A change that must happen once (a sale, an order's
 * restock: see domain/stock.ts's ledgerIdOf) carries the id of its action; if that row is
 * already in the ledger, the change was made before (another tab, a retry) and is skipped,
 * stock included: one row, one stock change, however often it is asked for.
 */
import type { StoredProduct } from '../domain/product'
import { ledgerIdOf, ledgerRow, stockAfter, type StockChange } from '../domain/stock'
import type { ShopDatabase } from '../db/database'
import { newId } from '../db/newId'

export type { StockChange }

/**
 * Several products' stock changes with their ledger rows, as two bulk writes. Call inside a
 * readwrite transaction over products and the ledger; each product as read in it. Returns
 * the products as stored, in the same order (a change already made: the product as it is).
 */
export async function changeStocks(
  db: ShopDatabase,
  changes: readonly { product: StoredProduct; change: StockChange }[],
): Promise<StoredProduct[]> {
  const onceIds = changes.map(({ product, change }) => ledgerIdOf(product.id, change))
  const known = onceIds.filter((id) => id !== undefined)
  const found = new Set(known.length === 0 ? [] : (await db.stockLedger.bulkGet(known)).flatMap((row) => (row ? [row.id] : [])))
  const notYetDone = changes.filter((_, i) => {
    const id = onceIds[i]
    return id === undefined || !found.has(id)
  })
  const updated = notYetDone.map(({ product, change }) => ({ ...product, stock: stockAfter(product, change.delta), updatedAt: change.at }))
  const rows = notYetDone.map(({ product, change }, i) => ledgerRow(product.id, updated[i]!.stock, change, () => newId(change.at)))
  if (notYetDone.length > 0) await Promise.all([db.products.bulkPut(updated), db.stockLedger.bulkAdd(rows)])
  const byId = new Map(updated.map((p) => [p.id, p]))
  return changes.map(({ product }) => byId.get(product.id) ?? product)
}

/**
 * Applies `change.delta` to `product` (refusing to go below zero or above the maximum) and
 * writes the ledger row. Must run inside a 'rw' transaction over products and stockLedger,
 * with `product` read inside that same transaction. Returns the product as stored.
 */
export async function changeStock(db: ShopDatabase, product: StoredProduct, change: StockChange): Promise<StoredProduct> {
  const [updated] = await changeStocks(db, [{ product, change }])
  return updated!
}
