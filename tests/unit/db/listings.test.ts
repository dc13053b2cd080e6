/**
 * The listings table (db.listings) follows the products through the database's middleware:
 * every write of a product keeps its listing right, in the same transaction, and a write
 * that changes nothing a listing holds (a sale that leaves stock) does not touch it.
 */
import type { Id } from '../../../src/domain/id'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { DEFAULT_QUERY, type BrowseQuery } from '../../../src/domain/browse'
import { browseProducts } from '../../../src/services/catalog'
import { changeStock } from '../../../src/services/stock'
import { aNewProduct, createTestDb } from '../support'

let db: ShopDatabase
beforeEach(() => {
  db = createTestDb()
})
afterEach(async () => {
  await db.delete()
})

const names = async (query: Partial<BrowseQuery>) =>
  (await browseProducts(db, { ...DEFAULT_QUERY, ...query }, { after: null, until: null })).items.map((p) => p.name)

/** Counts the listing rows written from now on (Dexie's hooks sit below the middleware). */
function countListingWrites(): { readonly count: number } {
  const counter = { count: 0 }
  db.listings.hook('creating', () => void (counter.count += 1))
  db.listings.hook('updating', () => void (counter.count += 1))
  return counter
}

async function addMugAndTea() {
  const [mug, tea] = (await db.products.bulkAdd(
    [aNewProduct({ sku: 'KIT-1', name: 'Stoneware Mug', stock: 3 }), aNewProduct({ sku: 'TEA-1', name: 'Sencha Tea', category: 'Tea', stock: 8 })],
    { allKeys: true },
  )) as Id[]
  return { mug: mug!, tea: tea! }
}

describe('search finds a product by its category\'s name', () => {
  it('a category word, or its start, finds every product of that category; with a name word, only those that have both', async () => {
    await addMugAndTea()
    await db.products.add(aNewProduct({ sku: 'KIT-2', name: 'Chef\'s Knife', category: 'Kitchen Tools' }))
    expect(await names({ text: 'kitch' })).toEqual(['Chef\'s Knife', 'Stoneware Mug'])
    expect(await names({ text: 'kitchen mug' })).toEqual(['Stoneware Mug'])
    expect(await names({ text: 'tools' })).toEqual(['Chef\'s Knife'])
    expect(await names({ text: 'tea' })).toEqual(['Sencha Tea'])
    expect(await names({ text: 'kitchenware' })).toEqual([])
  })

  it('a new category moves the product\'s search words with it', async () => {
    const { mug } = await addMugAndTea()
    await db.products.update(mug, { category: 'Tableware' })
    expect(await names({ text: 'kitchen' })).toEqual([])
    expect(await names({ text: 'table' })).toEqual(['Stoneware Mug'])
    expect((await db.listings.get(mug))?.nameWords).toEqual(['stoneware', 'mug', 'tableware'])
  })

  it('every path of the search plan accepts a category match (few candidates, many, and words too broad to collect)', async () => {
    await db.products.bulkAdd(Array.from({ length: 12 }, (_, i) => aNewProduct({ sku: `P-${i}`, name: `Item ${String(i).padStart(2, '0')}`, category: i % 2 ? 'Garden' : 'Kitchen' })))
    const query = { ...DEFAULT_QUERY, text: 'garden' }
    const expected = ['Item 01', 'Item 03', 'Item 05', 'Item 07', 'Item 09', 'Item 11']
    for (const tuning of [
      { wordKeyCap: 100, fetchCap: 100, scanBatch: 3, scanMaxKeys: 100, scanMaxValues: 100 },
      { wordKeyCap: 100, fetchCap: 2, scanBatch: 3, scanMaxKeys: 100, scanMaxValues: 100 },
      { wordKeyCap: 2, fetchCap: 2, scanBatch: 3, scanMaxKeys: 100, scanMaxValues: 100 },
    ]) {
      const page = await browseProducts(db, query, { after: null, until: null }, 50, tuning)
      expect(page.items.map((p) => p.name), JSON.stringify(tuning)).toEqual(expected)
    }
  })
})

