/**
 * The one way stock changes: the product's new stock and its ledger row, written together.
 * Callers run it inside their own transaction over products and stockLedger, so the change
 * and its row commit or roll back as one.
 */
import type { StoredProduct } from '../domain/product'
import { ledgerRow, stockAfter, type StockChange } from '../domain/stock'
import type { ShopDatabase } from '../db/database'

export type { StockChange }

/**
 * Several products' stock changes with their ledger rows, as two bulk writes. Call inside a
 * readwrite transaction over products and the ledger; each product as read in it. Returns
 * the products as stored, in the same order.
 */
export async function changeStocks(
  db: ShopDatabase,
  changes: readonly { product: StoredProduct; change: StockChange }[],
): Promise<StoredProduct[]> {
  const updated = changes.map(({ product, change }) => ({ ...product, stock: stockAfter(product, change.delta), updatedAt: change.at }))
  const rows = changes.map(({ product, change }, i) => ledgerRow(product.id, updated[i]!.stock, change))
  await Promise.all([db.products.bulkPut(updated), db.stockLedger.bulkAdd(rows)])
  return updated
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
