/**
 * What search text asks of the catalog (name word prefixes, or an exact SKU) and whether a
 * product answers it: the rules of a search, apart from domain/browse.ts, which every listing
 * needs, so that the first page (a listing) does not carry them.
 */
import type { BrowseQuery } from './browse'
import { skuOrUndefined, wordsOf, wordsOfCategory, type StoredProduct } from './product'

/** The search text as name word prefixes and, if it could be one, a SKU. */
export interface ParsedSearch {
  words: string[]
  sku: string | undefined
}

export function parseSearch(text: string): ParsedSearch {
  const trimmed = text.trim()
  return { words: wordsOf(trimmed), sku: trimmed === '' ? undefined : skuOrUndefined(trimmed) }
}

/** Whether a product is in the scope of a query, leaving the search text aside. */
export function inScope(product: Pick<StoredProduct, 'listed' | 'stocked' | 'category'>, query: Pick<BrowseQuery, 'category' | 'inStockOnly' | 'archived'>): boolean {
  if (query.archived) return product.listed === 0 && (query.category === '' || product.category === query.category)
  if (product.listed !== 1) return false
  if (query.inStockOnly && product.stocked !== 1) return false
  return query.category === '' || product.category === query.category
}

/** Whether a product is a result of the query: in scope, and its name (or its category's name) or SKU matches. */
export function matchesQuery(product: StoredProduct, query: BrowseQuery, search = parseSearch(query.text)): boolean {
  if (!inScope(product, query)) return false
  if (search.words.length === 0 && search.sku === undefined) return true
  return (search.sku !== undefined && product.sku === search.sku) || (search.words.length > 0 && wordsMatch(product, search.words))
}

/** Every word typed starts a word of the product's name or of its category (the listing's search words). */
function wordsMatch(product: Pick<StoredProduct, 'nameWords' | 'category'>, queryWords: readonly string[]): boolean {
  const category = wordsOfCategory(product.category)
  return queryWords.every((q) => product.nameWords.some((w) => w.startsWith(q)) || category.some((w) => w.startsWith(q)))
}
