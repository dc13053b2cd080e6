import { describe, expect, it } from 'vitest'
import { anOrder } from '../support'
import { pullOnce } from '../../../src/sync/pull'
import { pushOnce } from '../../../src/sync/push'
import { SYNC_PULL_SEQ_KEY } from '../../../src/sync/types'
import { SyncError } from '../../../src/sync/errors'
import { FakeCouch } from './fakeCouch'
import { aDevice, addProduct, moveStock, recordWrites, shopOf, type Device } from './devices'

async function pullAll(d: Device, limit?: number) {
  for (;;) if ((await pullOnce(d.db, d.client, { limit })).caughtUp) return
}

/** Push then pull on each device in turn, twice: what the engine's loop does. */
async function syncAll(...devices: Device[]) {
  for (let i = 0; i < 2; i++)
    for (const d of devices) {
      for (;;) if (!(await pushOnce(d.db, d.client)).more) break
      await pullAll(d)
    }
}

const rejects = async (p: Promise<unknown>) => {
  try {
    await p
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

describe('push', () => {
  it('sends each changed record once, without derived fields, and not again', async () => {
    const couch = new FakeCouch()
    const a = await aDevice(couch, 'deva')
    await addProduct(a.db, 'p1')
    const first = await pushOnce(a.db, a.client)
    expect(first).toMatchObject({ pushed: 2, refusals: [], unresolved: 0, more: false })
    const doc = couch.docs.get('products:p1')!.doc
    expect(doc).toMatchObject({ table: 'products', device: 'deva', data: { id: 'p1', name: 'Stoneware Mug', stock: 10 } })
    expect(doc.data).not.toHaveProperty('nameKey')
    expect((await pushOnce(a.db, a.client)).pushed).toBe(0)
    expect(couch.writes.get('products:p1')).toBe(1)
    expect(await a.db.syncRevs.get(['products', 'p1'])).toMatchObject({ couchRev: doc._rev, localRev: 1 })
  })

  it('a 500 or a timeout leaves everything waiting, and the next push sends it', async () => {
    const couch = new FakeCouch()
    const a = await aDevice(couch, 'deva')
    await addProduct(a.db, 'p1')
    couch.failNext('_bulk_docs', 500)
    expect(((await rejects(pushOnce(a.db, a.client))) as SyncError).status).toBe(500)
    couch.failNext('_bulk_docs', 'hang')
    expect(((await rejects(pushOnce(a.db, a.client))) as SyncError).kind).toBe('server')
    expect(couch.liveDocs()).toHaveLength(0)
    expect((await pushOnce(a.db, a.client)).pushed).toBe(2)
  })

  it('an answer lost after the server stored the push: the next push settles it, nothing twice', async () => {
    const couch = new FakeCouch()
    const a = await aDevice(couch, 'deva')
    await addProduct(a.db, 'p1')
    couch.failNext('_bulk_docs', 'cut')
    await rejects(pushOnce(a.db, a.client))
    expect(couch.writes.get('products:p1')).toBe(1)
    const again = await pushOnce(a.db, a.client)
    expect(again).toMatchObject({ unresolved: 0, refusals: [] })
    expect(couch.writes.get('products:p1')).toBe(1)
    expect(couch.writes.get('stockLedger:i:p1')).toBe(1)
    expect((await pushOnce(a.db, a.client)).pushed).toBe(0)
  })
})

describe('pull', () => {
  it('writes the server\'s records with their checkpoint, stock from the ledger, and push skips them', async () => {
    const couch = new FakeCouch()
    const a = await aDevice(couch, 'deva')
    const b = await aDevice(couch, 'devb')
    await addProduct(a.db, 'p1')
    await moveStock(a.db, 'p1', -3, 'l1')
    await pushOnce(a.db, a.client)
    // A product document's own stock is never believed: the ledger is.
    couch.docs.get('products:p1')!.doc.data = { ...(couch.docs.get('products:p1')!.doc.data as object), stock: 999 }
    await pullAll(b)
    expect((await b.db.products.get('p1'))?.stock).toBe(7)
    expect(await b.db.stockLedger.count()).toBe(2)
    expect((await b.db.meta.get(SYNC_PULL_SEQ_KEY))?.value).toMatch(/^\d+-/)
    expect(await pushOnce(b.db, b.client)).toMatchObject({ pushed: 0 })
    expect(couch.writes.get('products:p1')).toBe(1)
  })

  it('ledger rows that come before their product (other pages) still make its stock', async () => {
    const couch = new FakeCouch()
    const b = await aDevice(couch, 'devb')
    const row = (id: string, delta: number) => ({ _id: `stockLedger:${id}`, table: 'stockLedger', hlc: 'x', device: 'x', data: { id, productId: 'p9', delta, reason: 'adjustment', stockAfter: 0, note: '', at: 1 } })
    couch.put(row('i:p9', 12))
    couch.put(row('l2', -5))
    couch.put({ _id: 'products:p9', table: 'products', hlc: 'x', device: 'x', data: { id: 'p9', sku: 'P9', name: 'Nine', category: 'c', description: '', price: 1, stock: 0, lowStockThreshold: 1, archived: false, createdAt: 0, updatedAt: 0 } })
    couch.put(row('l3', -1))
    await pullAll(b, 1)
    expect((await b.db.products.get('p9'))?.stock).toBe(6)
    expect(await pushOnce(b.db, b.client)).toMatchObject({ pushed: 0 })
  })

  it('a catalog that comes before its ledger is written once, and its stock then follows the ledger', async () => {
    const couch = new FakeCouch()
    const b = await aDevice(couch, 'devb')
    const product = (id: string, stock: number) => ({ _id: `products:${id}`, table: 'products', hlc: 'x', device: 'x', data: { id, sku: id.toUpperCase(), name: id, category: 'c', description: '', price: 1, stock, lowStockThreshold: 1, archived: false, createdAt: 0, updatedAt: 0 } })
    const row = (id: string, productId: string, delta: number) => ({ _id: `stockLedger:${id}`, table: 'stockLedger', hlc: 'x', device: 'x', data: { id, productId, delta, reason: 'adjustment', stockAfter: 0, note: '', at: 1 } })
    couch.put(product('pa', 5))
    couch.put(product('pb', 5))
    couch.put(row('i:pa', 'pa', 5))
    // pb's document says 5, its ledger says 7: the ledger wins.
    couch.put(row('i:pb', 'pb', 7))
    couch.put(row('l:pa', 'pa', -2))
    const writes = recordWrites()
    await pullAll(b, 2).finally(() => writes.stop())
    expect((await b.db.products.get('pa'))?.stock).toBe(3)
    expect((await b.db.products.get('pb'))?.stock).toBe(7)
    const productWrites = writes.keys('products')
    // pa: once on arrival, once for its sale (l:pa); pb: once on arrival, once when its ledger disagreed.
    expect(productWrites.sort()).toEqual(['pa', 'pa', 'pb', 'pb'])
    expect(await pushOnce(b.db, b.client)).toMatchObject({ pushed: 0 })
    // A product sold here before its ledger came: its ledger here is the sale and the rows that come.
    couch.put(product('pc', 4))
    await pullAll(b, 2)
    await moveStock(b.db, 'pc', -1, 'l:sold-here')
    couch.put(row('i:pc', 'pc', 4))
    await pullAll(b, 2)
    expect((await b.db.products.get('pc'))?.stock).toBe(3)
    await moveStock(b.db, 'pa', 1, 'l:local')
    couch.put(row('l:later', 'pa', -1))
    await pullAll(b, 2)
    // Past its first rows the product moves by each batch's rows, its own sales included.
    expect((await b.db.products.get('pa'))?.stock).toBe(3)
  })

  it('a feed cut mid-batch, malformed JSON or a 500 writes nothing; the next pull brings each record once', async () => {
    const couch = new FakeCouch()
    const a = await aDevice(couch, 'deva')
    const b = await aDevice(couch, 'devb')
    for (let i = 0; i < 7; i++) await addProduct(a.db, `p${i}`)
    await pushOnce(a.db, a.client)
    for (const fault of ['cut', 'not-json', 500] as const) {
      couch.failNext('_changes', fault)
      expect(await rejects(pullOnce(b.db, b.client, { limit: 5 }))).toBeInstanceOf(SyncError)
      expect(await b.db.products.count()).toBe(0)
    }
    const writes = recordWrites()
    const first = await pullOnce(b.db, b.client, { limit: 5 }).catch((err: unknown) => (writes.stop(), Promise.reject(err)))
    // The design document is in the feed too (15 changes), but is no record.
    expect(first).toMatchObject({ received: 5, caughtUp: false, pending: 10 })
    couch.failNext('_changes', 'cut')
    await rejects(pullOnce(b.db, b.client, { limit: 5 }))
    await pullAll(b, 5).finally(() => writes.stop())
    expect(await b.db.products.count()).toBe(7)
    expect(await b.db.stockLedger.count()).toBe(7)
    // Each ledger row was written once on B (a product may be written again when its ledger row
    // comes in a later page: its stock follows), and none of it is a change of B's to push.
    const ledgerKeys = writes.keys('stockLedger')
    expect(ledgerKeys.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `i:p${i}`))
    expect(await pushOnce(b.db, b.client)).toMatchObject({ pushed: 0 })
  })
})

describe('two devices through the server', () => {
  it('a 409: both changed a product offline; the later change wins on both', async () => {
    const couch = new FakeCouch()
    const a = await aDevice(couch, 'deva')
    const b = await aDevice(couch, 'devb')
    await addProduct(a.db, 'p1')
    await syncAll(a, b)
    await a.db.products.update('p1', { price: 100 })
    await new Promise((r) => setTimeout(r, 5))
    await b.db.products.update('p1', { price: 200, name: 'Mug B' })
    await pushOnce(a.db, a.client)
    const conflicted = await pushOnce(b.db, b.client)
    expect(conflicted).toMatchObject({ unresolved: 0, refusals: [] })
    expect(couch.log.filter((l) => l.startsWith('POST /shop/_all_docs'))).toHaveLength(1)
    await syncAll(a, b)
    expect((await a.db.products.get('p1'))?.price).toBe(200)
    expect(await shopOf(a.db)).toEqual(await shopOf(b.db))
  })

  it('an order moved on both keeps the furthest status and both histories; ledger rows merge by union', async () => {
    const couch = new FakeCouch()
    const a = await aDevice(couch, 'deva')
    const b = await aDevice(couch, 'devb')
    await addProduct(a.db, 'p1')
    const order = anOrder({ id: 'o1', lines: [{ productId: 'p1', sku: 'SKU-P1', name: 'Mug', unitPrice: 1, quantity: 1, lineTotal: 1 }] })
    await a.db.orders.add(order)
    await syncAll(a, b)
    await a.db.orders.update('o1', { status: 'paid', history: [...order.history, { status: 'paid', at: 2_000, by: 'owner', note: 'A' }] })
    await b.db.orders.update('o1', { status: 'cancelled', history: [...order.history, { status: 'cancelled', at: 3_000, by: 'owner', note: 'B' }] })
    await moveStock(a.db, 'p1', -2, 'la')
    await moveStock(b.db, 'p1', -5, 'lb')
    await syncAll(a, b)
    const merged = (await a.db.orders.get('o1'))!
    expect(merged.status).toBe('cancelled')
    expect(merged.history.map((e) => e.status)).toEqual(['placed', 'paid', 'cancelled'])
    expect((await a.db.products.get('p1'))?.stock).toBe(3)
    expect(await shopOf(a.db)).toEqual(await shopOf(b.db))
  })

  it('the shop settings and cart lines travel; the guest cart and device-local meta stay home', async () => {
    const couch = new FakeCouch()
    const a = await aDevice(couch, 'deva')
    const b = await aDevice(couch, 'devb')
    await a.db.meta.put({ key: 'shopSettings', value: { name: 'Corner Shop' } })
    await a.db.meta.put({ key: 'deviceCode', value: 'K7' })
    await a.db.cartItems.bulkPut([
      { userId: 'u1', productId: 'p1', quantity: 2, addedAt: 1 },
      { userId: 'guest', productId: 'p1', quantity: 1, addedAt: 1 },
    ])
    await syncAll(a, b)
    expect((await b.db.meta.get('shopSettings'))?.value).toEqual({ name: 'Corner Shop' })
    expect(await b.db.meta.get('deviceCode')).toBeUndefined()
    expect(await b.db.cartItems.toArray()).toEqual([{ userId: 'u1', productId: 'p1', quantity: 2, addedAt: 1 }])
    await b.db.cartItems.delete(['u1', 'p1'])
    await syncAll(a, b)
    expect(await a.db.cartItems.count()).toBe(1)
  })

  it('a deletion on one device reaches the other', async () => {
    const couch = new FakeCouch()
    const a = await aDevice(couch, 'deva')
    const b = await aDevice(couch, 'devb')
    await a.db.orders.add(anOrder({ id: 'o1' }))
    await syncAll(a, b)
    await b.db.orders.delete('o1')
    await syncAll(a, b)
    expect(await a.db.orders.count()).toBe(0)
    expect(couch.docs.get('orders:o1')?.doc._deleted).toBe(true)
  })

  it('a 403: the refused change is rolled back to the server\'s copy, with a refusal naming it', async () => {
    const couch = new FakeCouch({
      users: { owner: { password: 'secret', roles: ['shop-owner'] }, till: { password: 'till', roles: ['shop-seller'] } },
      validate: (doc, _old, user) => (doc.table === 'products' && !user.roles.includes('shop-owner') ? 'Only the owner changes products.' : undefined),
    })
    const a = await aDevice(couch, 'deva')
    const b = await aDevice(couch, 'devb', 'till', 'till')
    await addProduct(a.db, 'p1', { price: 500 })
    await syncAll(a, b)
    await b.db.products.update('p1', { price: 1 })
    await b.db.products.add({ ...(await b.db.products.get('p1'))!, id: 'p2', sku: 'NEW' })
    const result = await pushOnce(b.db, b.client, { now: () => 42 })
    expect(result.refusals).toEqual([
      { table: 'products', id: 'p1', label: 'Stoneware Mug', reason: 'Only the owner changes products.', at: 42 },
      { table: 'products', id: 'p2', label: 'Stoneware Mug', reason: 'Only the owner changes products.', at: 42 },
    ])
    expect((await b.db.products.get('p1'))?.price).toBe(500)
    expect(await b.db.products.get('p2')).toBeUndefined()
    expect(await pushOnce(b.db, b.client)).toMatchObject({ pushed: 0, refusals: [] })
  })
})
