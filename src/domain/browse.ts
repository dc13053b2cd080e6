/**
 * What a person asks of the catalog (search text, category, in stock only, sort) and the
 * order results come in. The order is always total: ties on the sort value are broken by
 * id, so a page can start exactly after the last row of the previous one (keyset paging).
 */
import type { Id } from './id'
import type { StoredProduct } from './product'

export type ProductSort = 'name' | 'price-asc' | 'price-desc' | 'newest'

export const PRODUCT_SORT_LABELS: Record<ProductSort, string> = {
  name: 'Name (A–Z)',
  'price-asc': 'Price (low to high)',
  'price-desc': 'Price (high to low)',
  newest: 'Newest first',
}

export interface BrowseQuery {
  /** What was typed in the search box: word prefixes of the name, or an exact SKU. */
  text: string
  /** One category, or '' for all. */
  category: string
  inStockOnly: boolean
  sort: ProductSort
  /** The owner's view of archived products instead of the ones on sale. */
  archived: boolean
}

export const DEFAULT_QUERY: BrowseQuery = { text: '', category: '', inStockOnly: false, sort: 'name', archived: false }

/** The indexed field each sort reads, and whether it runs high to low. */
export const SORT_FIELD: Record<ProductSort, 'nameKey' | 'price' | 'createdAt'> = {
  name: 'nameKey',
  'price-asc': 'price',
  'price-desc': 'price',
  newest: 'createdAt',
}
export const SORT_DESCENDING: Record<ProductSort, boolean> = { name: false, 'price-asc': false, 'price-desc': true, newest: true }

/** A row's place in a sort: [sort value, id]. */
export type SortKey = readonly [string | number, Id]

export function parseSort(value: unknown): ProductSort {
  return typeof value === 'string' && value in PRODUCT_SORT_LABELS ? (value as ProductSort) : 'name'
}

export function sortKeyOf(product: Pick<StoredProduct, 'id' | 'nameKey' | 'price' | 'createdAt'>, sort: ProductSort): SortKey {
  return [product[SORT_FIELD[sort]], product.id]
}

/** Orders keys as IndexedDB does (strings by UTF-16 code units, numbers numerically), low to high. */
export function compareKeys(a: SortKey, b: SortKey): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1
  return a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1
}

/** Orders keys the way `sort` shows them. */
export function compareInSort(sort: ProductSort): (a: SortKey, b: SortKey) => number {
  return SORT_DESCENDING[sort] ? (a, b) => compareKeys(b, a) : compareKeys
}