describe('listings follow the products', () => {
  it('adding products writes one listing each, with the fields a listing keeps (the name folded and split into words, then the category\'s words)', async () => {
    const { mug, tea } = await addMugAndTea()
    expect(await db.listings.toArray()).toEqual([
      { id: mug, category: 'Kitchen', price: 1499, createdAt: 0, nameKey: 'stoneware mug', nameWords: ['stoneware', 'mug', 'kitchen'], listed: 1, stocked: 1 },
      { id: tea, category: 'Tea', price: 1499, createdAt: 0, nameKey: 'sencha tea', nameWords: ['sencha', 'tea'], listed: 1, stocked: 1 },
    ])
    expect(await names({ text: 'sen' })).toEqual(['Sencha Tea'])
  })

  it('a sale that leaves stock rewrites the product but not its listing', async () => {
    const { mug } = await addMugAndTea()
    const writes = countListingWrites()
    await db.transaction('rw', db.products, db.stockLedger, async () => {
      await changeStock(db, (await db.products.get(mug))!, { delta: -2, reason: 'sale', at: 5 })
    })
    expect(writes.count).toBe(0)
    expect((await db.products.get(mug))?.stock).toBe(1)
    expect(await names({ inStockOnly: true })).toEqual(['Sencha Tea', 'Stoneware Mug'])
  })

  it('stock reaching zero takes the product out of "in stock only", a restock puts it back', async () => {
    const { mug } = await addMugAndTea()
    const writes = countListingWrites()
    await db.transaction('rw', db.products, db.stockLedger, async () => {
      await changeStock(db, (await db.products.get(mug))!, { delta: -3, reason: 'sale', at: 5 })
    })
    expect(writes.count).toBe(1)
    expect(await names({ inStockOnly: true })).toEqual(['Sencha Tea'])
    expect(await names({})).toEqual(['Sencha Tea', 'Stoneware Mug'])
    await db.transaction('rw', db.products, db.stockLedger, async () => {
      await changeStock(db, (await db.products.get(mug))!, { delta: 4, reason: 'restock', at: 6 })
    })
    expect(await names({ inStockOnly: true })).toEqual(['Sencha Tea', 'Stoneware Mug'])
  })

  it('a rename, a new price or category, and archiving each move the listing', async () => {
    const { mug } = await addMugAndTea()
    await db.products.update(mug, { name: 'Enamel Cup' })
    expect(await names({ text: 'stoneware' })).toEqual([])
    expect(await names({ text: 'enam' })).toEqual(['Enamel Cup'])
    await db.products.update(mug, { price: 1 })
    expect(await names({ sort: 'price-asc' })).toEqual(['Enamel Cup', 'Sencha Tea'])
    await db.products.update(mug, { category: 'Tea' })
    expect(await names({ category: 'Tea' })).toEqual(['Enamel Cup', 'Sencha Tea'])
    await db.products.update(mug, { archived: true })
    expect(await names({})).toEqual(['Sencha Tea'])
    expect(await db.listings.get(mug)).toEqual({
      id: mug,
      category: 'Tea',
      price: 1,
      createdAt: 0,
      nameKey: 'enamel cup',
      nameWords: ['enamel', 'cup', 'tea'],
      listed: 0,
      stocked: 0,
    })
  })

  it('a transaction opened over products alone still writes the listings, and rolls them back with it', async () => {
    const { mug } = await addMugAndTea()
    await db.transaction('rw', db.products, async () => {
      await db.products.update(mug, { name: 'Enamel Cup' })
    })
    expect(await names({ text: 'enamel' })).toEqual(['Enamel Cup'])
    await expect(
      db.transaction('rw', db.products, async () => {
        await db.products.update(mug, { name: 'Copper Kettle' })
        throw new Error('stop')
      }),
    ).rejects.toThrow('stop')
    expect(await names({ text: 'copper' })).toEqual([])
    expect(await db.listings.get(mug)).toEqual({
      id: mug,
      category: 'Kitchen',
      price: 1499,
      createdAt: 0,
      nameKey: 'enamel cup',
      nameWords: ['enamel', 'cup', 'kitchen'],
      listed: 1,
      stocked: 1,
    })
  })

  it('deleting products, one or all, deletes their listings', async () => {
    const { mug } = await addMugAndTea()
    await db.products.delete(mug)
    expect((await db.listings.toArray()).map((l) => l.nameKey)).toEqual(['sencha tea'])
    await db.products.clear()
    expect(await db.listings.count()).toBe(0)
  })
})
