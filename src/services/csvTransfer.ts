/**
 * CSV import and export against the database. An import is previewed first (previewImport,
 * a read) and applied on confirmation. It is all or nothing: the rows were all
 * checked before (see productCsv.ts), and every write happens in ONE transaction, so a
 * failure half-way (storage full, a tab closing) leaves the catalog exactly as it was.
 * That transaction writes in chunks, awaiting each, so the page keeps painting meanwhile.
 */
import type { Id } from '../domain/id'
import { planImport, planImportRow, staleRowReason, StaleImportError, type ImportPlan, type ImportStockChoice } from '../domain/importPlan'
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

export interface ImportOptions {
  clock?: Clock
  chunkSize?: number
  onProgress?: (done: number) => void
  /** Whether existing products get the file's stock; 'new-only' unless the owner chose otherwise. Taken from `preview` when one is given. */
  stock?: ImportStockChoice
  /** The plan the owner confirmed: the import refuses (StaleImportError) if re-planning any row now gives another answer. */
  preview?: ImportPlan
}

/** The shop's products with these SKUs, by SKU. */
async function productsBySku(db: ShopDatabase, skus: string[]): Promise<Map<string, StoredProduct>> {
  return new Map((await db.products.where('sku').anyOf(skus).toArray()).map((p) => [p.sku, p]))
}

/**
 * What importing `rows` would do, read in one transaction and written nowhere: the preview
 * the owner confirms (see domain/importPlan.ts).
 */
export function previewImport(
  db: ShopDatabase,
  actorId: Id | undefined,
  rows: readonly CsvProductRow[],
  fractionDigits: number,
  { stock = 'new-only', chunkSize = 2_000 }: { stock?: ImportStockChoice; chunkSize?: number } = {},
): Promise<ImportPlan> {
  return db.transaction('r', [db.users, db.meta, db.products], async () => {
    await requireOwner(db, actorId)
    await assertPriceDigits(db, fractionDigits)
    const existing = new Map<string, StoredProduct>()
    for (let start = 0; start < rows.length; start += chunkSize) {
      for (const [sku, p] of await productsBySku(db, rows.slice(start, start + chunkSize).map((r) => r.details.sku))) existing.set(sku, p)
    }
    return planImport(rows, (sku) => existing.get(sku), stock)
  })
}

/**
 * Adds the rows whose SKU is new and updates the products whose SKU exists (photos are
 * kept). An existing product's stock is left alone unless the choice is 'set': then a stock
 * that differs from the file is set to the file's figure with an 'adjustment' ledger row,
 * computed from the stock read inside this transaction. A new product gets its 'initial'
 * row. Every row is planned again here, against what the shop holds now; with a `preview`,
 * any row whose plan differs from the one confirmed stops the import before it writes.
 * `fractionDigits` are the decimals the rows' prices were read with; the import is refused
 * unless they are still the shop currency's.
 */
export function importProducts(
  db: ShopDatabase,
  actorId: Id | undefined,
  rows: readonly CsvProductRow[],
  fractionDigits: number,
  { clock = systemClock, chunkSize = 500, onProgress, stock = 'new-only', preview }: ImportOptions = {},
): Promise<ImportSummary> {
  const choice = preview?.stock ?? stock
  return db.transaction('rw', [db.users, db.meta, db.products, db.stockLedger], async () => {
    await requireOwner(db, actorId)
    await assertPriceDigits(db, fractionDigits)
    if (preview && preview.rows.length !== rows.length) throw new StaleImportError('The preview is of another file.')
    const now = clock.now()
    const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0 }
    for (let start = 0; start < rows.length; start += chunkSize) {
      const chunk = rows.slice(start, start + chunkSize)
      const existing = await productsBySku(db, chunk.map((r) => r.details.sku))
      const added: ProductInsert[] = []
      const updated: StoredProduct[] = []
      const ledger: StockMovement[] = []
      chunk.forEach((row, i) => {
        const product = existing.get(row.details.sku)
        const planned = planImportRow(row, product, choice)
        const seen = preview?.rows[start + i]
        const stale = seen && staleRowReason(seen, planned)
        // Thrown inside the transaction, so the chunks already written are rolled back too.
        if (stale) throw new StaleImportError(stale)
        if (!product) {
          added.push({ ...row.details, stock: row.stock, archived: row.archived, createdAt: now, updatedAt: now })
        } else if (planned.kind === 'unchanged') {
          summary.unchanged += 1
        } else {
          const setsStock = planned.fields.includes('stock')
          updated.push({ ...product, ...row.details, stock: setsStock ? row.stock : product.stock, archived: row.archived, updatedAt: now })
          if (setsStock) {
            const delta = row.stock - product.stock
            ledger.push(ledgerRow(product.id, row.stock, { delta, reason: 'adjustment', userId: actorId, note: `CSV import, row ${row.row}`, at: now }, () => newId(now)))
          }
        }
      })
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
