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
import { yieldToMain } from './yieldToMain'

/** [name, category, price in cents, stock, description] */
const DEMO: ReadonlyArray<readonly [string, string, number, number, string]> = [
  ['House Blend Coffee Beans', 'Coffee', 1299, 40, 'A balanced medium roast with notes of cocoa and hazelnut. 500 g.'],
  ['Ethiopian Yirgacheffe', 'Coffee', 1699, 12, 'Bright and floral single origin, light roast. 250 g.'],
  ['Decaf Colombian', 'Coffee', 1149, 3, 'Swiss-water decaf with a smooth caramel finish. 250 g.'],
  ['Espresso Roast', 'Coffee', 1399, 25, 'Dark roast for espresso and moka pots. 500 g.'],
  ['Cold Brew Pack', 'Coffee', 999, 0, 'Coarse-ground coffee in filter bags for overnight cold brew.'],
  ['Earl Grey Loose Leaf', 'Tea', 849, 30, 'Black tea scented with bergamot oil. 100 g tin.'],
  ['Sencha Green Tea', 'Tea', 1099, 18, 'Steamed Japanese green tea, grassy and sweet. 100 g.'],
  ['Chamomile Blossoms', 'Tea', 699, 5, 'Whole chamomile flowers for a calming evening cup. 50 g.'],
  ['Masala Chai Blend', 'Tea', 799, 22, 'Assam tea with cardamom, ginger, cinnamon and clove. 100 g.'],
  ['Sourdough Loaf', 'Bakery', 650, 8, 'Naturally leavened country loaf baked this morning.'],
  ['Butter Croissant', 'Bakery', 295, 24, 'Flaky all-butter croissant.'],
  ['Cinnamon Roll', 'Bakery', 375, 2, 'Soft roll swirled with cinnamon sugar and cream-cheese icing.'],
  ['Rye Crackers', 'Bakery', 450, 16, 'Crisp wholegrain rye crackers with sea salt. 200 g.'],
  ['Wildflower Honey', 'Pantry', 1050, 14, 'Raw, unfiltered honey from local hives. 350 g jar.'],
  ['Extra Virgin Olive Oil', 'Pantry', 1899, 9, 'Cold-pressed Arbequina olive oil. 500 ml.'],
  ['Sea Salt Flakes', 'Pantry', 575, 35, 'Hand-harvested pyramid salt flakes. 125 g.'],
  ['Dark Chocolate 70%', 'Pantry', 425, 0, 'Single-origin dark chocolate bar. 100 g.'],
  ['Ceramic Pour-Over Dripper', 'Kitchen', 2499, 6, 'Glazed ceramic dripper for size 02 filters.'],
  ['Glass Teapot', 'Kitchen', 3299, 4, 'Borosilicate teapot with a removable steel infuser. 800 ml.'],
  ['Burr Coffee Grinder', 'Kitchen', 8999, 3, 'Hand grinder with conical steel burrs and 30 settings.'],
  ['Stoneware Mug', 'Kitchen', 1499, 20, 'Hand-glazed 350 ml stoneware mug.'],
  ['Linen Notebook', 'Stationery', 1250, 15, 'A5 notebook with a linen cover and 192 dotted pages.'],
  ['Fountain Pen', 'Stationery', 3450, 7, 'Steel-nib fountain pen with a converter and two cartridges.'],
  ['Recycled Kraft Envelopes', 'Stationery', 525, 50, 'A pack of 25 C6 envelopes made from recycled kraft paper.'],
  ['Brass Bookmark', 'Stationery', 899, 1, 'A slim brass bookmark with a leaf cut-out.'],
]

/**
 * Products the shop seeds itself (the demo catalog, synthetic ones) with ids made from their
 * SKU (domain/id.ts idFromKey): two devices that each seeded before joining one shop hold the
 * same records, not two products per SKU. Their 'initial' ledger rows follow (`i:<id>`).
 */
export function withSeedIds(products: readonly NewProduct[]): Product[] {
  return products.map((p) => ({ id: idFromKey(p.sku), ...p }))
}

/** The demo catalog, with `now` passed in so tests are repeatable; ids from the SKUs. */
export function demoProducts(now: number): Product[] {
  return withSeedIds(DEMO.map(([name, category, price, stock, description], i) => ({
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

/** Seeds the demo catalog once per device. */
export function seedDemoCatalog(db: ShopDatabase, now = Date.now()): Promise<boolean> {
  return seedInChunks(db, demoProducts(now))
}
