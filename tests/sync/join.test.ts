/**
 * A device joining a shop that already has data, through the real server. Device B is a new
 * till: the demo catalog seeded on its first visit, the account registered there (its local
 * owner), a sale of its own. Connecting asks first (nothing changed until the person chooses);
 * "use the shop's data" leaves B holding exactly the shop's records, with no refusal and
 * nothing of B's on the server, and logs out whoever used an account the shop does not have;
 * an owner's "add this device's data" merges B's own records into the shop, while B's demo
 * catalog as seeded neither overwrites the owner's edits nor brings back what the owner deleted.
 */
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { setupShopDatabase } from '../../scripts/sync-setup.mjs'
import { upsertShopUser } from '../../scripts/sync-user.mjs'
import { DEVICE_SESSION_KEY, ShopDatabase } from '../../src/db/database'
import { demoProducts, loadDemoCatalog, seedDemoCatalog } from '../../src/db/seed'
import { addToCart } from '../../src/services/cart'
import { checkout } from '../../src/services/checkout'
import { connect } from '../../src/sync'
import { SYNC_CONFIG_KEY, type JoinChoiceNeeded, type SyncConfig } from '../../src/sync/types'
import { syncControllers } from './controllers'
import { aNewUser, deliveryDetails } from '../unit/support'
import { addProduct, shopOf } from '../unit/sync/devices'

const { url, admin } = inject('couch')
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
const PASSWORD = 'correct-horse-battery'
const users = { owner: `join-own-${suffix}`, owner2: `join-own2-${suffix}`, till: `join-till-${suffix}` }
let shops = 0
let dbUrl = ''

beforeAll(async () => {
  const make = (name: string, role: 'owner' | 'seller') => upsertShopUser({ serverUrl: url, name, role, userPassword: PASSWORD, user: admin.name, password: admin.password })
  await Promise.all([make(users.owner, 'owner'), make(users.owner2, 'owner'), make(users.till, 'seller')])
})

/** Each test its own shop: what B finds there is only what A put. */
async function newShop(): Promise<void> {
  dbUrl = `${url}/shop-join-${suffix}-${++shops}`
  await setupShopDatabase({ dbUrl, user: admin.name, password: admin.password })
}

const { stopAll, online, settle } = syncControllers(() => dbUrl, PASSWORD)
afterEach(stopAll)

const aDb = (device: string) => new ShopDatabase(`join-${device}-${crypto.randomUUID()}`, { deviceId: device })

/** Every document on the server (as its admin sees it), design documents left out. */
async function serverDocs(): Promise<{ _id: string; device?: string; table?: string; data?: Record<string, unknown> }[]> {
  const auth = `Basic ${Buffer.from(`${admin.name}:${admin.password}`).toString('base64')}`
  const body = (await (await fetch(`${dbUrl}/_all_docs?include_docs=true`, { headers: { Authorization: auth } })).json()) as { rows: { id: string; doc: { _id: string } }[] }
  return body.rows.filter((r) => !r.id.startsWith('_design/')).map((r) => r.doc)
}

/** A device as a person leaves it after a first visit: the demo seeded, an account and its session, and a sale (an order, its ledger row). */
async function aNewTill(device: string, username: string, seededAt: number) {
  const db = aDb(device)
  await seedDemoCatalog(db, seededAt)
  const userId = await db.users.add(aNewUser(username, 'owner'))
  await db.sessions.put({ key: `session-${device}`, userId, startedAt: 1, lastActiveAt: 1 })
  await db.meta.put({ key: DEVICE_SESSION_KEY, value: `session-${device}` })
  const mug = demoProducts(await loadDemoCatalog(), seededAt).find((p) => p.name === 'Stoneware Mug')!
  await addToCart(db, userId, mug.id, 1)
  const order = await checkout(db, userId, `attempt-${device}`, { kind: 'on-delivery' }, deliveryDetails(), { delayMs: 0 })
  return { db, userId, order }
}

async function choiceOf(promise: Promise<unknown>): Promise<JoinChoiceNeeded> {
  const err = (await promise.then(() => undefined, (e: unknown) => e)) as JoinChoiceNeeded | undefined
  expect(err?.name).toBe('JoinChoiceNeeded')
  return err!
}

