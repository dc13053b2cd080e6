/**
 * The pull's page asked for ahead (PullOptions.prefetch): the engine's catch-up asks for the
 * next page while it writes the current one. Each page is still asked for once, a page ahead
 * is used only where the checkpoint is, and one that failed costs nothing but a new request.
 * And a catch-up's pages follow their weight: heavy documents (photos), fewer per page.
 */
import { describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { connect } from '../../../src/sync'
import { CATCH_UP_MIN, nextLimit, pullOnce, type PageAhead } from '../../../src/sync/pull'
import { pushOnce } from '../../../src/sync/push'
import { SYNC_PULL_SEQ_KEY } from '../../../src/sync/types'
import { SyncError } from '../../../src/sync/errors'
import { FAKE_DB, FakeCouch } from './fakeCouch'
import { aDevice, addProduct, recordWrites, shopOf } from './devices'

/** A shop of 7 products with their ledger rows on the server (15 changes with the design doc). */
async function aShop() {
  const couch = new FakeCouch()
  const a = await aDevice(couch, 'deva')
  for (let i = 0; i < 7; i++) await addProduct(a.db, `p${i}`)
  await pushOnce(a.db, a.client)
  return { couch, a }
}

const changesRequests = (couch: FakeCouch) => couch.log.filter((line) => line.includes('/_changes'))

describe('pull with the next page asked for ahead', () => {
  it('asks for the next page before the pull returns, uses it, and asks for each page once', async () => {
    const { couch, a } = await aShop()
    const b = await aDevice(couch, 'devb')
    let ahead: PageAhead | undefined
    const seen: number[] = []
    for (;;) {
      const before = changesRequests(couch).length
      const page = await pullOnce(b.db, b.client, { limit: 5, prefetch: true, ahead })
      // Used the page asked for ahead (no new request for it), and asked for the next one.
      seen.push(changesRequests(couch).length - before)
      if (page.caughtUp) {
        expect(page.next).toBeUndefined()
        break
      }
      // Asked from the page's end; the checkpoint is there, or just before products carried over to the next page.
      const at = (seq: unknown) => Number(String(seq).split('-')[0])
      expect(at(page.next?.since)).toBeGreaterThanOrEqual(at((await b.db.meta.get(SYNC_PULL_SEQ_KEY))?.value))
      ahead = page.next
    }
    expect(seen).toEqual([2, 1, 0])
    const sinces = changesRequests(couch).map((line) => new URL(line.split(' ')[1]!, 'http://x').searchParams.get('since'))
    expect(new Set(sinces).size).toBe(sinces.length)
    expect(await shopOf(b.db)).toEqual(await shopOf(a.db))
    expect(await pushOnce(b.db, b.client)).toMatchObject({ pushed: 0 })
  })

  it('a page ahead from another checkpoint is not used', async () => {
    const { couch, a } = await aShop()
    const b = await aDevice(couch, 'devb')
    const stale: PageAhead = { since: 'somewhere-else', limit: 5, page: Promise.resolve({ results: [], last_seq: 'somewhere-else' }) }
    const first = await pullOnce(b.db, b.client, { limit: 5, ahead: stale })
    expect(first).toMatchObject({ received: 5, caughtUp: false })
    for (;;) if ((await pullOnce(b.db, b.client, { limit: 5 })).caughtUp) break
    expect(await shopOf(b.db)).toEqual(await shopOf(a.db))
  })

  it('a page ahead that failed: that pull rejects and writes nothing; the next brings each record once', async () => {
    const { couch, a } = await aShop()
    // The checkpoint after the first page, from a device that pulls it plainly.
    const probe = await aDevice(couch, 'probe')
    await pullOnce(probe.db, probe.client, { limit: 5 })
    const afterFirst = String((await probe.db.meta.get(SYNC_PULL_SEQ_KEY))?.value)
    const b = await aDevice(couch, 'devb')
    couch.failNext(`since=${encodeURIComponent(afterFirst)}&`, 500)
    const writes = recordWrites()
    const first = await pullOnce(b.db, b.client, { limit: 5, prefetch: true })
    expect(first).toMatchObject({ received: 5, caughtUp: false })
    const count = await b.db.products.count()
    expect(await pullOnce(b.db, b.client, { limit: 5, prefetch: true, ahead: first.next }).catch((err: unknown) => err)).toBeInstanceOf(SyncError)
    expect(await b.db.products.count()).toBe(count)
    let ahead: PageAhead | undefined
    for (;;) {
      const page = await pullOnce(b.db, b.client, { limit: 5, prefetch: true, ahead })
      if (page.caughtUp) break
      ahead = page.next
    }
    writes.stop()
    expect(await shopOf(b.db)).toEqual(await shopOf(a.db))
    const ledgerKeys = writes.keys('stockLedger')
    expect(ledgerKeys.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `i:p${i}`))
  })
})

describe('a catch-up’s pages follow their weight (photos make heavy documents)', () => {
  it('nextLimit: as many documents as fit at this page’s weight, between the floor and the batch', () => {
    expect(nextLimit({ received: 100, chars: 1_000_000 }, 8_000_000, 2_000)).toBe(800)
    expect(nextLimit({ received: 100, chars: 10_000 }, 8_000_000, 2_000)).toBe(2_000)
    expect(nextLimit({ received: 10, chars: 100_000_000 }, 8_000_000, 2_000)).toBe(CATCH_UP_MIN)
    expect(nextLimit({ received: 0, chars: 50 }, 8_000_000, 2_000)).toBe(2_000)
    expect(nextLimit({ received: 5, chars: undefined }, 8_000_000, 300)).toBe(300)
    expect(nextLimit({ received: 10, chars: 100_000_000 }, 8_000_000, 5)).toBe(5)
  })

  it('heavy documents get smaller pages, light ones the whole batch again, and the device gets everything once', async () => {
    const couch = new FakeCouch()
    const a = await aDevice(couch, 'deva')
    // 30 products of about 2 kB each (the longest description), then 40 light ones: each with its ledger row.
    for (let i = 0; i < 30; i++) await addProduct(a.db, `h${String(i).padStart(2, '0')}`, { description: 'x'.repeat(2_000) })
    for (let i = 0; i < 40; i++) await addProduct(a.db, `l${String(i).padStart(2, '0')}`)
    for (;;) if (!(await pushOnce(a.db, a.client)).more) break
    const b = new ShopDatabase(`test-devb-${crypto.randomUUID()}`, { deviceId: 'devb' })
    const writes = recordWrites()
    const c = await connect(b, { url: FAKE_DB, username: 'owner', password: 'secret' }, { fetch: couch.fetch, backoff: { min: 20, max: 80 }, waitMs: 2_000, timeoutMs: 1_000, catchUpBatch: 50, catchUpPageChars: 20_000 })
    await c.syncNow()
    writes.stop()
    await c.stop()
    const limits = changesRequests(couch).filter((line) => !line.includes('feed=longpoll')).map((line) => Number(new URL(line.split(' ')[1]!, 'http://x').searchParams.get('limit')))
    // The first page as asked; while the heavy products come, fewer (pages of about 20,000 characters); then the batch again.
    expect(limits[0]).toBe(50)
    expect(Math.min(...limits)).toBeLessThan(30)
    expect(limits.at(-1)).toBe(50)
    expect(await shopOf(b)).toEqual(await shopOf(a.db))
    expect(new Set(writes.keys('stockLedger')).size).toBe(writes.keys('stockLedger').length)
  })
})
