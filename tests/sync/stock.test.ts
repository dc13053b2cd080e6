/**
 * Stock across devices through the real server: the per-product stock document is a lock
 * that holds when devices race (exactly one of two claims on the last unit wins, the other is
 * told another device sold it first), two online checkouts on two devices make one order,
 * and the pushed sale is not counted twice on the stock document. Also the rules that need
 * no lock: two devices that sold apart end oversold with every order kept, and two devices
 * that made one SKU apart end with one product per SKU.
 */
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { setupShopDatabase } from '../../scripts/sync-setup.mjs'
import { upsertShopUser } from '../../scripts/sync-user.mjs'
import { ShopDatabase } from '../../src/db/database'
import { demoProducts, loadDemoCatalog, seedDemoCatalog } from '../../src/db/seed'
import { OutOfStockError } from '../../src/domain/errors'
import { addToCart } from '../../src/services/cart'
import { checkout } from '../../src/services/checkout'
import { syncControllers } from './controllers'
import { CouchClient } from '../../src/sync/couch'
import { claimStock, stockDocId, type LocalStock } from '../../src/sync/stock'
import { aNewUser, deliveryDetails } from '../unit/support'
import { addProduct, shopOf } from '../unit/sync/devices'

const { url, admin } = inject('couch')
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
const dbUrl = `${url}/shop-stock-${suffix}`
const PASSWORD = 'correct-horse-battery'
const users = { owner: `stock-own-${suffix}`, till1: `stock-t1-${suffix}`, till2: `stock-t2-${suffix}` }

beforeAll(async () => {
  await setupShopDatabase({ dbUrl, user: admin.name, password: admin.password })
  const make = (name: string, role: 'owner' | 'seller') => upsertShopUser({ serverUrl: url, name, role, userPassword: PASSWORD, user: admin.name, password: admin.password })
  await Promise.all([make(users.owner, 'owner'), make(users.till1, 'seller'), make(users.till2, 'seller')])
})

const { stopAll, online, offline, settle } = syncControllers(() => dbUrl, PASSWORD)
afterEach(stopAll)

async function signedIn(user: string): Promise<CouchClient> {
  const client = new CouchClient(dbUrl)
  await client.signIn(user, PASSWORD)
  return client
}

const aDb = (device: string) => new ShopDatabase(`stock-${device}-${crypto.randomUUID()}`, { deviceId: device })
const local = (stock: number) => async (ids: string[]) => new Map<string, LocalStock>(ids.map((id) => [id, { name: 'Last Mug', stock, ledgerIds: [`i:${id}`] }]))

describe('the stock document as a lock, on the real server', () => {
  it.each([1, 2, 3, 4, 5])('two tills race for the last unit (round %i): exactly one claim wins', async (round) => {
    const [one, two] = await Promise.all([signedIn(users.till1), signedIn(users.till2)])
    const productId = `last-${round}`
    // Round 1 starts with no document (both try to make it); the others with one of level 1.
    if (round > 1) await one.put({ _id: stockDocId(productId), table: 'stock', level: 1, rows: [] })
    const results = await Promise.allSettled([
      claimStock(one, [{ productId, quantity: 1, ledgerId: `s:o1-${round}:${productId}` }], local(1)),
      claimStock(two, [{ productId, quantity: 1, ledgerId: `s:o2-${round}:${productId}` }], local(1)),
    ])
    const won = results.filter((r) => r.status === 'fulfilled' && r.value === true)
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []))
    expect(won).toHaveLength(1)
    expect(refused).toHaveLength(1)
    expect(refused[0]).toBeInstanceOf(OutOfStockError)
    expect((refused[0] as Error).message).toBe('Last Mug is out of stock: another device sold it first.')
    const doc = await one.get(stockDocId(productId))
    expect(doc?.level).toBe(0)
    expect(doc?.rows).toHaveLength(round > 1 ? 1 : 2)
  })

  it('five tills race for three units: exactly three win', async () => {
    const clients = await Promise.all([users.till1, users.till2, users.owner, users.till1, users.till2].map(signedIn))
    await clients[0]!.put({ _id: stockDocId('three'), table: 'stock', level: 3, rows: [] })
    const results = await Promise.allSettled(clients.map((c, i) => claimStock(c, [{ productId: 'three', quantity: 1, ledgerId: `s:o${i}:three` }], local(3))))
    // Under heavy contention a claim may give up after its retries (false: the sale goes ahead offline); never more than three win.
    const won = results.filter((r) => r.status === 'fulfilled' && r.value === true).length
    const gaveUp = results.filter((r) => r.status === 'fulfilled' && r.value === false).length
    expect(won).toBeLessThanOrEqual(3)
    expect(won + gaveUp).toBeGreaterThanOrEqual(3)
    expect((await clients[0]!.get(stockDocId('three')))?.level).toBe(3 - won)
  })
})

