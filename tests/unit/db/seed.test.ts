import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { demoProducts, loadDemoCatalog, seedDemoCatalog, seedInChunks, seedSyntheticCatalog } from '../../../src/db/seed'
import type { StoredProduct } from '../../../src/domain/product'
import { idFromKey } from '../../../src/domain/id'
import { aNewProduct, createTestDb } from '../support'

let db: ShopDatabase
beforeEach(() => {
  db = createTestDb()
})
afterEach(async () => {
  await db.delete()
})

/** A stored product without its id and index fields: what was seeded. */
function asSeeded({ id: _id, nameKey: _k, nameWords: _w, listed: _l, stocked: _s, stockGap: _g, ...rest }: StoredProduct) {
  return rest
}

async function ledgerSums(): Promise<Map<string, number>> {
  const sums = new Map<string, number>()
  for (const m of await db.stockLedger.toArray()) sums.set(m.productId, (sums.get(m.productId) ?? 0) + m.delta)
  return sums
}

describe('seedDemoCatalog', () => {
  it('adds at least 24 complete products across several categories', async () => {
    expect(await seedDemoCatalog(db, 1_700_000_000_000)).toBe(true)
    const products = await db.products.toArray()
    expect(products.length).toBeGreaterThanOrEqual(24)
    expect(new Set(products.map((p) => p.category)).size).toBeGreaterThanOrEqual(4)
    expect(new Set(products.map((p) => p.sku)).size).toBe(products.length)
    for (const p of products) {
      expect(p.id).toMatch(/^[-0-9A-Za-z_]{13}$/)
      expect(p.name.trim()).not.toBe('')
      expect(p.category.trim()).not.toBe('')
      expect(p.description.trim()).not.toBe('')
      expect(p.sku).toMatch(/^[A-Z]{3}-\d{4}$/)
      expect(Number.isSafeInteger(p.price) && p.price > 0).toBe(true)
      expect(Number.isSafeInteger(p.stock) && p.stock >= 0).toBe(true)
      expect(p.lowStockThreshold).toBe(5)
      expect(p.archived).toBe(false)
      expect(p.image).toBeUndefined() // the views draw a generated picture
    }
  })

  it("writes each product's 'initial' ledger row with it, equal to its stock", async () => {
    await seedDemoCatalog(db, 7000)
    const products = await db.products.toArray()
    const sums = await ledgerSums()
    for (const p of products) expect(sums.get(p.id), p.name).toBe(p.stock)
    const rows = await db.stockLedger.toArray()
    expect(rows).toHaveLength(products.length)
    expect(rows.every((r) => r.reason === 'initial' && r.stockAfter === r.delta && r.userId === undefined)).toBe(true)
  })

  it('stores the demo catalog in order, numbered by category, stamped from the time given', async () => {
    await seedDemoCatalog(db, 5000)
    // In creation order: seeded ids are made from the SKUs, so they carry no order (idFromKey).
    const stored = (await db.products.toArray()).sort((a, b) => a.createdAt - b.createdAt).map(asSeeded)
    expect(stored).toHaveLength(25)
    expect(stored[0]).toEqual({
      sku: 'COF-0001',
      name: 'House Blend Coffee Beans',
      category: 'Coffee',
      description: 'A balanced medium roast with notes of cocoa and hazelnut. 500 g.',
      price: 1299,
      stock: 40,
      lowStockThreshold: 5,
      picture: 'demo/house-blend-coffee-beans.svg',
      archived: false,
      createdAt: 5000,
      updatedAt: 5000,
    })
    expect(stored[24]).toEqual({
      sku: 'STA-0025',
      name: 'Brass Bookmark',
      category: 'Stationery',
      description: 'A slim brass bookmark with a leaf cut-out.',
      price: 899,
      stock: 1,
      lowStockThreshold: 5,
      picture: 'demo/brass-bookmark.svg',
      archived: false,
      createdAt: 5024,
      updatedAt: 5024,
    })
    // Stamped one millisecond apart, in the catalog's own order.
    expect(stored.map((p) => p.createdAt)).toEqual(Array.from({ length: 25 }, (_, i) => 5000 + i))
  })

  it("makes each product's id from its SKU, so two devices that seeded apart hold the same records", async () => {
    await seedDemoCatalog(db, 5000)
    const other = createTestDb()
    try {
      await seedDemoCatalog(other, 9_000_000)
      const ids = (await db.products.toArray()).map((p) => [p.sku, p.id])
      expect((await other.products.toArray()).map((p) => [p.sku, p.id]).sort()).toEqual(ids.sort())
      for (const p of await db.products.toArray()) expect(p.id).toBe(idFromKey(p.sku))
      expect((await other.stockLedger.toArray()).map((r) => r.id).sort()).toEqual((await db.stockLedger.toArray()).map((r) => r.id).sort())
    } finally {
      await other.delete()
    }
  })

  it('includes products that are out of stock and products that are low', async () => {
    await seedDemoCatalog(db, 0)
    const stocks = (await db.products.toArray()).map((p) => p.stock)
    expect(stocks).toContain(0)
    expect(stocks.some((s) => s > 0 && s <= 5)).toBe(true)
  })

  it('seeds only once when run twice', async () => {
    expect(await seedDemoCatalog(db, 0)).toBe(true)
    const first = await db.products.toArray()
    expect(await seedDemoCatalog(db, 1)).toBe(false)
    expect(await db.products.toArray()).toEqual(first)
  })

  it('seeds only once when two calls run at the same time', async () => {
    const results = await Promise.all([seedDemoCatalog(db, 0), seedDemoCatalog(db, 0)])
    expect(results.filter(Boolean)).toHaveLength(1)
    expect(await db.products.count()).toBe(demoProducts(await loadDemoCatalog(), 0).length)
  })

  it('seeds only once when two tabs (two connections) start together', async () => {
    const otherTab = new ShopDatabase(db.name)
    try {
      const results = await Promise.all([seedDemoCatalog(db, 0), seedDemoCatalog(otherTab, 0)])
      expect(results.filter(Boolean)).toHaveLength(1)
      expect(await db.products.count()).toBe(demoProducts(await loadDemoCatalog(), 0).length)
    } finally {
      otherTab.close()
    }
  })
})

