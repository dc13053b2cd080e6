/**
 * The pull's fast path (src/sync/applyFresh.ts): taken only where there is nothing to merge
 * (nothing waiting to push, none of the page's records here), and leaving what the merging
 * path (applyDocs) leaves. Which path a page took shows in the journal: the fast path writes
 * no journal rows for the server's copies.
 */
import { describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import type { CouchDoc } from '../../../src/sync/couch'
import { countWaiting } from '../../../src/sync/engine'
import { pullOnce, type PageAhead } from '../../../src/sync/pull'
import { pushOnce } from '../../../src/sync/push'
import { ORPHAN_STOCK_KEY } from '../../../src/sync/apply'
import { GUEST_ID } from '../../../src/domain/cart'
import { FakeCouch } from './fakeCouch'
import { aDevice, addProduct, recordWrites, shopOf, type Device } from './devices'

async function pullAll(d: Device, limit: number) {
  for (;;) if ((await pullOnce(d.db, d.client, { limit })).caughtUp) return
}

const product = (id: string, stock: number, sku = id.toUpperCase()): CouchDoc => ({
  _id: `products:${id}`,
  table: 'products',
  hlc: 'x',
  device: 'x',
  data: { id, sku, name: id, category: 'c', description: '', price: 1, stock, lowStockThreshold: 1, archived: false, createdAt: id === 'pclash' ? 5 : 0, updatedAt: 0 },
})
const row = (id: string, productId: string, delta: number): CouchDoc => ({
  _id: `stockLedger:${id}`,
  table: 'stockLedger',
  hlc: 'x',
  device: 'x',
  data: { id, productId, delta, reason: 'adjustment', stockAfter: 0, note: '', at: 1 },
})
const tombstone = (id: string): CouchDoc => ({ _id: id, _deleted: true, table: id.slice(0, id.indexOf(':')), hlc: 'x', device: 'x' })

/** A shop whose feed has every case the fast path handles: ledger rows before and after their products, a ledger that disagrees with its product, a SKU clash, deletions, accounts, settings, cart lines. */
function aBusyShop(): FakeCouch {
  const couch = new FakeCouch()
  couch.put(row('i:early', 'pearly', 4)) // before its product: an orphan for a while
  for (let i = 0; i < 6; i++) couch.put(product(`p${i}`, 5))
  couch.put(product('pearly', 9)) // its document says 9, its ledger 4
  couch.put(product('pclash', 1, 'P0')) // the same SKU as p0, made later: renamed
  for (let i = 0; i < 6; i++) couch.put(row(`i:p${i}`, `p${i}`, i === 3 ? 8 : 5)) // p3's ledger disagrees with its document
  couch.put(row('l:p1', 'p1', -2))
  couch.put({ _id: 'users:u1', table: 'users', hlc: 'x', device: 'x', data: { id: 'u1', username: 'ann', usernameKey: 'ann', role: 'customer', passwordHash: 'h', salt: 's', createdAt: 0 } })
  couch.put({ _id: 'meta:shopSettings', table: 'meta', hlc: 'x', device: 'x', data: { currency: 'EUR', taxRate: 0 } })
  couch.put({ _id: 'cartItems:u1:p2', table: 'cartItems', hlc: 'x', device: 'x', data: { quantity: 1, addedAt: 1 } })
  couch.put(tombstone('cartItems:u1:p9'))
  couch.put(tombstone('products:pgone'))
  return couch
}

/** What both paths must agree on: the records, syncRevs but for the ledger's (the fast path needs none), nothing waiting. */
async function leftBy(d: Device) {
  const revs = (await d.db.syncRevs.toArray())
    .filter((r) => r.table !== 'stockLedger')
    .map((r) => ({ table: r.table, key: r.key, couchRev: r.couchRev, stockFromDoc: (r as { stockFromDoc?: true }).stockFromDoc === true, deleted: r.localRev === 0 }))
    .sort((a, b) => (JSON.stringify([a.table, a.key]) < JSON.stringify([b.table, b.key]) ? -1 : 1))
  const settings = await d.db.meta.get('shopSettings')
  const cart = (await d.db.cartItems.toArray()).filter((c) => c.userId !== GUEST_ID)
  return { shop: await shopOf(d.db), revs, settings, cart, orphans: (await d.db.meta.get(ORPHAN_STOCK_KEY))?.value ?? [], waiting: await countWaiting(d.db) }
}

describe('the pull’s fast path', () => {
  it('a fresh device: every page is taken fast (no journal rows), and it leaves what the merging path leaves', async () => {
    for (const limit of [2, 3, 50]) {
      const couch = aBusyShop()
      const fast = await aDevice(couch, 'fast')
      const slow = await aDevice(couch, 'slow')
      // A change waiting on `slow` (a guest's cart line: logged, never synced) sends its every page down the merging path.
      await slow.db.cartItems.put({ userId: GUEST_ID, productId: 'p0', quantity: 1, addedAt: 0 })
      await pullAll(fast, limit)
      await pullAll(slow, limit)
      expect(await fast.db.changes.count()).toBe(0)
      expect(await slow.db.changes.count()).toBeGreaterThan(1)
      const left = await leftBy(fast)
      expect(left).toEqual(await leftBy(slow))
      // The facts themselves, not only their agreement.
      const stock = Object.fromEntries(left.shop.products.map((p) => [p.id, p.stock]))
      expect(stock).toMatchObject({ p0: 5, p1: 3, p3: 8, pearly: 4 })
      expect(left.shop.products.find((p) => p.id === 'pclash')).toMatchObject({ skuConflict: 'P0' })
      expect(left.waiting).toBe(0)
      expect(left.orphans).toEqual([])
      expect(await pushOnce(fast.db, fast.client)).toMatchObject({ pushed: 0 })
    }
  })

  it('after a fast join, the device’s own changes are journaled and pushed as ever', async () => {
    const couch = aBusyShop()
    const d = await aDevice(couch, 'devd')
    await pullAll(d, 3)
    const p = (await d.db.products.get('p0'))!
    await d.db.products.put({ ...p, price: 7 })
    expect(await countWaiting(d.db)).toBe(1)
    expect(await pushOnce(d.db, d.client)).toMatchObject({ pushed: 1 })
    expect(couch.docs.get('products:p0')?.doc.data).toMatchObject({ price: 7, stock: 5 })
  })

  it('a device with a change waiting merges (its change survives a later server copy); the fast path is not taken', async () => {
    const couch = new FakeCouch()
    const b = await aDevice(couch, 'devb')
    await addProduct(b.db, 'pa', { price: 100 })
    // The server has an older copy of the same product (another device's, stamped earlier).
    couch.put({ ...product('pa', 10, 'SKU-PA'), hlc: '0000000000000-0000-aaaa' })
    // And a product this device has not got: the merging path writes it through the log.
    couch.put(product('pz', 3))
    const journal = await b.db.changes.count()
    await pullAll(b, 5)
    expect((await b.db.products.get('pa'))?.price).toBe(100)
    expect((await b.db.products.get('pz'))?.stock).toBe(3)
    expect(await countWaiting(b.db)).toBeGreaterThan(0)
    expect(await b.db.changes.count()).toBe(journal + 1)
    expect(await pushOnce(b.db, b.client)).toMatchObject({ pushed: 2 })
    expect(couch.docs.get('products:pa')?.doc.data).toMatchObject({ price: 100 })
  })

  it('a page with a record already here goes down the merging path; pages after it may be fast again', async () => {
    const couch = new FakeCouch()
    couch.put(product('pa', 5))
    couch.put(row('i:pa', 'pa', 5))
    const b = await aDevice(couch, 'devb')
    await pullAll(b, 10)
    expect(await b.db.changes.count()).toBe(0)
    // The server changes pa: it is here, so that page is merged (and journaled), even with nothing waiting.
    couch.put({ ...product('pa', 5), _rev: couch.docs.get('products:pa')!.rev, data: { ...product('pa', 5).data as object, price: 9 } })
    await pullAll(b, 10)
    expect((await b.db.products.get('pa'))).toMatchObject({ price: 9, stock: 5 })
    const afterMerge = await b.db.changes.count()
    expect(afterMerge).toBeGreaterThan(0)
    // A new product and its ledger row: nothing of them here, so fast again (the journal does not grow).
    couch.put(product('pb', 2))
    couch.put(row('i:pb', 'pb', 3))
    await pullAll(b, 10)
    expect(await b.db.changes.count()).toBe(afterMerge)
    expect((await b.db.products.get('pb'))?.stock).toBe(3)
    expect(await countWaiting(b.db)).toBe(0)
  })

  it('a record the same join took pages ago, changed on the server meanwhile, is merged (not added twice, not lost)', async () => {
    const couch = new FakeCouch()
    for (let i = 0; i < 6; i++) couch.put(product(`p${i}`, 5))
    for (let i = 0; i < 6; i++) couch.put(row(`i:p${i}`, `p${i}`, 5))
    const b = await aDevice(couch, 'devb')
    // The first page of the join: p0 is taken (asked about in memory: the device held nothing).
    await pullOnce(b.db, b.client, { limit: 4 })
    expect(await b.db.products.get('p0')).toMatchObject({ price: 1 })
    // Another device changes p0: its document moves to the end of the feed, in a later page of this join.
    couch.put({ ...product('p0', 5), _rev: couch.docs.get('products:p0')!.rev, data: { ...(product('p0', 5).data as object), price: 7 } })
    await pullAll(b, 4)
    expect(await b.db.products.get('p0')).toMatchObject({ price: 7, stock: 5 })
    expect(await b.db.products.count()).toBe(6)
    expect(await countWaiting(b.db)).toBe(0)
  })

  it('products ending a page are written with the next page, where their rows are: each once; a pull stopped in between loses none', async () => {
    // As a seeding device pushes them: chunks of 3 products, then their 3 rows. Pages of 8 cut chunks.
    const couch = new FakeCouch()
    for (let c = 0; c < 4; c++) {
      for (let i = 0; i < 3; i++) couch.put(product(`p${c}${i}`, 5))
      for (let i = 0; i < 3; i++) couch.put(row(`i:p${c}${i}`, `p${c}${i}`, i + 1))
    }
    const pullWithAhead = async (d: Device, pages = Infinity) => {
      let ahead: PageAhead | undefined
      for (let n = 0; n < pages; n++) {
        const page = await pullOnce(d.db, d.client, { limit: 8, prefetch: true, ahead })
        if (page.caughtUp) return
        ahead = page.next
      }
    }
    const expectShop = async (d: Device) => {
      const products = await d.db.products.toArray()
      expect(products).toHaveLength(12)
      for (const p of products) expect([p.id, p.stock]).toEqual([p.id, Number(p.id.slice(-1)) + 1])
      expect(await d.db.syncRevs.filter((r) => (r as { stockFromDoc?: true }).stockFromDoc === true).count()).toBe(0)
      expect(await countWaiting(d.db)).toBe(0)
    }

    const productRevWrites = async (d: Device, pull: (d: Device) => Promise<void>) => {
      const writes = recordWrites()
      await pull(d).finally(() => writes.stop())
      return writes.keys('syncRevs').filter((k) => Array.isArray(k) && k[0] === 'products').length
    }
    // Without a page ahead nothing is carried: products that wait for their rows are written twice (their syncRevs row).
    const plain = await aDevice(couch, 'deva')
    const twice = await productRevWrites(plain, (d) => pullAll(d, 8))
    await expectShop(plain)
    const b = await aDevice(couch, 'devb')
    const carried = await productRevWrites(b, (d) => pullWithAhead(d))
    await expectShop(b)
    expect(twice).toBeGreaterThan(12)
    expect(carried).toBeLessThan(twice)
    expect(await shopOf(b.db)).toEqual(await shopOf(plain.db))

    // Stopped after two pages (the products carried over only in the closed tab's memory): a new tab resumes at the checkpoint.
    const c = await aDevice(couch, 'devc')
    await pullWithAhead(c, 2)
    c.db.close()
    const again = { db: new ShopDatabase(c.db.name, { deviceId: 'devc' }), client: c.client }
    await pullWithAhead(again)
    await expectShop(again)
  })

  it('a product here that loses its SKU to one in the page, with its ledger rows in that page too, keeps the rename and follows its ledger', async () => {
    const couch = new FakeCouch()
    couch.put({ ...product('pa', 3, 'X'), data: { ...(product('pa', 3, 'X').data as object), createdAt: 5 } })
    const b = await aDevice(couch, 'devb')
    // The design document and pa; then the tab closes (what the fast path knew in memory is gone).
    await pullOnce(b.db, b.client, { limit: 2 })
    b.db.close()
    const { ShopDatabase } = await import('../../../src/db/database')
    const again = { db: new ShopDatabase(b.db.name, { deviceId: 'devb' }), client: b.client }
    // An older product with the same SKU, and pa's ledger row, in one page.
    couch.put({ ...product('pb', 1, 'X'), data: { ...(product('pb', 1, 'X').data as object), createdAt: 0 } })
    couch.put(row('i:pa', 'pa', 3))
    couch.put(row('l:pa', 'pa', 4))
    await pullAll(again, 10)
    expect(await again.db.products.get('pb')).toMatchObject({ sku: 'X' })
    expect(await again.db.products.get('pa')).toMatchObject({ skuConflict: 'X', stock: 7 })
    expect((await again.db.products.get('pa'))?.sku).not.toBe('X')
    // The rename here is this device's own change: it waits to be pushed.
    expect(await countWaiting(again.db)).toBe(1)
  })

  it('a join stopped between pages resumes on the merging path or the fast one and ends the same', async () => {
    const couch = aBusyShop()
    const whole = await aDevice(couch, 'whole')
    await pullAll(whole, 3)
    const resumed = await aDevice(couch, 'resumed')
    await pullOnce(resumed.db, resumed.client, { limit: 3 })
    await pullOnce(resumed.db, resumed.client, { limit: 3 })
    // The tab closed: what it knew in memory is gone (a new database object on the same store).
    resumed.db.close()
    const { ShopDatabase } = await import('../../../src/db/database')
    const reopened = { db: new ShopDatabase(resumed.db.name, { deviceId: 'resumed' }), client: resumed.client }
    await pullAll(reopened, 3)
    expect(await leftBy(reopened)).toEqual(await leftBy(whole))
  })
})
