/**
 * A backup restored on a device that syncs changes that device only: sync stops first, the
 * device leaves the shop (no config, no syncRevs, no pull checkpoint), and the restore's writes
 * are never pushed over the shop. Connecting again joins afresh: the shop's copy wins.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { register } from '../../../src/services/auth'
import { exportShop, importShop } from '../../../src/services/backup'
import { connect, readSyncConfig, type SyncStartOptions } from '../../../src/sync'
import { SYNC_PULL_SEQ_KEY, SYNC_PUSH_SEQ_KEY, type SyncController } from '../../../src/sync/types'
import { serializeBackup } from '../../../src/db/backup'
import { FAKE_DB, FakeCouch } from './fakeCouch'
import { addProduct } from './devices'
import { until } from '../support'

const FAST = { iterations: 1000 }
const PASSWORD = 'correct horse battery'
const options: SyncStartOptions = { tabs: false, backoff: { min: 20, max: 80 }, waitMs: 2_000, timeoutMs: 1_000 }
const running: SyncController[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()))
})


async function aShop() {
  const db = new ShopDatabase(`test-restore-${crypto.randomUUID()}`, { deviceId: 'dev-a' })
  const user = await register(db, { username: 'olive', password: PASSWORD }, FAST)
  await addProduct(db, 'p1xxxxxxxxxxx', { price: 100 })
  const backup = serializeBackup(await exportShop(db, user.id, { appVersion: 'test' }))
  return { db, owner: user.id, backup }
}

const priceOn = async (db: ShopDatabase) => (await db.products.get('p1xxxxxxxxxxx'))?.price
const serverPrice = (couch: FakeCouch) => (couch.docs.get('products:p1xxxxxxxxxxx')?.doc as { data?: { price?: number } } | undefined)?.data?.price

describe('restoring a backup on a device that syncs', () => {
  it('stops sync first, leaves the shop, pushes nothing of the backup, and a reconnect takes the shop’s copy', async () => {
    const couch = new FakeCouch()
    const { db, owner, backup } = await aShop()
    const c1 = await connect(db, { url: FAKE_DB, username: 'owner', password: 'secret' }, { fetch: couch.fetch, ...options })
    running.push(c1)
    await db.products.update('p1xxxxxxxxxxx', { price: 250 })
    await until(() => serverPrice(couch) === 250 && c1.status.phase === 'up-to-date')
    const writes = couch.writes.get('products:p1xxxxxxxxxxx')

    let stoppedFirst = false
    await importShop(db, owner, backup, {
      ...FAST,
      password: PASSWORD,
      beforeWrite: async () => {
        await c1.stop({ forget: true })
        stoppedFirst = c1.status.phase === 'stopped'
      },
    })
    expect(stoppedFirst).toBe(true)
    expect(await priceOn(db)).toBe(100)
    expect(await readSyncConfig(db)).toBeUndefined()
    expect(await db.syncRevs.count()).toBe(0)
    expect(await db.meta.get(SYNC_PULL_SEQ_KEY)).toBeUndefined()

    // Rejoin: the shop's price comes back, and the backup's older one was never sent.
    // The device holds the backup's data now: joining asks, and the owner adds it (the backup's records were never to push).
    const c2 = await connect(db, { url: FAKE_DB, username: 'owner', password: 'secret' }, { fetch: couch.fetch, ...options, join: 'merge' })
    running.push(c2)
    await until(async () => c2.status.phase === 'up-to-date' && (await priceOn(db)) === 250)
    expect(serverPrice(couch)).toBe(250)
    expect(couch.writes.get('products:p1xxxxxxxxxxx')).toBe(writes)
  })

  it('a wrong password stops nothing', async () => {
    const { db, owner, backup } = await aShop()
    let stopped = false
    await importShop(db, owner, backup, { ...FAST, password: 'not it', beforeWrite: async () => void (stopped = true) }).catch(() => undefined)
    expect(stopped).toBe(false)
  })

  it('on a device that never synced, the restored shop is still all to push (the first device of a new shop)', async () => {
    const { db, owner, backup } = await aShop()
    await importShop(db, owner, backup, { ...FAST, password: PASSWORD })
    expect(await db.meta.get(SYNC_PUSH_SEQ_KEY)).toBeUndefined()
  })
})
