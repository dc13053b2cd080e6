/**
 * Reading the catalog at any size, through Dexie. The plan (which index, which range, how
 * search narrows it) is catalogPlan.ts's, written once against the small CatalogReader
 * interface; here it runs through Dexie, and the benchmark runs the very same plan through
 * raw IndexedDB to measure what Dexie costs. All reads are safe inside liveQuery, so pages
 * stay live when products change anywhere. A listing needs only catalogListing.ts; the whole
 * plan, search included, loads with the first search (loadSearch).
 */
import type { Id } from '../domain/id'
import { NotFoundError } from '../domain/errors'
import type { StoredProduct } from '../domain/product'
import { CATALOG_SEEDED_KEY, type ShopDatabase } from '../db/database'
import { listingPlan, listingRange, PAGE_SIZE, runPlan, SEARCH_TUNING, type CatalogReader, type IndexRange, type PageRange, type ProductPage } from './catalogListing'
import type { BrowseQuery } from '../domain/browse'
import type { readPage } from './catalogPlan'

// What the app's pages and lists use of the plan, from the module that reads the catalog.
export { PAGE_SIZE, SEARCH_TUNING, type PageRange, type ProductPage, type SearchTuning } from './catalogListing'

/** The whole plan's reader (catalogPlan.ts), search included, once loaded. */
let readSearchPage: typeof readPage | undefined

/** Whether a query has search text, so its pages need the search plan (loadSearch). */
export function isSearch(query: Pick<BrowseQuery, 'text'>): boolean {
  return query.text.trim() !== ''
}

/** Whether the search plan is loaded: browseProducts reads a search at once, with no import to wait for. */
export function searchLoaded(): boolean {
  return readSearchPage !== undefined
}

/**
 * Loads the search plan. A live list loads it before its live queries start (useProductPages):
 * a liveQuery that waited for an import() would lose track of the ranges it reads after it.
 */
export async function loadSearch(): Promise<void> {
  readSearchPage ??= (await import('./catalogPlan')).readPage
}

/**
 * The plan's reads done through Dexie (so liveQuery tracks every range read): index ranges
 * over the listings, rows from products by id. A page therefore re-reads when one of its
 * products changes (its stock, say) or when a listing moves into or out of its range.
 */
function dexieReader(db: ShopDatabase): CatalogReader {
  const collection = (range: IndexRange, limit: number) => {
    let c = db.listings.where(range.index).between(range.lower, range.upper, !range.lowerOpen, !range.upperOpen)
    if (range.reverse) c = c.reverse()
    return Number.isFinite(limit) ? c.limit(limit) : c
  }
  const get = (ids: readonly Id[]) => db.products.bulkGet([...ids])
  return {
    values: async (range, limit) => (await get((await collection(range, limit).primaryKeys()) as Id[])).filter((p) => p !== undefined),
    keys: (range, limit) => collection(range, limit).primaryKeys() as Promise<Id[]>,
    get,
    bySku: (sku) => db.products.where('sku').equals(sku).first(),
  }
}

/**
 * One page of the catalog, read in one transaction so it is a consistent snapshot. A search
 * first loads the search plan if it is not loaded yet (outside the transaction: an import()
 * inside one would let it commit).
 */
export function browseProducts(
  db: ShopDatabase,
  query: BrowseQuery,
  range: PageRange,
  limit = PAGE_SIZE,
  tuning = SEARCH_TUNING,
): Promise<ProductPage> {
  if (!isSearch(query)) return db.transaction('r', db.listings, db.products, () => runPlan(listingPlan(query, range, limit), dexieReader(db)))
  const read = readSearchPage
  if (!read) return loadSearch().then(() => browseProducts(db, query, range, limit, tuning))
  return db.transaction('r', db.listings, db.products, () => read(dexieReader(db), query, range, limit, tuning))
}

/** How many products a query without search text finds: one count of its listing's range. */
export function countListing(db: ShopDatabase, query: BrowseQuery): Promise<number> {
  const r = listingRange(query, null, null)
  return db.listings.where(r.index).between(r.lower, r.upper, !r.lowerOpen, !r.upperOpen).count()
}

/** The categories in the shop, A to Z, read from the category index without loading products. */
export async function listCategories(db: ShopDatabase): Promise<string[]> {
  return (await db.products.orderBy('category').uniqueKeys()) as string[]
}

export function findProduct(db: ShopDatabase, id: Id): Promise<StoredProduct | undefined> {
  return db.products.get(id)
}

export async function getProduct(db: ShopDatabase, id: Id): Promise<StoredProduct> {
  const product = await db.products.get(id)
  if (!product) throw new NotFoundError('That product does not exist.')
  return product
}

/** The id now of the product that had number `oldId` on this device before version 6, if any. */
export async function legacyProductId(db: ShopDatabase, oldId: number): Promise<Id | undefined> {
  return (await db.legacyIds.get(`products:${oldId}`))?.id
}

/** Whether this device's demo catalog was seeded already (the flag db/seed.ts claims). */
export async function isCatalogSeeded(db: ShopDatabase): Promise<boolean> {
  return (await db.meta.get(CATALOG_SEEDED_KEY)) !== undefined
}
