/**
 * The catalog's whole query plan: for a query and a page range, which index ranges to read,
 * in what order, and how search narrows them. It is made of two modules: the listing
 * (catalogListing.ts, on the first page) and search (catalogSearch.ts, loaded with the first
 * search, see services/catalog.ts). Pure: it names the reads it needs (a generator
 * yielding CatalogRead) and is handed their results, so it runs unchanged through Dexie
 * (services/catalog.ts), through raw IndexedDB (the benchmark) and through a test's
 * canned answers. Every read goes through an index with a limit and starts right after the
 * last row already shown (keyset paging): no table scan, no offset.
 */
import type { BrowseQuery } from '../domain/browse'
import { parseSearch } from '../domain/search'
import { listingPlan, PAGE_SIZE, runPlan, SEARCH_TUNING, type CatalogReader, type PageRange, type Plan, type ProductPage } from './catalogListing'
import { searchPage } from './catalogSearch'

export {
  listingRange,
  PAGE_SIZE,
  SEARCH_TUNING,
  type CatalogRead,
  type CatalogReader,
  type IndexRange,
  type PageRange,
  type Plan,
  type ProductPage,
  type SearchTuning,
} from './catalogListing'
export { wordRange } from './catalogSearch'

/**
 * One page of the catalog for `query`: without search text, a single index range with a
 * limit; with search text, see searchPage.
 */
export function readPage(reader: CatalogReader, query: BrowseQuery, range: PageRange, limit = PAGE_SIZE, tuning = SEARCH_TUNING): Promise<ProductPage> {
  return runPlan(pagePlan(query, range, limit, tuning), reader)
}

export function* pagePlan(query: BrowseQuery, range: PageRange, limit = PAGE_SIZE, tuning = SEARCH_TUNING): Plan<ProductPage> {
  const search = parseSearch(query.text)
  if (search.words.length === 0 && search.sku === undefined) return yield* listingPlan(query, range, limit)
  return yield* searchPage(query, search, range, limit, tuning)
}

