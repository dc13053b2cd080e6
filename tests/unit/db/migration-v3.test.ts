import Dexie from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { dataUrlToBlob } from '../../../src/db/migrations/v3'
import { DEFAULT_QUERY } from '../../../src/domain/browse'
import { browseProducts } from '../../../src/services/catalog'
import { ShippedV1Database } from './shipped-v1'

const SVG_URL = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg"><text>Café</text></svg>')
const PNG_URL = 'data:image/png;base64,iVBORw0KGgo='

let name = ''
afterEach(async () => {
  await Dexie.delete(name)
})

describe('dataUrlToBlob', () => {
  it('decodes percent-encoded and base64 data: URLs with their type', async () => {
    const svg = dataUrlToBlob(SVG_URL)
    expect(svg?.type).toBe('image/svg+xml')
    expect(await svg?.text()).toBe('<svg xmlns="http://www.w3.org/2000/svg"><text>Café</text></svg>')
    const png = dataUrlToBlob(PNG_URL)
    expect(png?.type).toBe('image/png')
    expect([...new Uint8Array((await png?.arrayBuffer()) ?? new ArrayBuffer(0))]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  })

  it.each(['https://example.com/a.png', 'data:image/png;base64,@@@', 'data:text/plain,%E0%A4%A', ''])('answers undefined for %j', (url) => {
    expect(dataUrlToBlob(url)).toBeUndefined()
  })
})

describe('upgrade to version 3', () => {
  it('converts every product, starts the ledger at its stock, and makes it findable by the new indexes', async () => {
    name = 'migrate-' + crypto.randomUUID()
    const v1 = new ShippedV1Database(name)
    await v1.table('products').bulkAdd([
      { sku: 'TEA-0001', name: 'Sencha Green Tea', category: 'Tea', description: 'Grassy.', price: 1099, stock: 18, image: SVG_URL, createdAt: 1 },
      { sku: 'KIT-0002', name: 'Glass Teapot', category: 'Kitchen', description: 'Glass.', price: 3299, stock: 0, image: PNG_URL, createdAt: 2 },
      { sku: 'KIT-0003', name: 'Old Link', category: 'Kitchen', description: '', price: 100, stock: 2, image: 'https://example.com/x.png', createdAt: 3 },
    ])
    await v1.table('orders').add({ id: 'o-1', number: 1001, userId: 1, createdAt: 5, status: 'placed', lines: [], total: 0 })
    v1.close()

    const db = new ShopDatabase(name)
    await db.open()
    expect(db.verno).toBeGreaterThanOrEqual(3)
    const [tea, teapot, link] = await db.products.orderBy('id').toArray()
    expect(tea).toMatchObject({
      archived: false,
      lowStockThreshold: 5,
      updatedAt: 1,
      nameKey: 'sencha green tea',
      nameWords: ['sencha', 'green', 'tea'],
      listed: 1,
      stocked: 1,
      stockGap: 13,
    })
    expect(tea?.image).toBeInstanceOf(Blob)
    expect(tea?.image?.type).toBe('image/svg+xml')
    expect(teapot?.image?.type).toBe('image/png')
    expect(teapot).toMatchObject({ stocked: 0, stockGap: -5 })
    expect(link && 'image' in link).toBe(false) // not a data: URL: the generated picture is shown instead

    const ledger = await db.stockLedger.toArray()
    expect(ledger.map(({ productId, delta, reason, stockAfter }) => ({ productId, delta, reason, stockAfter }))).toEqual([
      { productId: tea?.id, delta: 18, reason: 'initial', stockAfter: 18 },
      { productId: teapot?.id, delta: 0, reason: 'initial', stockAfter: 0 },
      { productId: link?.id, delta: 2, reason: 'initial', stockAfter: 2 },
    ])
    expect(await db.orders.count()).toBe(1) // other tables are untouched

    const page = await browseProducts(db, { ...DEFAULT_QUERY, text: 'tea', inStockOnly: true }, { after: null, until: null })
    expect(page.items.map((p) => p.name)).toEqual(['Sencha Green Tea'])
    db.close()
  })
})
