/**
 * Joining a shop with the scripted fake server (src/sync/join.ts): what a join asks of the
 * server. A fresh device (the benchmark's join) asks nothing more than before; a device with
 * data asks whether the shop has any; the answer settles nothing until the person chose.
 */
import { describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { seedDemoCatalog } from '../../../src/db/seed'
import { connect } from '../../../src/sync'
import type { JoinChoiceNeeded } from '../../../src/sync/types'
import { aNewUser, rejection } from '../support'
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
