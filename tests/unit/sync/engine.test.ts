import { afterEach, describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { connect, readSyncConfig, resume, type SyncStartOptions } from '../../../src/sync'
import { SyncError } from '../../../src/sync/errors'
import type { SyncController, SyncStatus } from '../../../src/sync/types'
import { rejection, until } from '../support'
import { FAKE_DB, FakeCouch } from './fakeCouch'
import { addProduct, moveStock, shopOf } from './devices'

const running: SyncController[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()))
})

const fast: SyncStartOptions = { backoff: { min: 20, max: 80 }, waitMs: 2_000, timeoutMs: 1_000 }

function aDb(deviceId: string) {
  return new ShopDatabase(`test-${deviceId}-${crypto.randomUUID()}`, { deviceId })
}

async function started(db: ShopDatabase, couch: FakeCouch, options: SyncStartOptions = {}, user = 'owner', password = 'secret') {
  const c = await connect(db, { url: FAKE_DB, username: user, password }, { fetch: couch.fetch, ...fast, ...options })
  running.push(c)
  return c
}


const phaseIs = (c: SyncController, phase: SyncStatus['phase']) => () => c.status.phase === phase

describe('connect', () => {
  it.each([
    ['not a url', {}, 'bad-address'],
    [FAKE_DB, { password: 'wrong' }, 'wrong-password'],
    [FAKE_DB, { designDoc: false }, 'not-a-shop'],
    ['http://couch.test/other', {}, 'not-a-shop'],
  ] as const)('%s %j → %s', async (url, opts, kind) => {
    const couch = new FakeCouch({ designDoc: !('designDoc' in opts) })
    const err = await rejection(connect(aDb('a'), { url, username: 'owner', password: 'password' in opts ? opts.password : 'secret' }, { fetch: couch.fetch }))
    expect(err).toBeInstanceOf(SyncError)
    expect((err as SyncError).kind).toBe(kind)
  })

  it('an unreachable server and a user who is not a member each say so', async () => {
    const couch = new FakeCouch()
    couch.failNext('/_session', 'refuse')
    expect(((await rejection(connect(aDb('a'), { url: FAKE_DB, username: 'owner', password: 'secret' }, { fetch: couch.fetch }))) as SyncError).kind).toBe('unreachable')
    couch.failNext('/shop', 403)
    expect(((await rejection(connect(aDb('a'), { url: FAKE_DB, username: 'owner', password: 'secret' }, { fetch: couch.fetch }))) as SyncError).kind).toBe('not-a-member')
  })

  it('stores the config without the password, and resume starts from it', async () => {
    const couch = new FakeCouch()
    const db = aDb('a')
    const c = await started(db, couch)
    expect(await readSyncConfig(db)).toEqual({ url: FAKE_DB, username: 'owner', roles: ['shop-owner'] })
    expect(JSON.stringify((await db.meta.toArray()).map((m) => m.value))).not.toContain('secret')
    await c.stop()
    // In node the client keeps the cookie itself, so a fresh client has no session: sign-in.
    const again = (await resume(db, { fetch: couch.fetch, ...fast }))!
    running.push(again)
    await until(phaseIs(again, 'sign-in'))
    expect(again.status.error?.kind).toBe('session-expired')
    await again.stop({ forget: true })
    expect(await readSyncConfig(db)).toBeUndefined()
    expect(await resume(db)).toBeUndefined()
  })
})

