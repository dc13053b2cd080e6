/**
 * The catalog's query plan for a listing without search text, and what the whole plan
 * (services/catalogPlan.ts) is made of: for a query and a page range, which index range to
 * read. Pure: it names the reads it needs (a generator yielding CatalogRead) and is handed
 * their results, so it runs unchanged through Dexie (services/catalog.ts), through raw
 * IndexedDB (the benchmark) and through a test's canned answers. Every read goes through an
 * index with a limit and starts right after the last row already shown (keyset paging): no
 * table scan, no offset. How search narrows a listing is catalogSearch.ts's, loaded with the
 * first search: the first page (a listing) does not carry it.
 */
import { SORT_DESCENDING, SORT_FIELD, sortKeyOf, type BrowseQuery, type SortKey } from '../domain/browse'
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

export function* values(range: IndexRange, limit: number): Plan<StoredProduct[]> {
  return (yield { kind: 'values', range, limit }) as StoredProduct[]
}
export function* keys(range: IndexRange, limit: number): Plan<Id[]> {
  return (yield { kind: 'keys', range, limit }) as Id[]
}
export function* get(ids: readonly Id[]): Plan<(StoredProduct | undefined)[]> {
  return (yield { kind: 'get', ids }) as (StoredProduct | undefined)[]
}
export function* bySku(sku: string): Plan<StoredProduct | undefined> {
  return (yield { kind: 'bySku', sku }) as StoredProduct | undefined
}

/** Runs a plan, answering each read with `reader`. */
export async function runPlan<T>(plan: Plan<T>, reader: CatalogReader): Promise<T> {
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

/** One page of a listing (a query without search text): one index range with a limit. */
export function* listingPlan(query: BrowseQuery, range: PageRange, limit = PAGE_SIZE): Plan<ProductPage> {
  const rows = yield* values(listingRange(query, range.after, range.until), range.until ? Infinity : limit + 1)
  return lastOrBounded(rows, query, range, limit)
}

/** A listing's rows as a page: bounded pages keep them all; the last page keeps `limit`. */
export function lastOrBounded(rows: StoredProduct[], query: BrowseQuery, range: PageRange, limit: number): ProductPage {
  if (range.until) return { items: rows, through: range.until, done: false }
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items, through: last ? sortKeyOf(last, query.sort) : range.after, done: rows.length <= limit }
}
