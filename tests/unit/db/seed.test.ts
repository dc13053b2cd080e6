import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { demoProducts, productImage, seedDemoCatalog, seedInChunks } from '../../../src/db/seed'
import { aNewProduct, createTestDb } from '../support'

let db: ShopDatabase
beforeEach(() => {
  db = createTestDb()
})
afterEach(async () => {
  await db.delete()
})

function svgOf(dataUrl: string): string {
  const prefix = 'data:image/svg+xml;charset=utf-8,'
  expect(dataUrl.startsWith(prefix)).toBe(true)
  return decodeURIComponent(dataUrl.slice(prefix.length))
}

describe('seedDemoCatalog', () => {
  it('adds at least 24 complete products across several categories', async () => {
    expect(await seedDemoCatalog(db, 1_700_000_000_000)).toBe(true)
    const products = await db.products.toArray()
    expect(products.length).toBeGreaterThanOrEqual(24)
    expect(new Set(products.map((p) => p.category)).size).toBeGreaterThanOrEqual(4)
    expect(new Set(products.map((p) => p.sku)).size).toBe(products.length)
    for (const p of products) {
      expect(p.id).toEqual(expect.any(Number))
      expect(p.name.trim()).not.toBe('')
      expect(p.category.trim()).not.toBe('')
      expect(p.description.trim()).not.toBe('')
      expect(p.sku).toMatch(/^[A-Z]{3}-\d{4}$/)
      expect(Number.isSafeInteger(p.price) && p.price > 0).toBe(true)
      expect(Number.isSafeInteger(p.stock) && p.stock >= 0).toBe(true)
      expect(svgOf(p.image)).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>$/)
    }
  })

  it('stores exactly the demo catalog, stamped with the time given', async () => {
    await seedDemoCatalog(db, 5000)
    const stored = await db.products.orderBy('id').toArray()
    expect(stored.map(({ id: _id, ...rest }) => rest)).toEqual(demoProducts(5000))
    expect(stored[0]?.createdAt).toBe(5000)
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
    expect(await db.products.count()).toBe(demoProducts(0).length)
  })

  it('seeds only once when two tabs (two connections) start together', async () => {
    const otherTab = new ShopDatabase(db.name)
    try {
      const results = await Promise.all([seedDemoCatalog(db, 0), seedDemoCatalog(otherTab, 0)])
      expect(results.filter(Boolean)).toHaveLength(1)
      expect(await db.products.count()).toBe(demoProducts(0).length)
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

describe('productImage', () => {
  it('draws the initials and category in the category colour', () => {
    const svg = svgOf(productImage('Glass Teapot', 'Kitchen'))
    expect(svg).toContain('fill="#35618f"')
    expect(svg).toContain('>GT</text>')
    expect(svg).toContain('>Kitchen</text>')
  })

  it('escapes XML in names and falls back to grey for an unknown category', () => {
    const svg = svgOf(productImage('<b> & co', 'Tools & <Things>'))
    expect(svg).toContain('fill="#555555"')
    expect(svg).toContain('>&#60;&#38;</text>')
    expect(svg).toContain('>Tools &#38; &#60;Things&#62;</text>')
    expect(svg).not.toContain('<b>')
  })
})