describe('seedInChunks', () => {
  const many = (n: number, prefix = 'P') =>
    Array.from({ length: n }, (_, i) => aNewProduct({ sku: `${prefix}-${i}`, name: `${prefix} product ${i}` }))

  it.each([1, 3, 7, 10, 500])('writes all 10 products with a chunk size of %d', async (chunkSize) => {
    const products = many(10)
    expect(await seedInChunks(db, products, { chunkSize })).toBe(true)
    const stored = await db.products.orderBy('id').toArray()
    expect(stored.map((p) => p.sku)).toEqual(products.map((p) => p.sku))
    expect(await db.meta.get('catalogSeeded')).toEqual({ key: 'catalogSeeded', value: true })
  })

  it('adds nothing on a second call, even with other products', async () => {
    await seedInChunks(db, many(5), { chunkSize: 2 })
    expect(await seedInChunks(db, many(5, 'Q'), { chunkSize: 2 })).toBe(false)
    expect((await db.products.toArray()).map((p) => p.sku)).toEqual(['P-0', 'P-1', 'P-2', 'P-3', 'P-4'])
  })

  it('lets only one of two concurrent chunked calls seed', async () => {
    const results = await Promise.all([
      seedInChunks(db, many(9), { chunkSize: 2 }),
      seedInChunks(db, many(9, 'Q'), { chunkSize: 2 }),
    ])
    expect(results.filter(Boolean)).toHaveLength(1)
    const skus = (await db.products.toArray()).map((p) => p.sku)
    expect(skus).toHaveLength(9)
    expect(new Set(skus.map((s) => s[0])).size).toBe(1)
  })

  it('keeps separate flags apart', async () => {
    expect(await seedInChunks(db, many(2), { flagKey: 'a' })).toBe(true)
    expect(await seedInChunks(db, many(2, 'Q'), { flagKey: 'b' })).toBe(true)
    expect(await seedInChunks(db, many(2, 'R'), { flagKey: 'a' })).toBe(false)
    expect(await db.products.count()).toBe(4)
  })
})

describe('seedSyntheticCatalog', () => {
  it('seeds N generated products with their ledger rows instead of the demo catalog, once', async () => {
    expect(await seedSyntheticCatalog(db, 1_234, { now: 10 })).toBe(true)
    expect(await db.products.count()).toBe(1_234)
    expect(await db.products.where('sku').equals('SYN-0001234').count()).toBe(1)
    const sums = await ledgerSums()
    for (const p of await db.products.toArray()) expect(sums.get(p.id)).toBe(p.stock)
    expect(await seedDemoCatalog(db)).toBe(false)
    expect(await seedSyntheticCatalog(db, 5)).toBe(false)
    expect(await db.products.count()).toBe(1_234)
  })

  it('adds nothing on a device that already has its catalog', async () => {
    await seedDemoCatalog(db, 0)
    expect(await seedSyntheticCatalog(db, 10)).toBe(false)
    expect(await db.products.count()).toBe(demoProducts(await loadDemoCatalog(), 0).length)
  })
})
