/**
 * The pull's page asked for ahead (PullOptions.prefetch): the engine's catch-up asks for the
 * next page while it writes the current one. Each page is still asked for once, a page ahead
 * is used only where the checkpoint is, and one that failed costs nothing but a new request.
 */
import { describe, expect, it } from 'vitest'
import { pullOnce, type PageAhead } from '../../../src/sync/pull'
import { pushOnce } from '../../../src/sync/push'
import { SYNC_PULL_SEQ_KEY } from '../../../src/sync/types'
import { SyncError } from '../../../src/sync/errors'
import { FakeCouch } from './fakeCouch'
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
      expect(page.next?.since).toBe((await b.db.meta.get(SYNC_PULL_SEQ_KEY))?.value)
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
