/**
 * How search narrows the catalog's listing: the search half of the query plan (see
 * catalogListing.ts for the listing and catalogPlan.ts for the whole), in a module of its own
 * so that only a visit that searches loads it.
 */
import { compareInSort, sortKeyOf, type BrowseQuery, type SortKey } from '../domain/browse'
import { matchesQuery, type ParsedSearch } from '../domain/search'
import type { Id } from '../domain/id'
import type { StoredProduct } from '../domain/product'
import { bySku, get, keys, lastOrBounded, listingRange, values, type IndexRange, type PageRange, type Plan, type ProductPage, type SearchTuning } from './catalogListing'

/** The multi-entry word index range of names with a word starting with `prefix`. */
export function wordRange(prefix: string): IndexRange {
  return { index: 'nameWords', lower: prefix, upper: prefix + '\uffff', lowerOpen: false, upperOpen: false, reverse: false }
}

/**
 * A page of search results. The word index gives, for each typed word, the ids of names
 * with a word starting with it; the narrow words' id sets are intersected.
 * - Few candidates: read them, keep the real matches, sort in memory.
 * - Many candidates: walk the listing's sort index keys-only, keep ids in the set, and read
 *   only the rows the page shows.
 * - Every word too broad to collect (over `wordKeyCap` rows): walk the listing's rows and
 *   test each; a broad word matches at least one row in five, so this ends quickly.
 * An exact SKU match joins the results wherever it falls in the order.
 */
export function* searchPage(query: BrowseQuery, search: ParsedSearch, range: PageRange, limit: number, tuning: SearchTuning): Plan<ProductPage> {
  const accept = (p: StoredProduct | undefined): p is StoredProduct => p !== undefined && matchesQuery(p, query, search)
  let candidates: Set<Id> | undefined
  // Longest words first: they are usually the narrowest.
  for (const word of [...search.words].sort((a, b) => b.length - a.length)) {
    const found = yield* keys(wordRange(word), tuning.wordKeyCap + 1)
    if (found.length > tuning.wordKeyCap) continue
    const ids = new Set(found)
    candidates = candidates ? new Set([...candidates].filter((id) => ids.has(id))) : ids
    if (candidates.size === 0) break
  }

  let page: ProductPage
  if (search.words.length === 0) page = { items: [], through: null, done: true }
  else if (candidates && candidates.size <= tuning.fetchCap) page = pageInMemory((yield* get([...candidates])).filter(accept), query, range, limit)
  else if (candidates) page = yield* walkKeys(query, range, limit, tuning, candidates, accept)
  else page = yield* walkValues(query, range, limit, tuning, accept)

  const skuHit = search.sku === undefined ? undefined : yield* bySku(search.sku)
  if (accept(skuHit) && !page.items.some((p) => p.id === skuHit.id) && covers(page, query, range, sortKeyOf(skuHit, query.sort))) {
    const order = compareInSort(query.sort)
    page.items = [...page.items, skuHit].sort((a, b) => order(sortKeyOf(a, query.sort), sortKeyOf(b, query.sort)))
  }
  return page
}

/** Whether `key` falls in the part of the order the page covers. */
function covers(page: ProductPage, query: BrowseQuery, range: PageRange, key: SortKey): boolean {
  const order = compareInSort(query.sort)
  if (range.after && order(key, range.after) <= 0) return false
  return page.done || (page.through !== null && order(key, page.through) <= 0)
}

/** Sorts matches already in memory and cuts the page out of them. */
function pageInMemory(matches: StoredProduct[], query: BrowseQuery, range: PageRange, limit: number): ProductPage {
  const order = compareInSort(query.sort)
  const keyed = matches.map((p) => ({ p, key: sortKeyOf(p, query.sort) })).sort((a, b) => order(a.key, b.key))
  const inRange = keyed.filter(({ key }) => (!range.after || order(key, range.after) > 0) && (!range.until || order(key, range.until) <= 0))
  return lastOrBounded(
    inRange.map(({ p }) => p),
    query,
    range,
    limit,
  )
}

/** Walks the listing's index keys-only, keeping candidates, then reads just those rows. */
function* walkKeys(
  query: BrowseQuery,
  range: PageRange,
  limit: number,
  tuning: SearchTuning,
  candidates: Set<Id>,
  accept: (p: StoredProduct | undefined) => p is StoredProduct,
): Plan<ProductPage> {
  const picked: Id[] = []
  let from = range.after
  let scanned = 0
  let exhausted = false
  for (;;) {
    const batch = yield* keys(listingRange(query, from, range.until), tuning.scanBatch)
    for (const id of batch) if (candidates.has(id)) picked.push(id)
    scanned += batch.length
    if (batch.length < tuning.scanBatch) {
      exhausted = true
      break
    }
    const [last] = yield* get([batch[batch.length - 1] ?? ''])
    if (!last) break
    from = sortKeyOf(last, query.sort)
    // Enough for a page, or walked far without filling one: the next page goes on from here.
    if (!range.until && (picked.length > limit || scanned >= tuning.scanMaxKeys)) break
  }
  const rows = (yield* get(picked)).filter(accept)
  if (range.until) return { items: rows, through: range.until, done: false }
  if (!exhausted && rows.length <= limit) return { items: rows, through: from, done: false }
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items, through: last ? sortKeyOf(last, query.sort) : from, done: exhausted && rows.length <= limit }
}

/** Walks the listing's rows testing each: for words so common that their ids are not worth collecting. */
function* walkValues(
  query: BrowseQuery,
  range: PageRange,
  limit: number,
  tuning: SearchTuning,
  accept: (p: StoredProduct | undefined) => p is StoredProduct,
): Plan<ProductPage> {
  const found: StoredProduct[] = []
  let from = range.after
  let scanned = 0
  const batchSize = 4 * limit
  for (;;) {
    const batch = yield* values(listingRange(query, from, range.until), batchSize)
    for (const p of batch) if (accept(p)) found.push(p)
    scanned += batch.length
    const last = batch.at(-1)
    if (batch.length < batchSize) return lastOrBounded(found, query, range, limit)
    if (!range.until && found.length > limit) return lastOrBounded(found, query, range, limit)
    from = last ? sortKeyOf(last, query.sort) : from
    if (!range.until && scanned >= tuning.scanMaxValues) return { items: found, through: from, done: false }
  }
}
