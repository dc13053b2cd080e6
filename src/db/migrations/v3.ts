/**
 * Version 3 (issue 4): products gain `archived`, `lowStockThreshold`, `updatedAt`, their
 * index fields, and keep their picture as a Blob instead of a data: URL; the stock ledger
 * starts with one 'initial' row per product equal to its stock, so the ledger's sum equals
 * every product's stock from the first day.
 */
import type { Transaction } from 'dexie'
import { LOW_STOCK_THRESHOLD, productIndexFields } from '../../domain/product'
import type { NewStockMovement } from '../../domain/stock'
import { dataUrlToBlob } from '../dataUrl'

export { dataUrlToBlob } from '../dataUrl'

/** What a version 1 product row looked like. */
interface ProductV1 {
  id: number
  name: string
  stock: number
  createdAt: number
  image?: unknown
  [field: string]: unknown
}

export async function upgradeV3(tx: Transaction, now = Date.now()): Promise<void> {
  const initial: NewStockMovement[] = []
  await tx
    .table('products')
    .toCollection()
    .modify((product: ProductV1) => {
      const image = typeof product.image === 'string' ? dataUrlToBlob(product.image) : product.image instanceof Blob ? product.image : undefined
      if (image) product.image = image
      else delete product.image
      product.archived = false
      product.lowStockThreshold = LOW_STOCK_THRESHOLD
      product.updatedAt = product.createdAt
      Object.assign(product, productIndexFields({ name: product.name, archived: false, stock: product.stock, lowStockThreshold: LOW_STOCK_THRESHOLD }))
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
