/**
 * The catalog's query plan: for a query and a page range, which index ranges to read, in
 * what order, and how search narrows them. Pure: it names the reads it needs (a generator
 * yielding CatalogRead) and is handed their results, so it runs unchanged through Dexie
 * (services/catalog.ts), through raw IndexedDB (the benchmark) and through a test's
 * canned answers. Every read goes through an index with a limit and starts right after the
 * last row already shown (keyset paging): no table scan, no offset.
 */
import { compareInSort, matchesQuery, parseSearch, SORT_DESCENDING, SORT_FIELD, sortKeyOf, type BrowseQuery, type ParsedSearch, type SortKey } from '../domain/browse'
import type { Id } from '../domain/id'
import type { StoredProduct } from '../domain/product'

/** Rows a page shows before the list asks for the next one. */
export const PAGE_SIZE = 50

/** The search plan's limits. Tests shrink them to walk every path with a few products. */
export interface SearchTuning {
  /** A word matching more rows than this is too broad to collect its ids. */
  wordKeyCap: number
  /** Candidates few enough to read whole and sort in memory. */
  fetchCap: number
  /** Index entries read per step when walking a sort index for a search. */
  scanBatch: number
  /** How far one page walks (keys, rows) before returning what it found; the next page goes on. */
  scanMaxKeys: number
  scanMaxValues: number
}

export const SEARCH_TUNING: SearchTuning = { wordKeyCap: 20_000, fetchCap: 500, scanBatch: 2_000, scanMaxKeys: 40_000, scanMaxValues: 5_000 }

const MIN_KEY = -Infinity
const MAX_KEY: IDBValidKey = [[]]

/** One range of one index, as IndexedDB takes it. */
export interface IndexRange {
  index: string
  lower: IDBValidKey
  upper: IDBValidKey
  lowerOpen: boolean
  upperOpen: boolean
  reverse: boolean
}

/** The few reads the plan needs; `limit` may be Infinity. */
export interface CatalogReader {
  /** Rows of an index range, in index order (reversed if asked), at most `limit`. */
  values(range: IndexRange, limit: number): Promise<StoredProduct[]>
  /** The primary keys of an index range, at most `limit` (a multi-entry index may repeat one). */
  keys(range: IndexRange, limit: number): Promise<Id[]>
  /** Rows by id, undefined where there is none. */
  get(ids: readonly Id[]): Promise<(StoredProduct | undefined)[]>
  bySku(sku: string): Promise<StoredProduct | undefined>
}

/**
 * Which part of a listing a page covers: rows after `after` (exclusive) in the listing's
 * order and, for a page that is no longer the last one, up to `until` (inclusive). A page
 * bounded on both sides keeps every row of its range even when rows are added or removed,
 * so live pages never skip or repeat a product.
 */
export interface PageRange {
  after: SortKey | null
  until: SortKey | null
}

export interface ProductPage {
  items: StoredProduct[]
  /** The last place in the order this page has covered: where the next page starts. */
  through: SortKey | null
  /** True when nothing comes after this page. */
  done: boolean
}

/** The compound index that lists the query's scope in the query's order, and the scope's key prefix. */
function scopeIndex(query: BrowseQuery): { index: string; prefix: IDBValidKey[] } {
  const scope = !query.archived && query.inStockOnly ? 'stocked' : 'listed'
  const value = query.archived ? 0 : 1
  const sort = SORT_FIELD[query.sort]
  return query.category
    ? { index: `[category+${scope}+${sort}+id]`, prefix: [query.category, value] }
    : { index: `[${scope}+${sort}+id]`, prefix: [value] }
}

