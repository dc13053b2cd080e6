/**
 * Claims given back later (src/sync/releases.ts): a failed checkout's claims that the server
 * could not take back at once are kept on the device and given back by the engine's next
 * round; a line whose sale was placed after all is forgotten, never given back.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { replaceBackupTables, readBackupTables } from '../../../src/db/backup/tables'
import { ShopDatabase } from '../../../src/db/database'
import { connect, type SyncStartOptions } from '../../../src/sync'
import { CouchClient } from '../../../src/sync/couch'
import { keepReleases, keptReleases, releaseKept, releaseOrKeep } from '../../../src/sync/releases'
import * as hooks from '../../../src/sync/hooks'
import { adjustStockDocs, claimStock, stockDocId, type StockClaimLine } from '../../../src/sync/stock'
import type { SyncController } from '../../../src/sync/types'
import { SYNC_RELEASES_KEY } from '../../../src/sync/types'
import { until } from '../support'
import { addProduct } from './devices'
import { FAKE_DB, FakeCouch } from './fakeCouch'

const running: SyncController[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()))
})

const fast: SyncStartOptions = { backoff: { min: 20, max: 80 }, waitMs: 2_000, timeoutMs: 1_000 }
const aDb = (deviceId: string) => new ShopDatabase(`test-${deviceId}-${crypto.randomUUID()}`, { deviceId })

async function signedIn(couch: FakeCouch): Promise<CouchClient> {
  const client = new CouchClient(FAKE_DB, { fetch: couch.fetch, timeoutMs: 1_000 })
  await client.signIn('owner', 'secret')
  return client
}

const level = (couch: FakeCouch, productId: string) => couch.docs.get(stockDocId(productId))?.doc.level
const rows = (couch: FakeCouch, productId: string) => couch.docs.get(stockDocId(productId))?.doc.rows as string[] | undefined
const sale = (productId: string, quantity: number, order = 'o1'): StockClaimLine => ({ productId, quantity, ledgerId: `s:${order}:${productId}` })
const local = (stock: number) => async (ids: string[]) => new Map(ids.map((id) => [id, { name: 'Mug', stock, ledgerIds: [`i:${id}`] }]))

/** A device with product p1 (5 in stock) whose claim of 1 (order o1) the server took, then could not take back: kept. */
async function aKeptClaim() {
  const couch = new FakeCouch()
  const db = aDb('a')
  const client = await signedIn(couch)
  await addProduct(db, 'p1', { stock: 5 })
  expect(await claimStock(client, [sale('p1', 1)], local(5))).toBe(true)
  await keepReleases(db, FAKE_DB, [sale('p1', 1)])
  return { couch, db, client }
}

