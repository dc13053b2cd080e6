/**
 * The demo catalog put on a fresh device. Seeding writes in chunks, each its own
 * transaction, and yields to the event loop between them so the page never freezes; a
 * flag written in the first chunk's transaction makes it run once even with two tabs open.
 */
import { idFromKey } from '../domain/id'
import { LOW_STOCK_THRESHOLD, type NewProduct, type Product } from '../domain/product'
import { demoPicture } from '../domain/productArt'
import { initialStockRows } from '../domain/stock'
import { CATALOG_SEEDED_KEY, type ShopDatabase } from './database'
import { loadDemoCatalog, type DemoRow } from './demoCatalog'
import { yieldToMain } from './yieldToMain'

export { DEMO_CATALOG_URL, loadDemoCatalog, type DemoRow } from './demoCatalog'

/**
 * Products the shop seeds itself (the demo catalog, synthetic ones) with ids made from their
 * SKU (domain/id.ts idFromKey): two devices that each seeded before joining one shop hold the
 * same records, not two products per SKU. Their 'initial' ledger rows follow (`i:<id>`).
 */
export function withSeedIds(products: readonly NewProduct[]): Product[] {
  return products.map((p) => ({ id: idFromKey(p.sku), ...p }))
}

/** The demo catalog from its `rows`, with `now` passed in so tests are repeatable; ids from the SKUs. */
export function demoProducts(rows: readonly DemoRow[], now: number): Product[] {
  return withSeedIds(rows.map(([name, category, price, stock, description], i) => ({
    sku: `${category.slice(0, 3).toUpperCase()}-${String(i + 1).padStart(4, '0')}`,
    name,
    category,
    description,
    price,
    stock,
    lowStockThreshold: LOW_STOCK_THRESHOLD,
    // public/demo/<slug>.svg, from scripts/extract-demo-pictures.mjs.
    picture: demoPicture(name),
    archived: false,
    createdAt: now + i,
    updatedAt: now + i,
  })))
}

/**
 * Adds `products` in chunks of `chunkSize`, each chunk with its 'initial' ledger rows in
 * its own transaction, yielding between chunks. The first chunk's transaction claims the
 * `flagKey` flag, so a second caller (another tab) adds nothing. Returns whether this call
 * did the seeding. `onProgress` hears how many products are in so far.
 */
export async function seedInChunks(
  db: ShopDatabase,
  /** Without an id, a product gets a fresh one. */
  products: readonly (NewProduct | Product)[],
  {
    chunkSize = 500,
    flagKey = CATALOG_SEEDED_KEY,
    onProgress,
  }: { chunkSize?: number; flagKey?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<boolean> {
  for (let start = 0; start < products.length; start += chunkSize) {
    const chunk = products.slice(start, start + chunkSize)
    const claimed = await db.transaction('rw', db.products, db.stockLedger, db.meta, async () => {
      if (start === 0) {
        if (await db.meta.get(flagKey)) return false
        await db.meta.put({ key: flagKey, value: true })
      }
      const ids = await db.products.bulkAdd(chunk, { allKeys: true })
      await db.stockLedger.bulkAdd(initialStockRows(chunk.map((p, i) => ({ ...p, id: ids[i]! }))))
      return true
    })
    if (!claimed) return false
    onProgress?.(Math.min(start + chunkSize, products.length), products.length)
    if (start + chunkSize < products.length) await yieldToMain()
  }
  return true
}

/**
 * Seeds `count` generated products instead of the demo catalog, once per device (the same
 * flag), in chunks that yield: the `?synthetic=N` address on a fresh device.
 */
export async function seedSyntheticCatalog(
  db: ShopDatabase,
  count: number,
  { now = Date.now(), onProgress }: { now?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<boolean> {
  if (await db.meta.get(CATALOG_SEEDED_KEY)) return false
  const { generateProducts } = await import('./synthetic')
  return seedInChunks(db, withSeedIds(generateProducts(count, { now })), { chunkSize: 1_000, ...(onProgress ? { onProgress } : {}) })
}

/** Seeds the demo catalog once per device; its rows are fetched unless they are on their way already. */
export async function seedDemoCatalog(db: ShopDatabase, now = Date.now(), rows: PromiseLike<readonly DemoRow[]> = loadDemoCatalog()): Promise<boolean> {
  return seedInChunks(db, demoProducts(await rows, now))
}
