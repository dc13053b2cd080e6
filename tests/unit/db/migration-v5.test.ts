/**
 * Schema version 5: a device at version 4 (listing indexes on the products) opens the new
 * app; every product gets its listing, the products stay exactly as they were, and the
 * catalog lists and searches as before.
 */
import Dexie from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { DEFAULT_QUERY, type BrowseQuery } from '../../../src/domain/browse'
import { productIndexFields, type NewProduct } from '../../../src/domain/product'
import { browseProducts } from '../../../src/services/catalog'
import { aNewProduct } from '../support'

/** Version 4's schema exactly as it shipped (the products held every listing index). */
const SHIPPED_V4_SCHEMA = {
  users: '++id, &usernameKey, role',
  products:
    '++id, &sku, category, *nameWords, [listed+nameKey+id], [category+listed+nameKey+id], [listed+price+id], [category+listed+price+id], ' +
    '[listed+createdAt+id], [category+listed+createdAt+id], [stocked+nameKey+id], [category+stocked+nameKey+id], [stocked+price+id], ' +
    '[category+stocked+price+id], [stocked+createdAt+id], [category+stocked+createdAt+id], [listed+stockGap+id]',
  stockLedger: '++id, [productId+id]',
  cartItems: '[userId+productId], userId',
  orders: 'id, &number, userId, [userId+createdAt], createdAt, status, [status+createdAt]',
  sessions: 'key',
  meta: 'key',
  payments: 'id, orderId, createdAt',
}

let name = ''
afterEach(async () => {
  await Dexie.delete(name)
})

const stored = (p: NewProduct) => ({ ...p, ...productIndexFields(p) })

describe('upgrade to version 5', () => {
  it('gives every product its listing, leaves the products as they were, and the catalog reads the same', async () => {
    name = 'migrate-v5-' + crypto.randomUUID()
    const v4 = new Dexie(name)
    v4.version(4).stores(SHIPPED_V4_SCHEMA)
    await v4.table('products').bulkAdd([
      stored(aNewProduct({ sku: 'TEA-1', name: 'Sencha Green Tea', category: 'Tea', price: 1099, stock: 18, createdAt: 1 })),
      stored(aNewProduct({ sku: 'KIT-2', name: 'Glass Teapot', category: 'Kitchen', price: 3299, stock: 0, createdAt: 2 })),
      stored(aNewProduct({ sku: 'KIT-3', name: 'Old Kettle', category: 'Kitchen', price: 100, stock: 2, archived: true, createdAt: 3 })),
    ])
    const before = await v4.table('products').toArray()
    v4.close()

    const db = new ShopDatabase(name)
    await db.open()
    expect(db.verno).toBeGreaterThanOrEqual(5)
    // Version 6 then gives each product its global id, remembered against its old number.
    const id = async (n: number) => (await db.legacyIds.get(`products:${n}`))?.id ?? ''
    const [one, two, three] = [await id(1), await id(2), await id(3)]
    expect(await db.products.orderBy('id').toArray()).toEqual(before.map((p, i) => ({ ...p, id: [one, two, three][i] })))
    expect(await db.listings.orderBy('id').toArray()).toEqual([
      { id: one, category: 'Tea', price: 1099, createdAt: 1, nameKey: 'sencha green tea', nameWords: ['sencha', 'green', 'tea'], listed: 1, stocked: 1 },
      // Version 7 adds the category's words to the name's.
      { id: two, category: 'Kitchen', price: 3299, createdAt: 2, nameKey: 'glass teapot', nameWords: ['glass', 'teapot', 'kitchen'], listed: 1, stocked: 0 },
      { id: three, category: 'Kitchen', price: 100, createdAt: 3, nameKey: 'old kettle', nameWords: ['old', 'kettle', 'kitchen'], listed: 0, stocked: 0 },
    ])

    const names = async (query: Partial<BrowseQuery>) =>
      (await browseProducts(db, { ...DEFAULT_QUERY, ...query }, { after: null, until: null })).items.map((p) => p.name)
    expect(await names({})).toEqual(['Glass Teapot', 'Sencha Green Tea'])
    expect(await names({ text: 'tea', inStockOnly: true })).toEqual(['Sencha Green Tea'])
    expect(await names({ category: 'Kitchen', archived: true })).toEqual(['Old Kettle'])
    expect(await names({ sort: 'price-desc' })).toEqual(['Glass Teapot', 'Sencha Green Tea'])
    db.close()
  })
})
