/**
 * Joining a shop with the scripted fake server (src/sync/join.ts): what a join asks of the
 * server. A fresh device (the benchmark's join) asks nothing more than before; a device with
 * data asks whether the shop has any; the answer settles nothing until the person chose.
 */
import { describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { seedDemoCatalog } from '../../../src/db/seed'
import { connect } from '../../../src/sync'
import { toDoc } from '../../../src/sync/documents'
import type { JoinChoiceNeeded } from '../../../src/sync/types'
import { aNewProduct, aNewUser, rejection } from '../support'
import { FAKE_DB, FakeCouch } from './fakeCouch'

const aDb = (device: string) => new ShopDatabase(`join-${device}-${crypto.randomUUID()}`, { deviceId: device })
const signIn = { url: FAKE_DB, username: 'owner', password: 'secret' }

describe('joining through the fake server', () => {
  it('a fresh device asks the server nothing more than before', async () => {
    const couch = new FakeCouch()
    couch.put({ _id: 'products:p1', table: 'products', data: { id: 'p1' }, hlc: '1', device: 'x' } as never)
    const c = await connect(aDb('fresh'), signIn, { fetch: couch.fetch })
    await c.stop()
    expect(couch.log.filter((line) => line.includes('_all_docs'))).toEqual([])
  })

  it('a device with data joining an empty shop joins as it is (its data seeds the shop)', async () => {
    const couch = new FakeCouch()
    const db = aDb('first')
    await seedDemoCatalog(db, 1)
    await db.users.add(aNewUser('olive', 'owner'))
    const c = await connect(db, signIn, { fetch: couch.fetch })
    await c.syncNow()
    await c.stop()
    expect(couch.liveDocs().filter((d) => d._id.startsWith('users:'))).toHaveLength(1)
  })

  it('a device with data of its own joining a shop with data is asked, and nothing changes', async () => {
    const couch = new FakeCouch()
    couch.put({ _id: 'products:p1', table: 'products', data: { id: 'p1' }, hlc: '1', device: 'x' } as never)
    const db = aDb('asked')
    await seedDemoCatalog(db, 1)
    await db.users.add(aNewUser('olive', 'owner'))
    const err = (await rejection(connect(db, signIn, { fetch: couch.fetch }))) as JoinChoiceNeeded
    expect(err.name).toBe('JoinChoiceNeeded')
    expect(err.survey).toMatchObject({ orders: 0, products: 0, canMerge: true, accounts: [{ username: 'olive', inShop: false }] })
    expect([await db.products.count(), await db.users.count(), await db.meta.get('syncConfig')]).toEqual([25, 1, undefined])
  })
})

describe('after "Stop syncing" (the config forgotten, the checkpoints kept)', () => {
  /** Two shops: FAKE_DB, and the same fake's twin under another host. */
  function twoShops() {
    const one = new FakeCouch()
    const two = new FakeCouch()
    const fetch = (input: string, init?: RequestInit) => (input.includes('couch2.test') ? two.fetch(input.replace(/couch2\.test/g, 'couch.test'), init) : one.fetch(input, init))
    return { one, two, fetch }
  }
  const product = (id: string) => toDoc('products', id, { id, ...aNewProduct({ sku: `SKU-${id.toUpperCase()}` }) }, { hlc: '1', device: 'x' })

  it('connecting to another shop joins it from its start, not from the old shop\'s checkpoint', async () => {
    const { one, two, fetch } = twoShops()
    one.put(await product('p1'))
    one.put(await product('p2'))
    const db = aDb('moved')
    const first = await connect(db, signIn, { fetch, tabs: false })
    await first.syncNow()
    await first.stop({ forget: true })
    expect(await db.meta.get('syncConfig')).toBeUndefined()
    two.put(await product('q1'))
    const second = await connect(db, { ...signIn, url: 'http://couch2.test/shop' }, { fetch, tabs: false, join: 'merge' })
    await second.syncNow()
    await second.stop()
    // With the old checkpoint (shop one's seq 2) the new shop's first change would have been skipped.
    expect(await db.products.get('q1')).toBeDefined()
  })

  it('connecting to the same shop again carries on from its checkpoint: no join, nothing asked', async () => {
    const { one, fetch } = twoShops()
    one.put(await product('p1'))
    const db = aDb('back')
    const first = await connect(db, signIn, { fetch, tabs: false })
    await first.syncNow()
    await first.stop({ forget: true })
    await db.users.add(aNewUser('olive', 'owner'))
    const again = await connect(db, signIn, { fetch, tabs: false })
    await again.syncNow()
    await again.stop()
    expect(one.liveDocs().some((d) => d._id.startsWith('users:'))).toBe(true)
  })
})