describe('a device joining a shop that already has data', () => {
  it("a new till takes the shop's data: no refusal, its tables are the shop's, nothing of it reaches the shop", async () => {
    await newShop()
    // The owner's first device: the shop's database is empty, so it joins as it is and seeds the shop.
    const a = await aNewTill('owna', 'olive', 1_000)
    await addProduct(a.db, 'teapot0000001', { name: 'Shop Teapot', sku: 'SHOP-1', stock: 5 })
    const ca = await online(a.db, users.owner)
    await settle(ca)
    expect(ca.status.refusals).toEqual([])

    const b = await aNewTill('tillb', 'bruno', 2_000)
    const before = await shopOf(b.db)
    // Connecting asks first, and changes nothing: B's records stay, no config is stored.
    const asked = await choiceOf(connect(b.db, { url: dbUrl, username: users.till, password: PASSWORD }))
    expect(asked.survey).toEqual({ orders: 1, accounts: [{ id: b.userId, username: 'bruno', inShop: false }], products: 1, canMerge: false })
    expect(await shopOf(b.db)).toEqual(before)
    expect(await b.db.meta.get(SYNC_CONFIG_KEY)).toBeUndefined()

    const cb = await online(b.db, users.till, { join: 'shop' })
    await settle(ca, cb)
    expect(cb.status.refusals).toEqual([])
    expect(ca.status.refusals).toEqual([])
    expect(await shopOf(b.db)).toEqual(await shopOf(a.db))
    expect([await b.db.payments.count(), await b.db.cartItems.count()]).toEqual([await a.db.payments.count(), await a.db.cartItems.count()])
    expect(await b.db.orders.get(b.order.id)).toBeUndefined()
    // The shop has nothing of B's: no document B wrote, not its order, not its account.
    const docs = await serverDocs()
    expect(docs.filter((d) => d.device === 'tillb')).toEqual([])
    expect(docs.some((d) => d._id === `orders:${b.order.id}` || d._id === `users:${b.userId}`)).toBe(false)
    // Bruno's account was only on B: his session ended, and the notice says whose.
    expect(await b.db.sessions.count()).toBe(0)
    expect((await b.db.meta.get(DEVICE_SESSION_KEY))?.value).toBeNull()
    expect(((await b.db.meta.get(SYNC_CONFIG_KEY))?.value as SyncConfig).joined).toMatchObject({ use: 'shop', removedAccounts: ['bruno'] })
  })

  it("keeps the session of an account the shop has, and asks nothing of a device with only the untouched demo", async () => {
    await newShop()
    const a = await aNewTill('ownc', 'olive', 1_000)
    const ca = await online(a.db, users.owner)
    await settle(ca)

    // Only the demo, as seeded: nothing of its own, so no question; the demo is simply the shop's.
    const d = aDb('tilld')
    await seedDemoCatalog(d, 3_000)
    const cd = await online(d, users.till)
    await settle(ca, cd)
    expect(cd.status.refusals).toEqual([])
    expect(await shopOf(d)).toEqual(await shopOf(a.db))
    expect((await serverDocs()).filter((doc) => doc.device === 'tilld')).toEqual([])

    // A device holding the shop's very account (restored from one of its devices, say) and a session with it.
    const e = aDb('tille')
    const olive = (await a.db.users.get(a.userId))!
    await e.users.add(olive)
    await e.users.add({ ...aNewUser('erin', 'owner'), id: 'erin000000001' })
    await e.sessions.put({ key: 'session-e', userId: olive.id, startedAt: 1, lastActiveAt: 1 })
    const asked = await choiceOf(connect(e, { url: dbUrl, username: users.till, password: PASSWORD }))
    expect(asked.survey.accounts).toEqual([
      { id: 'erin000000001', username: 'erin', inShop: false },
      { id: olive.id, username: 'olive', inShop: true },
    ].sort((x, y) => (x.id < y.id ? -1 : 1)))
    const ce = await online(e, users.till, { join: 'shop' })
    await settle(ca, ce)
    expect(ce.status.refusals).toEqual([])
    expect((await e.sessions.toArray()).map((s) => s.userId)).toEqual([olive.id])
    expect(await shopOf(e)).toEqual(await shopOf(a.db))
    expect(((await e.meta.get(SYNC_CONFIG_KEY))?.value as SyncConfig).joined).toMatchObject({ removedAccounts: ['erin'] })
  })

  it("an owner adds the device's data to the shop: its own records merge, its demo as seeded changes nothing", async () => {
    await newShop()
    const a = await aNewTill('ownf', 'olive', 1_000)
    const ca = await online(a.db, users.owner)
    await settle(ca)
    // The owner edits one demo product and deletes another, on the shop.
    const demoRows = await loadDemoCatalog()
    const [teaId, chaiId] = ['Glass Teapot', 'Masala Chai Blend'].map((name) => demoProducts(demoRows, 0).find((p) => p.name === name)!.id)
    await a.db.products.update(teaId!, { price: 4_200 })
    await a.db.products.delete(chaiId!)
    await settle(ca)

    // B seeded later (its demo's stamps are newer than the owner's edit), and made things of its own.
    const b = await aNewTill('owng', 'bruno', 2_000)
    await addProduct(b.db, 'vase000000001', { name: 'Bruno Vase', sku: 'BRU-1', stock: 3 })
    const asked = await choiceOf(connect(b.db, { url: dbUrl, username: users.owner2, password: PASSWORD }))
    expect(asked.survey).toMatchObject({ orders: 1, products: 2, canMerge: true })

    const cb = await online(b.db, users.owner2, { join: 'merge' })
    await settle(ca, cb)
    expect([ca.status.refusals, cb.status.refusals]).toEqual([[], []])
    const [shopA, shopB] = [await shopOf(a.db), await shopOf(b.db)]
    expect(shopB).toEqual(shopA)
    // B's own records are the shop's now: its order, its account, its product.
    expect(shopA.orders.map((o) => o.id).sort()).toEqual([a.order.id, b.order.id].sort())
    expect(shopA.users.map((u) => u.username).sort()).toEqual(['bruno', 'olive'])
    expect(shopA.products.find((p) => p.id === 'vase000000001')?.name).toBe('Bruno Vase')
    // B's untouched demo overwrote nothing and brought nothing back.
    expect(shopA.products.find((p) => p.id === teaId)?.price).toBe(4_200)
    expect(shopA.products.some((p) => p.id === chaiId)).toBe(false)
    // Nobody was logged out: no notice to show.
    expect(((await b.db.meta.get(SYNC_CONFIG_KEY))?.value as SyncConfig).joined).toBeUndefined()
  })

  it('a till may not add its data to the shop: asked again, nothing changed', async () => {
    await newShop()
    const a = await aNewTill('ownh', 'olive', 1_000)
    await settle(await online(a.db, users.owner))
    const b = await aNewTill('tilli', 'bruno', 2_000)
    const asked = await choiceOf(connect(b.db, { url: dbUrl, username: users.till, password: PASSWORD }, { join: 'merge' }))
    expect(asked.survey.canMerge).toBe(false)
    expect(await b.db.orders.count()).toBe(1)
  })
})