describe('two devices through the real server', () => {
  it('online, both check out the last unit at once: one order, the other is told at once, and nothing is counted twice', async () => {
    const a = aDb('deva')
    const b = aDb('devb')
    await addProduct(a, 'mug', { name: 'Last Mug', stock: 1 })
    // The shop has data already (the tests before): its owner adds this device's product to it.
    const ca = await online(a, users.owner, { join: 'merge' })
    const cb = await online(b, users.till1)
    await settle(ca, cb)
    const [alice, bob] = [aNewUser('alice'), aNewUser('bob')]
    const aliceId = await a.users.add(alice)
    const bobId = await b.users.add(bob)
    await addToCart(a, aliceId, 'mug', 1)
    await addToCart(b, bobId, 'mug', 1)

    const results = await Promise.allSettled([
      checkout(a, aliceId, 'attempt-a', { kind: 'on-delivery' }, deliveryDetails(), { delayMs: 0, stock: ca }),
      checkout(b, bobId, 'attempt-b', { kind: 'on-delivery' }, deliveryDetails(), { delayMs: 0, stock: cb }),
    ])
    const placed = results.filter((r) => r.status === 'fulfilled')
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []))
    expect(placed).toHaveLength(1)
    expect(refused[0]).toBeInstanceOf(OutOfStockError)
    expect((refused[0] as Error).message).toMatch(/another device sold it first/)
    expect(placed[0]?.status === 'fulfilled' && placed[0].value.offline).toBeFalsy()

    await settle(ca, cb)
    const [shopA, shopB] = [await shopOf(a), await shopOf(b)]
    expect(shopA).toEqual(shopB)
    expect(shopA.orders).toHaveLength(1)
    expect(shopA.products.find((p) => p.id === 'mug')?.stock).toBe(0)
    // The sale's ledger row was in the document's rows when the push sent it: counted once.
    expect((await (await signedIn(users.owner)).get(stockDocId('mug')))?.level).toBe(0)
  })

  it('offline, both sell the last unit: every order is kept, the ledger merged, the product oversold', async () => {
    const a = aDb('offa')
    const b = aDb('offb')
    await addProduct(a, 'cup', { name: 'Last Cup', stock: 1 })
    let ca = await online(a, users.owner, { join: 'merge' })
    let cb = await online(b, users.till1)
    await settle(ca, cb)
    await offline(ca, cb)
    // The shop is shared by every test here: other names than the test before.
    const aliceId = await a.users.add(aNewUser('carol'))
    const bobId = await b.users.add(aNewUser('dave'))
    await addToCart(a, aliceId, 'cup', 1)
    await addToCart(b, bobId, 'cup', 1)
    // The controllers are stopped: claimStock answers false, so both orders are placed offline.
    const [orderA, orderB] = await Promise.all([
      checkout(a, aliceId, 'attempt-oa', { kind: 'on-delivery' }, deliveryDetails(), { delayMs: 0, stock: ca }),
      checkout(b, bobId, 'attempt-ob', { kind: 'on-delivery' }, deliveryDetails(), { delayMs: 0, stock: cb }),
    ])
    expect([orderA.offline, orderB.offline]).toEqual([true, true])
    ca = await online(a, users.owner)
    cb = await online(b, users.till1)
    await settle(ca, cb)
    const shop = await shopOf(a)
    expect(shop).toEqual(await shopOf(b))
    expect(shop.orders.map((o) => o.id).filter((id) => id.startsWith('attempt-o')).sort()).toEqual(['attempt-oa', 'attempt-ob'])
    expect(await a.products.get('cup')).toMatchObject({ stock: -1, oversold: 1 })
    expect((await a.products.where('oversold').equals(1).primaryKeys()).map(String)).toEqual(['cup'])
    expect(await b.products.get('cup')).toMatchObject({ stock: -1, oversold: 1 })
  })

  it('two devices that seeded the demo catalog and made one SKU apart end with one product per SKU', async () => {
    const a = aDb('skua')
    const b = aDb('skub')
    await seedDemoCatalog(a, 1_000)
    await seedDemoCatalog(b, 2_000)
    await addProduct(a, 'ownA000000001', { sku: 'NEW-1', name: 'Made on A', createdAt: 10 })
    await addProduct(b, 'ownB000000001', { sku: 'NEW-1', name: 'Made on B', createdAt: 20 })
    const ca = await online(a, users.owner, { join: 'merge' })
    // Each holds a product of its own: its owner adds it to the shop (the demo as seeded stays off the shop).
    const cb = await online(b, users.owner, { join: 'merge' })
    await settle(ca, cb)
    const [shopA, shopB] = [await shopOf(a), await shopOf(b)]
    expect(shopA.products).toEqual(shopB.products)
    const skus = shopA.products.map((p) => p.sku)
    expect(new Set(skus).size).toBe(skus.length)
    // The shop is shared by every test here: the products of the tests before are there too.
    // The demo catalog, as both seeded it, stays off a shop that already has data (it never had
    // the demo): what the owners added is their own products, one per SKU.
    const demo = new Set(demoProducts(await loadDemoCatalog(), 0).map((p) => p.id))
    expect(shopA.products.filter((p) => demo.has(String(p.id)))).toEqual([])
    expect(shopA.products.filter((p) => p.id !== 'mug' && p.id !== 'cup')).toHaveLength(2)
    expect(shopA.products.find((p) => p.id === 'ownA000000001')).toMatchObject({ sku: 'NEW-1' })
    expect(shopA.products.find((p) => p.id === 'ownB000000001')).toMatchObject({ sku: 'NEW-1-OWNB', skuConflict: 'NEW-1' })
  })
})
