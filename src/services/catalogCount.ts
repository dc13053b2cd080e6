/**
 * The exact number of products a catalog query finds ("20,000 products"), from index reads
 * only: no product is read but an exact SKU match. Safe inside liveQuery.
 *
 * - No search text: one count of the query's listing range (IDBIndex.count; services/catalog.ts's
 *   countListing, which the catalog's first page uses without loading this module).
 * - Search text: the ids of each typed word's word-index range, intersected (the same sets the
 *   search plan uses); then the query's scope (listed or in stock, a category): for few
 *   candidates their listings are read and tested, for many the scope's own ids (keys only)
 *   are intersected with them. An exact SKU match counts once.
 *
 * Cost at 100k products: a filter alone is one index count. A search reads keys only, one
 * id per matching index entry: a one-letter word in every name reads ~100k keys, then the
 * scope's ~100k, a few tens of milliseconds each in Chromium, off the page's own reads.
 */
import type { BrowseQuery } from '../domain/browse'
import { inScope, parseSearch } from '../domain/search'
import type { Id } from '../domain/id'
import type { ShopDatabase } from '../db/database'
import { countListing } from './catalog'
import { listingRange, type IndexRange } from './catalogListing'
import { wordRange } from './catalogSearch'

/** Candidates few enough to test one by one rather than read the scope's ids. */
const TEST_CAP = 1_000

/** How many products `query` finds (`testCap`: see TEST_CAP; tests shrink it to walk both ways). */
export async function countProducts(db: ShopDatabase, query: BrowseQuery, testCap = TEST_CAP): Promise<number> {
  const range = (r: IndexRange) => db.listings.where(r.index).between(r.lower, r.upper, !r.lowerOpen, !r.upperOpen)
  const scope = listingRange(query, null, null)
  const search = parseSearch(query.text)
  if (search.words.length === 0 && search.sku === undefined) return countListing(db, query)

  let found = new Set<Id>()
  // Longest words first: they are usually the narrowest, and an empty set ends the search.
  for (const [i, word] of [...search.words].sort((a, b) => b.length - a.length).entries()) {
    const ids = (await range(wordRange(word)).primaryKeys()) as Id[]
    found = i === 0 ? new Set(ids) : new Set(ids.filter((id) => found.has(id)))
    if (found.size === 0) break
  }
  if (found.size > testCap) {
    const inScopeIds = (await range(scope).primaryKeys()) as Id[]
    found = new Set(inScopeIds.filter((id) => found.has(id)))
  } else if (found.size > 0) {
    const listings = await db.listings.bulkGet([...found])
    found = new Set(listings.flatMap((l) => (l && inScope(l, query) ? [l.id] : [])))
  }
  const skuHit = search.sku === undefined ? undefined : await db.products.where('sku').equals(search.sku).first()
  return found.size + (skuHit && inScope(skuHit, query) && !found.has(skuHit.id) ? 1 : 0)
}