describe('a failed checkout’s claims, given back', () => {
  it('at once when the server takes them', async () => {
    const couch = new FakeCouch()
    const db = aDb('a')
    const client = await signedIn(couch)
    expect(await claimStock(client, [sale('p1', 2)], local(5))).toBe(true)
    expect(level(couch, 'p1')).toBe(3)
    await releaseOrKeep(client, db, [sale('p1', 2)])
    expect(level(couch, 'p1')).toBe(5)
    expect(await keptReleases(db, FAKE_DB)).toEqual([])
  })

  it('kept when the server cannot be reached, then given back once by the next round', async () => {
    const couch = new FakeCouch()
    const db = aDb('a')
    const client = await signedIn(couch)
    expect(await claimStock(client, [sale('p1', 2), sale('p2', 1)], local(5))).toBe(true)
    couch.failNext('/stock', 'refuse', 100)
    await releaseOrKeep(client, db, [sale('p1', 2), sale('p2', 1)])
    // Still low on the server, and owed by this device.
    expect([level(couch, 'p1'), level(couch, 'p2')]).toEqual([3, 4])
    expect(await keptReleases(db, FAKE_DB)).toEqual([sale('p1', 2), sale('p2', 1)])
    // Still unreachable: the round's attempt fails and keeps them.
    await expect(releaseKept(client, db)).rejects.toThrow()
    expect(await keptReleases(db, FAKE_DB)).toHaveLength(2)

    couch.clearFaults()
    expect(await releaseKept(client, db)).toBe(2)
    expect([level(couch, 'p1'), level(couch, 'p2')]).toEqual([5, 5])
    expect(rows(couch, 'p1')).toEqual(['i:p1'])
    expect(await db.meta.get(SYNC_RELEASES_KEY)).toBeUndefined()
    // Given back once: kept again by mistake, the line is no longer in `rows` and moves nothing.
    await keepReleases(db, FAKE_DB, [sale('p1', 2)])
    expect(await releaseKept(client, db)).toBe(1)
    expect(level(couch, 'p1')).toBe(5)
  })

  it('a line kept twice is kept once, and lines of one product are given back in one write', async () => {
    const couch = new FakeCouch()
    const db = aDb('a')
    const client = await signedIn(couch)
    expect(await claimStock(client, [sale('p1', 1, 'o1')], local(5))).toBe(true)
    expect(await claimStock(client, [sale('p1', 2, 'o2')], local(5))).toBe(true)
    expect(level(couch, 'p1')).toBe(2)
    await keepReleases(db, FAKE_DB, [sale('p1', 1, 'o1')])
    await keepReleases(db, FAKE_DB, [sale('p1', 1, 'o1'), sale('p1', 2, 'o2')])
    expect(await keptReleases(db, FAKE_DB)).toEqual([sale('p1', 1, 'o1'), sale('p1', 2, 'o2')])
    const before = couch.writes.get(stockDocId('p1')) ?? 0
    expect(await releaseKept(client, db)).toBe(2)
    expect(level(couch, 'p1')).toBe(5)
    expect((couch.writes.get(stockDocId('p1')) ?? 0) - before).toBe(1)
  })

  it('a line whose sale was placed after all (the checkout retried) is forgotten, not given back', async () => {
    const { couch, db, client } = await aKeptClaim()
    // The same attempt placed meanwhile (offline): its sale's ledger row has the line's id.
    await db.stockLedger.add({ id: 's:o1:p1', productId: 'p1', delta: -1, reason: 'sale', orderId: 'o1', stockAfter: 4, note: '', at: 1 })
    expect(await releaseKept(client, db)).toBe(0)
    expect(level(couch, 'p1')).toBe(4)
    expect(await keptReleases(db, FAKE_DB)).toEqual([])
  })

  it('a retry of the same attempt with another quantity gives back the kept claim first, then claims the new one', async () => {
    const { couch, db, client } = await aKeptClaim()
    // The person tries again, same attempt (same ledger id), now 3 in the cart.
    expect(await hooks.claimStock(client, db, [sale('p1', 3)])).toBe(true)
    expect(level(couch, 'p1')).toBe(2)
    expect(rows(couch, 'p1')).toEqual(['i:p1', 's:o1:p1'])
    expect(await keptReleases(db, FAKE_DB)).toEqual([])
  })

  it('a retry that cannot give back its kept claim is not claimed (the sale goes ahead offline)', async () => {
    const { couch, db, client } = await aKeptClaim()
    couch.failNext('/stock', 'refuse', 100)
    expect(await hooks.claimStock(client, db, [sale('p1', 3)])).toBe(false)
    expect(await keptReleases(db, FAKE_DB)).toEqual([sale('p1', 1)])
  })

  it('a kept claim whose sale was placed offline with another quantity is corrected to it, and the pushed row is not counted again', async () => {
    const { couch, db, client } = await aKeptClaim()
    await db.stockLedger.add({ id: 's:o1:p1', productId: 'p1', delta: -3, reason: 'sale', orderId: 'o1', stockAfter: 2, note: '', at: 1 })
    expect(await releaseKept(client, db)).toBe(0)
    expect(level(couch, 'p1')).toBe(2)
    expect(await keptReleases(db, FAKE_DB)).toEqual([])
    // The sale's row, pushed: the document counts it already.
    await adjustStockDocs(client, [{ id: 's:o1:p1', productId: 'p1', delta: -3 }])
    expect(level(couch, 'p1')).toBe(2)
  })

  it('another shop’s kept lines are not sent to this one', async () => {
    const couch = new FakeCouch()
    const db = aDb('a')
    const client = await signedIn(couch)
    await keepReleases(db, 'http://other.test/shop', [sale('p1', 1)])
    expect(await releaseKept(client, db)).toBe(0)
    expect(await keptReleases(db, 'http://other.test/shop')).toEqual([sale('p1', 1)])
    expect(couch.log.some((line) => line.includes('/stock'))).toBe(false)
  })

  it('a restore keeps what the device owes the server', async () => {
    const db = aDb('a')
    await keepReleases(db, FAKE_DB, [sale('p1', 1)])
    const tables = await db.transaction('r', db.tables, () => readBackupTables(db))
    expect(tables.meta.some((row) => row.key === SYNC_RELEASES_KEY)).toBe(false)
    await db.transaction('rw', db.tables, () => replaceBackupTables(db, { ...tables, meta: [...tables.meta, { key: SYNC_RELEASES_KEY, value: { db: FAKE_DB, lines: [] } }] }))
    expect(await keptReleases(db, FAKE_DB)).toEqual([sale('p1', 1)])
  })

  it('the engine runs a round at once when it keeps a line: given back without waiting for the feed', async () => {
    const couch = new FakeCouch()
    const db = aDb('a')
    await addProduct(db, 'p1', { stock: 5 })
    // A long wait on the feed: only a round started by the release itself gives the line back in time.
    const c = await connect(db, { url: FAKE_DB, username: 'owner', password: 'secret' }, { fetch: couch.fetch, ...fast, waitMs: 60_000 })
    running.push(c)
    await c.syncNow()
    expect(await c.claimStock([sale('p1', 2)])).toBe(true)
    // The round the claim's write woke is over: the engine waits on the feed.
    await c.syncNow()
    couch.failNext('/stock', 'refuse', 1)
    await c.releaseStock([sale('p1', 2)])
    await until(() => level(couch, 'p1') === 5, 1_500)
    await until(async () => (await keptReleases(db, FAKE_DB)).length === 0, 1_500)
  })

  it('the engine gives them back in its next round, once the server is back', async () => {
    const couch = new FakeCouch()
    const db = aDb('a')
    await addProduct(db, 'p1', { stock: 5 })
    const c = await connect(db, { url: FAKE_DB, username: 'owner', password: 'secret' }, { fetch: couch.fetch, ...fast })
    running.push(c)
    await c.syncNow()
    expect(await c.claimStock([sale('p1', 2)])).toBe(true)
    expect(level(couch, 'p1')).toBe(3)
    couch.failNext('/stock', 'refuse', 100)
    await c.releaseStock([sale('p1', 2)])
    expect(await keptReleases(db, FAKE_DB)).toHaveLength(1)
    // A round while the server still refuses them: the status counts the line as waiting.
    await c.syncNow()
    expect([c.status.phase, c.status.waiting]).toEqual(['waiting', 1])
    couch.clearFaults()
    await c.syncNow()
    expect(level(couch, 'p1')).toBe(5)
    expect(await keptReleases(db, FAKE_DB)).toEqual([])
    expect([c.status.phase, c.status.waiting]).toEqual(['up-to-date', 0])
  })
})