/** The index range of the query's listing between two places in its order. */
export function listingRange(query: BrowseQuery, after: SortKey | null, until: SortKey | null): IndexRange {
  const { index, prefix } = scopeIndex(query)
  const at = (key: SortKey) => [...prefix, ...key]
  const min = [...prefix, MIN_KEY]
  const max = [...prefix, MAX_KEY]
  if (!SORT_DESCENDING[query.sort]) {
    return { index, lower: after ? at(after) : min, lowerOpen: !!after, upper: until ? at(until) : max, upperOpen: false, reverse: false }
  }
  return { index, lower: until ? at(until) : min, lowerOpen: false, upper: after ? at(after) : max, upperOpen: !!after, reverse: true }
}

/** The multi-entry word index range of names with a word starting with `prefix`. */
export function wordRange(prefix: string): IndexRange {
  return { index: 'nameWords', lower: prefix, upper: prefix + '\uffff', lowerOpen: false, upperOpen: false, reverse: false }
}

/** A read the plan asks for; the executor answers it with the reader. */
export type CatalogRead =
  | { kind: 'values'; range: IndexRange; limit: number }
  | { kind: 'keys'; range: IndexRange; limit: number }
  | { kind: 'get'; ids: readonly Id[] }
  | { kind: 'bySku'; sku: string }

/**
 * The plan is a synchronous generator that yields the reads it needs and is resumed with
 * their results. So the only `await`s are in runPlan, each directly on a reader call: Dexie
 * keeps its transaction (and liveQuery's read tracking) across awaits of its own promises,
 * but can lose them across a chain of nested native async functions.
 */
export type Plan<T> = Generator<CatalogRead, T, unknown>

function* values(range: IndexRange, limit: number): Plan<StoredProduct[]> {
  return (yield { kind: 'values', range, limit }) as StoredProduct[]
}
function* keys(range: IndexRange, limit: number): Plan<Id[]> {
  return (yield { kind: "keys", range, limit }) as Id[]
}
function* get(ids: readonly Id[]): Plan<(StoredProduct | undefined)[]> {
  return (yield { kind: 'get', ids }) as (StoredProduct | undefined)[]
}
function* bySku(sku: string): Plan<StoredProduct | undefined> {
  return (yield { kind: 'bySku', sku }) as StoredProduct | undefined
}

/** Runs a plan, answering each read with `reader`. */
async function runPlan<T>(plan: Plan<T>, reader: CatalogReader): Promise<T> {
  let step = plan.next()
  while (!step.done) {
    const read = step.value
    const result =
      read.kind === 'values'
        ? await reader.values(read.range, read.limit)
        : read.kind === 'keys'
          ? await reader.keys(read.range, read.limit)
          : read.kind === 'get'
            ? await reader.get(read.ids)
            : await reader.bySku(read.sku)
    step = plan.next(result)
  }
  return step.value
}

/**
 * One page of the catalog for `query`: without search text, a single index range with a
 * limit; with search text, see searchPage.
 */
export function readPage(reader: CatalogReader, query: BrowseQuery, range: PageRange, limit = PAGE_SIZE, tuning = SEARCH_TUNING): Promise<ProductPage> {
  return runPlan(pagePlan(query, range, limit, tuning), reader)
}

export function* pagePlan(query: BrowseQuery, range: PageRange, limit = PAGE_SIZE, tuning = SEARCH_TUNING): Plan<ProductPage> {
  const search = parseSearch(query.text)
  if (search.words.length === 0 && search.sku === undefined) {
    const rows = yield* values(listingRange(query, range.after, range.until), range.until ? Infinity : limit + 1)
    return lastOrBounded(rows, query, range, limit)
  }
  return yield* searchPage(query, search, range, limit, tuning)
}

/** A listing's rows as a page: bounded pages keep them all; the last page keeps `limit`. */
function lastOrBounded(rows: StoredProduct[], query: BrowseQuery, range: PageRange, limit: number): ProductPage {
  if (range.until) return { items: rows, through: range.until, done: false }
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items, through: last ? sortKeyOf(last, query.sort) : range.after, done: rows.length <= limit }
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
function* searchPage(query: BrowseQuery, search: ParsedSearch, range: PageRange, limit: number, tuning: SearchTuning): Plan<ProductPage> {
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
