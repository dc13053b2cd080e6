/**
 * What a CSV import would do, row by row, before anything is written: add, update (which
 * fields) or leave alone. The plan is shown to the owner first, and the import re-plans every
 * row inside its transaction and refuses when the shop changed since the preview in a way the
 * owner did not see.
 *
 * The stock column sets the stock of NEW products only, unless the owner chose 'set': a file
 * exported last week still holds last week's stock, and re-importing it after fixing prices
 * must not bring back every unit sold since.
 */
import { DomainError } from './errors'
import type { Id } from './id'
import type { ProductDetails } from './productInput'

/** 'new-only' (the default): the stock column is read for new products only. 'set': existing products get the file's stock too. */
export type ImportStockChoice = 'new-only' | 'set'

/** The fields an import may change on an existing product, in the order the preview lists them. */
export const IMPORT_FIELDS = ['name', 'category', 'description', 'price', 'lowStockThreshold', 'archived', 'stock'] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  name: 'name',
  category: 'category',
  description: 'description',
  price: 'price',
  lowStockThreshold: 'low-stock level',
  archived: 'archived',
  stock: 'stock',
}

/** A checked row of the file (see services/productCsv.ts). */
export interface ImportRow {
  row: number
  details: ProductDetails
  stock: number
  archived: boolean
}

/** What the plan needs of a product already in the shop. */
export interface ImportTarget extends ProductDetails {
  id: Id
  stock: number
  archived: boolean
}

export interface PlannedRow {
  kind: 'add' | 'update' | 'unchanged'
  /** The row as a spreadsheet numbers it. */
  row: number
  sku: string
  /** The name the product will have. */
  name: string
  /** The product it updates or leaves alone; absent for an addition. */
  productId?: Id
  /** The fields that change ('stock' only when the stock is set); empty for an addition. */
  fields: ImportField[]
  /** The product's stock now; absent for an addition. */
  stockInShop?: number
  stockInFile: number
}

export interface ImportPlan {
  stock: ImportStockChoice
  rows: PlannedRow[]
  added: number
  updated: number
  unchanged: number
  /** Existing products whose stock the import sets (only with 'set'). */
  stockSet: number
  /** Existing products whose stock in the file differs from the shop's, whichever the choice. */
  stockDiffers: number
}

/** The plan of one row: `product` is the shop's product with the row's SKU, if there is one. */
export function planImportRow(row: ImportRow, product: ImportTarget | undefined, stock: ImportStockChoice): PlannedRow {
  const base = { row: row.row, sku: row.details.sku, name: row.details.name, stockInFile: row.stock }
  if (!product) return { ...base, kind: 'add', fields: [] }
  const d = row.details
  const differs: Record<ImportField, boolean> = {
    name: product.name !== d.name,
    category: product.category !== d.category,
    description: product.description !== d.description,
    price: product.price !== d.price,
    lowStockThreshold: product.lowStockThreshold !== d.lowStockThreshold,
    archived: product.archived !== row.archived,
    stock: stock === 'set' && product.stock !== row.stock,
  }
  const fields = IMPORT_FIELDS.filter((f) => differs[f])
  return { ...base, kind: fields.length > 0 ? 'update' : 'unchanged', productId: product.id, fields, stockInShop: product.stock }
}

/** The plan of a whole file; `productOf` finds the shop's product with a SKU. */
export function planImport(rows: readonly ImportRow[], productOf: (sku: string) => ImportTarget | undefined, stock: ImportStockChoice): ImportPlan {
  const plan: ImportPlan = { stock, rows: [], added: 0, updated: 0, unchanged: 0, stockSet: 0, stockDiffers: 0 }
  for (const row of rows) {
    const planned = planImportRow(row, productOf(row.details.sku), stock)
    plan.rows.push(planned)
    if (planned.kind === 'add') plan.added += 1
    else if (planned.kind === 'update') plan.updated += 1
    else plan.unchanged += 1
    if (planned.fields.includes('stock')) plan.stockSet += 1
    if (planned.stockInShop !== undefined && planned.stockInShop !== planned.stockInFile) plan.stockDiffers += 1
  }
  return plan
}

/**
 * Why the row's plan now (`now`, made inside the import's transaction) is not what the owner
 * saw (`seen`), or undefined when it is. What matters: a row that was new is no longer new
 * (or the other way round); the fields that change are not the same ones; or the stock is set
 * and the shop's stock moved (a sale, a restock), so "old → new" and the ledger's adjustment
 * would be other figures than the ones shown. A stock that moved while it is kept does not
 * matter: the import leaves it alone.
 */
export function staleRowReason(seen: PlannedRow, now: PlannedRow): string | undefined {
  if (seen.row !== now.row || seen.sku !== now.sku) return `The file's row ${now.row} is not the one previewed.`
  if (seen.kind === 'add' && now.kind !== 'add') return `A product with SKU ${now.sku} was added to the shop since the preview.`
  if (seen.kind !== 'add' && now.kind === 'add') return `The product with SKU ${now.sku} is no longer in the shop.`
  if (seen.productId !== now.productId) return `The product with SKU ${now.sku} is another one than in the preview.`
  const setsStock = seen.fields.includes('stock') || now.fields.includes('stock')
  if (setsStock && seen.stockInShop !== now.stockInShop) {
    return `The stock of ${now.name} (${now.sku}) changed since the preview: it is ${now.stockInShop ?? 0} now, not ${seen.stockInShop ?? 0}.`
  }
  if (seen.fields.join() !== now.fields.join()) return `${now.name} (${now.sku}) was edited since the preview.`
  return undefined
}

/** The shop changed since the preview in a way that matters; nothing was imported. */
export class StaleImportError extends DomainError {
  constructor(readonly reason: string) {
    super(`${reason} Nothing was imported; check the new preview and confirm again.`)
  }
}
