/**
 * Version 3 (issue 4): products gain `archived`, `lowStockThreshold`, `updatedAt`, their
 * index fields, and keep their picture as a Blob instead of a data: URL; the stock ledger
 * starts with one 'initial' row per product equal to its stock, so the ledger's sum equals
 * every product's stock from the first day.
 *
 * Frozen as shipped: the threshold, the index fields and the data: URL decoding are written
 * out here rather than imported, so that changing today's rules (domain/product.ts) never
 * changes what this upgrade does. (Products written through ShopDatabase get their index
 * fields derived again by its middleware on the way in; these are what version 3 wrote.)
 */
import type { Transaction } from 'dexie'

/** The low-stock threshold every product got in version 3. */
const LOW_STOCK_THRESHOLD_V3 = 5

/** What a version 1 product row looked like. */
interface ProductV1 {
  id: number
  name: string
  stock: number
  createdAt: number
  image?: unknown
  [field: string]: unknown
}

/** A stock ledger row as version 3 wrote it. */
interface InitialMovementV3 {
  productId: number
  delta: number
  reason: 'initial'
  stockAfter: number
  note: string
  at: number
}

/** Version 3's folding: lower case, accents removed. */
function foldV3(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase()
}

/** Version 3's index fields of a product that is not archived. */
function indexFieldsV3(product: { name: string; stock: number }, lowStockThreshold: number) {
  return {
    nameKey: foldV3(product.name).replace(/\s+/g, ' ').trim(),
    nameWords: [...new Set(foldV3(product.name).split(/[^\p{L}\p{N}]+/u).filter(Boolean))],
    listed: 1,
    stocked: product.stock > 0 ? 1 : 0,
    stockGap: product.stock - lowStockThreshold,
  }
}

/**
 * Decodes a version 1 picture (a data: URL) synchronously: no fetch, awaiting one would end
 * the upgrade's transaction. Undefined for anything that is not a well-formed data: URL.
 */
export function dataUrlToBlob(url: string): Blob | undefined {
  const match = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(url)
  if (!match) return undefined
  const [, params = '', base64, payload = ''] = match
  const type = params.split(';')[0]?.trim() || 'text/plain'
  try {
    if (base64) return new Blob([Uint8Array.from(atob(payload), (char) => char.charCodeAt(0))], { type })
    return new Blob([new TextEncoder().encode(decodeURIComponent(payload))], { type })
  } catch {
    return undefined
  }
}

export async function upgradeV3(tx: Transaction, now = Date.now()): Promise<void> {
  const initial: InitialMovementV3[] = []
  await tx
    .table('products')
    .toCollection()
    .modify((product: ProductV1) => {
      const image = typeof product.image === 'string' ? dataUrlToBlob(product.image) : product.image instanceof Blob ? product.image : undefined
      if (image) product.image = image
      else delete product.image
      product.archived = false
      product.lowStockThreshold = LOW_STOCK_THRESHOLD_V3
      product.updatedAt = product.createdAt
      Object.assign(product, indexFieldsV3(product, LOW_STOCK_THRESHOLD_V3))
      initial.push({
        productId: product.id,
        delta: product.stock,
        reason: 'initial',
        stockAfter: product.stock,
        note: 'Stock when the ledger started',
        at: now,
      })
    })
  await tx.table('stockLedger').bulkAdd(initial)
}
