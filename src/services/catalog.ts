/**
 * Reading the catalog at any size, through Dexie. The plan (which index, which range, how
 * search narrows it) is catalogPlan.ts's, written once against the small CatalogReader
 * interface; here it runs through Dexie, and the benchmark runs the very same plan through
 * raw IndexedDB to measure what Dexie costs. All reads are safe inside liveQuery, so pages
 * stay live when products change anywhere.
 */
import type { Id } from '../domain/id'
import { NotFoundError } from '../domain/errors'
import type { StoredProduct } from '../domain/product'
import { CATALOG_SEEDED_KEY, type ShopDatabase } from '../db/database'
import { PAGE_SIZE, readPage, SEARCH_TUNING, type CatalogReader, type IndexRange, type PageRange, type ProductPage } from './catalogPlan'
import type { BrowseQuery } from '../domain/browse'

// What the app's pages and lists use of the plan, from the module that reads the catalog.
export { PAGE_SIZE, SEARCH_TUNING, type PageRange, type ProductPage, type SearchTuning } from './catalogPlan'

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

/** One page of the catalog, read in one transaction so it is a consistent snapshot. */
export function browseProducts(
  db: ShopDatabase,
  query: BrowseQuery,
  range: PageRange,
  limit = PAGE_SIZE,
  tuning = SEARCH_TUNING,
): Promise<ProductPage> {
  return db.transaction('r', db.listings, db.products, () => readPage(dexieReader(db), query, range, limit, tuning))
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
