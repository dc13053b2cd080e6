/**
 * serverCopiesIn (db/changeLog.ts): writes a sync vouches for as the server's copies are not
 * journaled and move no revision; any other write in the same transaction is logged as ever.
 */
import Dexie from 'dexie'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { serverCopiesIn } from '../../../src/db/changeLog'
import { aNewProduct, createTestDb } from '../support'

let db: ShopDatabase
beforeEach(() => {
  db = createTestDb()
})
afterEach(async () => {
  await db.delete()
})

const idbTransaction = () => (Dexie.currentTransaction as unknown as { idbtrans: IDBTransaction }).idbtrans

describe('the change log and the server’s copies', () => {
  it('a vouched write is not journaled and leaves no revision row; an unvouched one in the same transaction is logged', async () => {
    await db.transaction('rw', db.products, db.stockLedger, async () => {
      serverCopiesIn(idbTransaction(), 'products', ['pa'])
      await db.products.bulkAdd([{ id: 'pa', ...aNewProduct({ sku: 'A-1' }) }])
      await db.products.add({ id: 'pb', ...aNewProduct({ sku: 'B-1' }) })
    })
    const rows = await db.changes.toArray()
    expect(rows.map((r) => [r.table, r.keys])).toEqual([['products', ['pb']]])
    expect(await db.revisions.count()).toBe(0)
    // pa is still there, with its derived listing (the other middlewares ran), and a later edit of it is logged at revision 2.
    expect(await db.listings.get('pa')).toBeDefined()
    const pa = (await db.products.get('pa'))!
    await db.products.put({ ...pa, price: pa.price + 1 })
    expect((await db.changes.toArray()).at(-1)).toMatchObject({ table: 'products', keys: ['pa'], revs: [2] })
  })

  it('a write naming a record not vouched for is logged whole, the vouched one with it', async () => {
    await db.transaction('rw', db.products, async () => {
      serverCopiesIn(idbTransaction(), 'products', ['pa'])
      await db.products.bulkAdd([
        { id: 'pa', ...aNewProduct({ sku: 'A-1' }) },
        { id: 'pc', ...aNewProduct({ sku: 'C-1' }) },
      ])
    })
    expect((await db.changes.toArray()).map((r) => r.keys)).toEqual([['pa', 'pc']])
  })
})