describe('the sync loop', () => {
  it('a product made on A shows on B without anyone asking, and both are up to date', async () => {
    const couch = new FakeCouch()
    const a = aDb('deva')
    const b = aDb('devb')
    const ca = await started(a, couch)
    const cb = await started(b, couch)
    await until(phaseIs(ca, 'up-to-date'))
    await until(phaseIs(cb, 'up-to-date'))
    await addProduct(a, 'p1')
    await until(async () => (await b.products.get('p1')) !== undefined)
    await until(() => ca.status.phase === 'up-to-date' && ca.status.waiting === 0 && ca.status.lastSyncedAt !== null)
    await moveStock(b, 'p1', -4, 'l1')
    await until(async () => (await a.products.get('p1'))?.stock === 6)
    expect(await shopOf(a)).toEqual(await shopOf(b))
  })

  it('offline: waits with backoff, counts what is waiting, and the online event retries at once', async () => {
    const couch = new FakeCouch()
    const events = new EventTarget()
    const a = aDb('deva')
    const ca = await started(a, couch, { events, backoff: { min: 60_000, max: 60_000 } })
    await until(phaseIs(ca, 'up-to-date'))
    couch.failNext('_bulk_docs', 'refuse', 1)
    await addProduct(a, 'p1')
    await until(phaseIs(ca, 'offline'))
    expect(ca.status.waiting).toBe(2)
    expect(ca.status.error?.kind).toBe('unreachable')
    events.dispatchEvent(new Event('online'))
    await until(phaseIs(ca, 'up-to-date'))
    expect(ca.status.waiting).toBe(0)
    expect(couch.liveDocs().map((d) => d._id).sort()).toEqual(['products:p1', 'stockLedger:i:p1'])
  })

  it('a session the server ended is renewed; a password changed on the server asks to sign in again, and connecting again carries on with nothing lost', async () => {
    const couch = new FakeCouch()
    const a = aDb('deva')
    const ca = await started(a, couch)
    await until(phaseIs(ca, 'up-to-date'))
    couch.expireSessions()
    await addProduct(a, 'p0')
    await until(() => ca.status.phase === 'up-to-date' && couch.liveDocs().length === 2)
    couch.expireSessions()
    couch.users.owner!.password = 'changed'
    await addProduct(a, 'p1')
    await until(phaseIs(ca, 'sign-in'))
    expect(ca.status.error?.kind).toBe('wrong-password')
    couch.users.owner!.password = 'secret'
    await ca.stop()
    const again = await started(a, couch)
    await until(() => again.status.phase === 'up-to-date' && couch.liveDocs().length === 4)
  })

  it('a joining device shows its progress and receives the whole shop', async () => {
    const couch = new FakeCouch()
    const a = aDb('deva')
    for (let i = 0; i < 30; i++) await addProduct(a, `p${String(i).padStart(2, '0')}`)
    const ca = await started(a, couch)
    await until(phaseIs(ca, 'up-to-date'))
    const b = aDb('devb')
    const seen: NonNullable<SyncStatus['join']>[] = []
    const cb = await connect(b, { url: FAKE_DB, username: 'owner', password: 'secret' }, { fetch: couch.fetch, ...fast })
    running.push(cb)
    cb.onStatus((s) => s.join && seen.push(s.join))
    await until(phaseIs(cb, 'up-to-date'))
    expect(await b.products.count()).toBe(30)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen[0]).toMatchObject({ total: 61 })
    expect(cb.status.join).toBeNull()
  })

  it('refusals reach the status, newest first, and can be dismissed; claimStock claims on the server', async () => {
    const couch = new FakeCouch({ validate: (doc) => (doc.table === 'orders' ? 'No orders today.' : undefined) })
    const a = aDb('deva')
    const ca = await started(a, couch)
    await until(phaseIs(ca, 'up-to-date'))
    const { anOrder } = await import('../support')
    await a.orders.add(anOrder({ id: 'o1', number: 'K7-1001' }))
    await until(() => ca.status.refusals.length === 1)
    expect(ca.status.refusals[0]).toMatchObject({ table: 'orders', id: 'o1', label: 'order K7-1001', reason: 'No orders today.' })
    expect(await a.orders.count()).toBe(0)
    ca.dismissRefusal(ca.status.refusals[0]!.at)
    expect(ca.status.refusals).toEqual([])
    // The stock rules (src/sync/stock.ts): the first claim makes the product's stock document from this device's stock.
    await addProduct(a, 'p1')
    expect(await ca.claimStock([{ productId: 'p1', quantity: 1, ledgerId: 's:o:p1' }])).toBe(true)
    expect(couch.liveDocs().find((d) => d._id === 'stock:p1')).toMatchObject({ level: 9, rows: ['i:p1', 's:o:p1'] })
  })

  it('stopped and resumed at any point, over and over: nothing lost, nothing applied twice', async () => {
    const couch = new FakeCouch()
    const a = aDb('deva')
    const b = aDb('devb')
    for (let i = 0; i < 40; i++) await addProduct(a, `p${String(i).padStart(2, '0')}`)
    for (let i = 0; i < 40; i++) await addProduct(b, `q${String(i).padStart(2, '0')}`)
    for (let round = 0; round < 12; round++) {
      const ca = await started(a, couch)
      const cb = await started(b, couch)
      await new Promise((r) => setTimeout(r, 5 + ((round * 37) % 60)))
      running.splice(0)
      await Promise.all([ca.stop(), cb.stop()])
      if (round % 3 === 0) await moveStock(a, 'p00', -1, `la${round}`)
    }
    const ca = await started(a, couch)
    const cb = await started(b, couch)
    await until(async () => ca.status.phase === 'up-to-date' && cb.status.phase === 'up-to-date' && (await b.stockLedger.count()) === 84 && (await a.stockLedger.count()) === 84, 50_000)
    await cb.syncNow()
    await ca.syncNow()
    expect(await shopOf(a)).toEqual(await shopOf(b))
    expect((await a.products.get('p00'))?.stock).toBe(6)
    for (const [id, n] of couch.writes) if (id.startsWith('stockLedger:')) expect([id, n]).toEqual([id, 1])
    // Real time, on a machine that may be busy with other test files: room to finish, the same checks.
  }, 60_000)
})
