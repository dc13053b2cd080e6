/**
 * The join's "catalog ready" flag (src/sync/engine.ts catchUp, status.join.catalogReady): the
 * shop's documents arrive in the order they were written, so once pages come without products
 * after some had come, the catalog is in and the shop can show it while the rest (the ledger)
 * still arrives. Through the fake server, with small pages to see many of them.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { connect } from '../../../src/sync'
import { toDoc } from '../../../src/sync/documents'
import type { SyncController, SyncStatus } from '../../../src/sync/types'
import { aNewProduct, aNewUser, until } from '../support'
import { FAKE_DB, FakeCouch } from './fakeCouch'

const running: SyncController[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()))
})

const meta = { hlc: '0000000000000-0000-seed', device: 'seed' }
const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(2, '0')}`

/** What a join's status said, and how many products the device held when it said it. */
interface Seen {
  join: NonNullable<SyncStatus['join']>
  products: Promise<number>
}

describe("the join's catalog ready flag", () => {
  it('turns true mid-join, once every product is on the device and only ledger pages are left, never before', async () => {
    const couch = new FakeCouch()
    // The feed, in order (after the design document, seq 1): accounts (a page without any
    // product, before the catalog), the whole catalog, then the ledger alone; pages of 5.
    const USERS = 4
    const PRODUCTS = 28
    for (let i = 0; i < USERS; i++) couch.put(await toDoc('users', id('u', i), { id: id('u', i), ...aNewUser(id('owner', i), 'owner') }, meta))
    for (let i = 0; i < PRODUCTS; i++) couch.put(await toDoc('products', id('p', i), { id: id('p', i), ...aNewProduct({ sku: `SKU-${id('P', i)}`, stock: 10 + i }) }, meta))
    for (let i = 0; i < PRODUCTS; i++) {
      const row = { id: `i:${id('p', i)}`, productId: id('p', i), delta: 10 + i, reason: 'initial', stockAfter: 10 + i, note: '', at: 0 }
      couch.put(await toDoc('stockLedger', row.id, row, meta))
    }
    // Documents up to the last product: the design document, the accounts, the catalog.
    const throughLastProduct = 1 + USERS + PRODUCTS
    const total = throughLastProduct + PRODUCTS

    const b = new ShopDatabase(`catalog-ready-${crypto.randomUUID()}`, { deviceId: 'devb' })
    const seen: Seen[] = []
    const c = await connect(b, { url: FAKE_DB, username: 'owner', password: 'secret' }, { fetch: couch.fetch, tabs: false, catchUpBatch: 5, backoff: { min: 20, max: 80 }, waitMs: 2_000 })
    running.push(c)
    // Counted as the status is set: the read is queued before the next page's write.
    c.onStatus((s) => s.join && seen.push({ join: s.join, products: b.products.count() }))
    await until(() => c.status.phase === 'up-to-date')
    expect(await b.products.count()).toBe(PRODUCTS)
    expect(await b.stockLedger.count()).toBe(PRODUCTS)

    // Several pages were seen, and the flag turned once: false, then true, never back.
    expect(seen.length).toBeGreaterThan(5)
    const flags = seen.map((s) => s.join.catalogReady)
    const firstReady = flags.indexOf(true)
    expect(firstReady).toBeGreaterThan(0)
    expect(flags.slice(firstReady).every(Boolean)).toBe(true)
    // Never before every product arrived: each status that says ready has the whole catalog on the device…
    for (const s of seen.slice(firstReady)) {
      expect(s.join.done).toBeGreaterThanOrEqual(throughLastProduct)
      expect(await s.products).toBe(PRODUCTS)
    }
    // …and it said so while the join still ran (a ledger page still to come), not only at its end.
    const ready = seen[firstReady]!
    expect(ready.join.done).toBeLessThan(ready.join.total)
    expect(ready.join.total).toBe(total)
    // The first page with nothing but ledger rows turned it (seqs 36-40: the page of seqs 31-35
    // ends the catalog with rows after it, and a page with products never does).
    expect(ready.join.done).toBe(40)
    expect(c.status.join).toBeNull()
  })
})
