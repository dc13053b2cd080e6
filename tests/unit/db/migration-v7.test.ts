/**
 * Schema version 7: a version-6 device's listings searched names only; after the upgrade every
 * listing's search words take in its category's, so a search by category finds products that
 * were there before the upgrade. The products themselves are not rewritten (nor logged).
 */
import Dexie from 'dexie'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { loadUpgrades } from '../../../src/db/upgradeLoader'
import { DEFAULT_QUERY } from '../../../src/domain/browse'
import { productIndexFields, type NewProduct } from '../../../src/domain/product'
import { browseProducts } from '../../../src/services/catalog'
import { aNewProduct } from '../support'

/** Every store of the app's schema as Dexie strings: version 6's is version 7's less syncRevs. */
function schemaOf(db: ShopDatabase): Record<string, string> {
  return Object.fromEntries(db.tables.map((t) => [t.name, [t.schema.primKey.src, ...t.schema.indexes.map((i) => i.src)].join(', ')]))
}

let name: string
beforeEach(() => {
  name = 'test-v7-' + crypto.randomUUID()
})
afterEach(async () => {
  await Dexie.delete(name)
})

const T = 1_717_000_000_000
const stored = (id: string, p: NewProduct) => ({ id, ...p, ...productIndexFields(p) })

/** A version-6 database with products and their listings as version 6 wrote them: name words only. */
async function v6Shop(products: ReturnType<typeof stored>[]): Promise<void> {
  const current = new ShopDatabase(name)
  const v6Stores = schemaOf(current)
  delete v6Stores.syncRevs
  current.close()
  const old = new Dexie(name)
  old.version(6).stores(v6Stores)
  await old.open()
  await old.table('products').bulkAdd(products)
  await old
    .table('listings')
    .bulkAdd(products.map((p) => ({ id: p.id, category: p.category, price: p.price, createdAt: p.createdAt, nameKey: p.nameKey, nameWords: p.nameWords, listed: p.listed, stocked: p.stocked })))
  old.close()
}

describe('schema version 7: listings search the category too', () => {
  it('rebuilds every listing with its category\'s words; products, archived ones included, stay as they were', async () => {
    const products = [
      stored('aaaaaaaaaaaa1', aNewProduct({ sku: 'KIT-1', name: 'Stoneware Mug', category: 'Kitchen & Dining', createdAt: T })),
      stored('aaaaaaaaaaaa2', aNewProduct({ sku: 'TEA-1', name: 'Sencha Green Tea', category: 'Tea', createdAt: T + 1 })),
      stored('aaaaaaaaaaaa3', aNewProduct({ sku: 'UNI-1', name: 'Crème brûlée tin', category: 'Pâtisserie', stock: 0, createdAt: T + 2 })),
      stored('aaaaaaaaaaaa4', aNewProduct({ sku: 'OLD-1', name: 'Old Kettle', category: 'Kitchen & Dining', archived: true, createdAt: T + 3 })),
    ]
    await v6Shop(products)
    await loadUpgrades()

    const db = new ShopDatabase(name)
    await db.open()
    expect(db.verno).toBe(7)
    const listings = await db.listings.orderBy('id').toArray()
    expect(listings.map((l) => l.nameWords)).toEqual([
      ['stoneware', 'mug', 'kitchen', 'dining'],
      ['sencha', 'green', 'tea'],
      ['creme', 'brulee', 'tin', 'patisserie'],
      ['old', 'kettle', 'kitchen', 'dining'],
    ])
    // Every other field of a listing, and every product, as before.
    expect(listings).toEqual(
      products.map((p, i) => ({ id: p.id, category: p.category, price: p.price, createdAt: p.createdAt, nameKey: p.nameKey, nameWords: listings[i]?.nameWords, listed: p.listed, stocked: p.stocked })),
    )
    expect(await db.products.orderBy('id').toArray()).toEqual(products)
    expect(await db.changes.count()).toBe(0)

    const search = async (text: string) => (await browseProducts(db, { ...DEFAULT_QUERY, text }, { after: null, until: null })).items.map((p) => p.name)
    expect(await search('dining')).toEqual(['Stoneware Mug'])
    expect(await search('patis')).toEqual(['Crème brûlée tin'])
    expect(await search('kitchen mug')).toEqual(['Stoneware Mug'])
    db.close()
  })

  it('a version-6 device with no products opens at version 7 with none', async () => {
    await v6Shop([])
    await loadUpgrades()
    const db = new ShopDatabase(name)
    await db.open()
    expect(await db.listings.count()).toBe(0)
    db.close()
  })
})
