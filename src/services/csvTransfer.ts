/**
 * CSV import and export against the database. Import is all or nothing: the rows were all
 * checked before (see productCsv.ts), and every write happens in ONE transaction, so a
 * failure half-way (storage full, a tab closing) leaves the catalog exactly as it was.
 * That transaction writes in chunks, awaiting each, so the page keeps painting meanwhile.
 */
import type { Id } from '../domain/id'
import type { StoredProduct } from '../domain/product'
import { initialStockRows, ledgerRow, type StockMovement } from '../domain/stock'
import type { ProductInsert, ShopDatabase } from '../db/database'
import { newId } from '../db/newId'
import { requireOwner } from './authz'
import { systemClock, type Clock } from './clock'
import { assertPriceDigits } from './reads/settings'
import { productsToCsv, type CsvProductRow } from './productCsv'

export interface ImportSummary {
  added: number
  updated: number
  unchanged: number
}

function sameDetails(product: StoredProduct, row: CsvProductRow): boolean {
  const d = row.details
  return (
    product.name === d.name &&
    product.category === d.category &&
    product.description === d.description &&
    product.price === d.price &&
    product.lowStockThreshold === d.lowStockThreshold &&
    product.stock === row.stock &&
    product.archived === row.archived
  )
}

/**
 * Adds the rows whose SKU is new and updates the products whose SKU exists (photos are
 * kept). A stock that differs from the file is set to the file's figure with an
 * 'adjustment' ledger row; a new product gets its 'initial' row. `fractionDigits` are the
 * decimals the rows' prices were read with; the import is refused unless they are still
 * the shop currency's.
 */
export function importProducts(
  db: ShopDatabase,
  actorId: Id | undefined,
  rows: readonly CsvProductRow[],
  fractionDigits: number,
  { clock = systemClock, chunkSize = 500, onProgress }: { clock?: Clock; chunkSize?: number; onProgress?: (done: number) => void } = {},
): Promise<ImportSummary> {
  return db.transaction('rw', [db.users, db.meta, db.products, db.stockLedger], async () => {
    await requireOwner(db, actorId)
    await assertPriceDigits(db, fractionDigits)
    const now = clock.now()
    const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0 }
    for (let start = 0; start < rows.length; start += chunkSize) {
      const chunk = rows.slice(start, start + chunkSize)
      const existing = new Map(
        (await db.products.where('sku').anyOf(chunk.map((r) => r.details.sku)).toArray()).map((p) => [p.sku, p]),
      )
      const added: ProductInsert[] = []
      const updated: StoredProduct[] = []
      const ledger: StockMovement[] = []
      for (const row of chunk) {
        const product = existing.get(row.details.sku)
        if (!product) {
          added.push({ ...row.details, stock: row.stock, archived: row.archived, createdAt: now, updatedAt: now })
        } else if (sameDetails(product, row)) {
          summary.unchanged += 1
        } else {
          updated.push({ ...product, ...row.details, stock: row.stock, archived: row.archived, updatedAt: now })
          const delta = row.stock - product.stock
          if (delta !== 0) {
            ledger.push(ledgerRow(product.id, row.stock, { delta, reason: 'adjustment', userId: actorId, note: `CSV import, row ${row.row}`, at: now }, () => newId(now)))
          }
        }
      }
      const ids = await db.products.bulkAdd(added, { allKeys: true })
      const initial = initialStockRows(added.map((p, i) => ({ ...p, id: ids[i]! })), { userId: actorId, note: 'CSV import' })
      await db.products.bulkPut(updated)
      await db.stockLedger.bulkAdd([...ledger, ...initial])
      summary.added += added.length
      summary.updated += updated.length
      onProgress?.(Math.min(start + chunkSize, rows.length))
    }
    return summary
  })
}

/**
 * Every product, archived ones too, as CSV, read by id a chunk at a time in one read
 * transaction; prices are written with `fractionDigits`, the shop currency's decimals.
 */
export function exportProductsCsv(
  db: ShopDatabase,
  actorId: Id | undefined,
  fractionDigits: number,
  { chunkSize = 2_000 }: { chunkSize?: number } = {},
): Promise<string> {
  return db.transaction('r', [db.users, db.meta, db.products], async () => {
    await requireOwner(db, actorId)
    await assertPriceDigits(db, fractionDigits)
    const parts: string[] = []
    let afterId = ''
    for (;;) {
      const chunk = await db.products.where(':id').above(afterId).limit(chunkSize).toArray()
      if (chunk.length > 0 || parts.length === 0) parts.push(productsToCsv(chunk, fractionDigits, { header: parts.length === 0 }))
      const last = chunk.at(-1)
      if (!last || chunk.length < chunkSize) return parts.join('\r\n') + '\r\n'
      afterId = last.id
    }
  })
}
