import type { Id } from './id'
import type { Minor } from './money'

export interface Product {
  id: Id
  /** Stock-keeping unit: unique, stored in capitals ("COF-0001"). */
  sku: string
  name: string
  category: string
  description: string
  /** Price in minor units of the shop's currency. */
  price: Minor
  stock: number
  /** At or below this many units the product is "low" for shoppers and on the owner's list. */
  lowStockThreshold: number
  /** The owner's photo, resized to at most 512 px. Without one, views draw a generated image. */
  image?: Blob
  /**
   * A picture shipped with the app, as a path under its base ("demo/glass-teapot.svg"): the
   * demo catalog's, set by the seed. Shown when there is no photo; products without either
   * get the generated initials picture.
   */
  picture?: string
  /** Archived products are kept (orders and the ledger point at them) but no longer sold. */
  archived: boolean
  createdAt: number
  updatedAt: number
  /**
   * The SKU this product lost to an older product that another device gave it too (see
   * domain/skuClash.ts); present until the owner saves the product, settling it.
   */
  skuConflict?: string
}

export type NewProduct = Omit<Product, 'id'>

/**
 * Fields derived from a product for its indexes (IndexedDB cannot index booleans or
 * computed values). The database rewrites them on every write, so they never go stale.
 */
export interface ProductIndexFields {
  /** The name folded for sorting: lower case, accents removed, spaces collapsed. */
  nameKey: string
  /** The distinct folded words of the name: a multi-entry index for word-prefix search. */
  nameWords: string[]
  /** 1 while the product is sold (not archived). */
  listed: 0 | 1
  /** 1 while the product is sold and has stock: the "in stock only" indexes. */
  stocked: 0 | 1
  /** stock − lowStockThreshold: at or below 0 the product is on the low-stock list. */
  stockGap: number
  /**
   * 1 while the stock is below zero (two devices sold the last units before they synced), and
   * absent otherwise: IndexedDB leaves a record without the field out of the index, so the
   * dashboard's count reads only oversold products and a sale writes no index entry.
   */
  oversold?: 1
}

export type StoredProduct = Product & ProductIndexFields

/**
 * A product's place in the catalog's listings: what the listing and search indexes need,
 * its `nameWords` being the search words (the name's and the category's, see searchWordsOf),
 * kept in a table of its own (db.listings) so that a sale, which changes only the stock,
 * rewrites a product record with few indexes and leaves this row alone. The row changes
 * only when one of these fields does: a rename, a new price or category, an archive, or
 * the stock reaching or leaving zero.
 */
export type Listing = Pick<StoredProduct, 'id' | 'category' | 'price' | 'createdAt' | 'nameKey' | 'nameWords' | 'listed' | 'stocked'>

/**
 * The listing of a product as stored (its index fields already derived). Its words are what a
 * search finds it by: the name's and the category's ("mug" finds every product in "Mugs & cups").
 */
export function listingOf(p: Pick<StoredProduct, keyof Listing>): Listing {
  const nameWords = searchWordsOf(p.nameWords, p.category)
  return { id: p.id, category: p.category, price: p.price, createdAt: p.createdAt, nameKey: p.nameKey, nameWords, listed: p.listed, stocked: p.stocked }
}

/** Whether two listings would put a product in the same places of every listing and search. */
export function sameListing(a: Listing, b: Listing): boolean {
  return (
    a.id === b.id &&
    a.category === b.category &&
    a.price === b.price &&
    a.createdAt === b.createdAt &&
    a.nameKey === b.nameKey &&
    a.listed === b.listed &&
    a.stocked === b.stocked &&
    a.nameWords.length === b.nameWords.length &&
    a.nameWords.every((w, i) => w === b.nameWords[i])
  )
}

/** A shopper sees "Only N left" at or below this many units unless the owner sets another threshold. */
export const LOW_STOCK_THRESHOLD = 5
export const NAME_MAX = 120
export const SKU_MAX = 32
export const CATEGORY_MAX = 60
export const DESCRIPTION_MAX = 2000
export const MAX_STOCK = 1_000_000
/** The highest price in major units (10,000,000.00): keeps every total a safe integer. */
export const MAX_PRICE_MAJOR = 10_000_000

export type StockLevel = 'in-stock' | 'low' | 'out-of-stock'

/** How a stock count reads to a shopper. */
export function stockLevel(stock: number, lowThreshold = LOW_STOCK_THRESHOLD): StockLevel {
  if (stock <= 0) return 'out-of-stock'
  if (stock <= lowThreshold) return 'low'
  return 'in-stock'
}

/** Case- and accent-insensitive form of a text: "Café Crème" → "cafe creme". */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase()
}

/** The distinct words of a text, folded, in order of first appearance. */
export function wordsOf(text: string): string[] {
  return [...new Set(foldText(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean))]
}

// A catalog has few categories and a search tests many rows of each: their words are kept.
const categoryWords = new Map<string, readonly string[]>()

/** The words of a category, folded (wordsOf), remembered per category. */
export function wordsOfCategory(category: string): readonly string[] {
  let words = categoryWords.get(category)
  if (!words) {
    if (categoryWords.size > 1000) categoryWords.clear()
    words = wordsOf(category)
    categoryWords.set(category, words)
  }
  return words
}

/** What a search finds a product by: its name's words, then its category's words it lacks. */
export function searchWordsOf(nameWords: readonly string[], category: string): string[] {
  const extra = wordsOfCategory(category).filter((w) => !nameWords.includes(w))
  return extra.length === 0 ? [...nameWords] : [...nameWords, ...extra]
}

/** The index fields of a product (see ProductIndexFields). */
export function productIndexFields(product: Pick<Product, 'name' | 'archived' | 'stock' | 'lowStockThreshold'>): ProductIndexFields {
  const listed = product.archived ? 0 : 1
  return {
    nameKey: foldText(product.name).replace(/\s+/g, ' ').trim(),
    nameWords: wordsOf(product.name),
    listed,
    stocked: listed && product.stock > 0 ? 1 : 0,
    stockGap: product.stock - product.lowStockThreshold,
    ...(product.stock < 0 ? { oversold: 1 as const } : {}),
  }
}

/** Whether every word typed is the start of some word of the name ("sto mu" finds "Stoneware Mug"). */
export function nameMatches(nameWords: readonly string[], queryWords: readonly string[]): boolean {
  return queryWords.every((q) => nameWords.some((w) => w.startsWith(q)))
}

const SKU_PATTERN = /^[A-Z0-9][A-Z0-9._-]*$/

/** A SKU as stored: trimmed and in capitals. */
export function normalizeSku(input: string): string {
  return input.normalize('NFC').trim().toUpperCase()
}

/** Whether a normalised text has the shape of a SKU (see parseSku in productInput.ts). */
export function looksLikeSku(sku: string): boolean {
  return sku !== '' && [...sku].length <= SKU_MAX && SKU_PATTERN.test(sku)
}

/** The SKU a search text would be, if it could be one. */
export function skuOrUndefined(input: string): string | undefined {
  const sku = normalizeSku(input)
  return looksLikeSku(sku) ? sku : undefined
}
