/**
 * Two devices (two ShopDatabases on fake-indexeddb) through the real server: concurrent
 * offline edits — a product changed on both, an order moved on both, sales of one product on
 * both, a deletion — and after syncing both hold the same records. Also: a change the rules
 * refuse is rolled back with a refusal, and a device joining late receives the whole shop.
 */
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { setupShopDatabase } from '../../scripts/sync-setup.mjs'
import { upsertShopUser } from '../../scripts/sync-user.mjs'
import { ShopDatabase } from '../../src/db/database'
import { syncControllers } from './controllers'
import { anOrder } from '../unit/support'
import { addProduct, moveStock, shopOf } from '../unit/sync/devices'

const { url, admin } = inject('couch')
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
const dbUrl = `${url}/shop-converge-${suffix}`
const PASSWORD = 'correct-horse-battery'
const users = { a: `conv-a-${suffix}`, b: `conv-b-${suffix}`, till: `conv-till-${suffix}` }

beforeAll(async () => {
  await setupShopDatabase({ dbUrl, user: admin.name, password: admin.password })
  const make = (name: string, role: 'owner' | 'seller') => upsertShopUser({ serverUrl: url, name, role, userPassword: PASSWORD, user: admin.name, password: admin.password })
  await Promise.all([make(users.a, 'owner'), make(users.b, 'owner'), make(users.till, 'seller')])
})

const { stopAll, online, offline, settle } = syncControllers(() => dbUrl, PASSWORD)
afterEach(stopAll)

const aDb = (device: string) => new ShopDatabase(`conv-${device}-${crypto.randomUUID()}`, { deviceId: device })

describe('two devices through the real server', () => {
  it('converge after concurrent offline edits', async () => {
    const a = aDb('deva')
    const b = aDb('devb')
    await addProduct(a, 'p1', { price: 1000 })
    await addProduct(a, 'p2', { stock: 10 })
    await addProduct(a, 'p3')
    await a.orders.add(anOrder({ id: 'o1', number: 'K7-1001' }))
    let ca = await online(a, users.a)
    let cb = await online(b, users.b)
    await settle(ca, cb)
    expect(await b.products.count()).toBe(3)
    expect(await shopOf(b)).toEqual(await shopOf(a))

    await offline(ca, cb)
    // Apart: a price on A, then a rename and price on B (later: it wins the product); an order
    // paid on A and cancelled on B; sales of p2 on both; p3 deleted on B.
    await a.products.update('p1', { price: 1100 })
    await new Promise((r) => setTimeout(r, 5))
    await b.products.update('p1', { name: 'Big Mug', price: 1200 })
    const o1 = (await a.orders.get('o1'))!
    await a.orders.update('o1', { status: 'paid', history: [...o1.history, { status: 'paid', at: 2_000, by: 'a', note: '' }] })
    await b.orders.update('o1', { status: 'cancelled', history: [...o1.history, { status: 'cancelled', at: 3_000, by: 'b', note: '' }] })
    await moveStock(a, 'p2', -2, 'sale-a')
    await moveStock(b, 'p2', -3, 'sale-b')
    await b.transaction('rw', b.products, b.stockLedger, () => b.products.delete('p3'))

    ca = await online(a, users.a)
    cb = await online(b, users.b)
    await settle(ca, cb)
    const [shopA, shopB] = [await shopOf(a), await shopOf(b)]
    expect(shopA).toEqual(shopB)
    const p1 = shopA.products.find((p) => p.id === 'p1')
    expect([p1?.name, p1?.price]).toEqual(['Big Mug', 1200])
    expect(shopA.products.find((p) => p.id === 'p2')?.stock).toBe(5)
    expect(shopA.products.some((p) => p.id === 'p3')).toBe(false)
    const order = shopA.orders.find((o) => o.id === 'o1')!
    expect([order.status, order.history.map((e) => e.status)]).toEqual(['cancelled', ['placed', 'paid', 'cancelled']])
    expect(shopA.stockLedger.map((r) => r.id).sort()).toEqual(['i:p1', 'i:p2', 'i:p3', 'sale-a', 'sale-b'])

    // A third device joins and receives the whole shop.
    const c = aDb('devc')
    const cc = await online(c, users.a)
    expect(cc.status.phase).toBe('up-to-date')
    expect(await shopOf(c)).toEqual(shopA)
  })

  it('a till\'s price change is refused by the server and rolled back, with the reason', async () => {
    const owner = aDb('own')
    await addProduct(owner, 'm1', { name: 'Teapot', price: 3000, sku: 'TEA-1' })
    // The shop has the first test's data: its owner adds this device's product to it.
    const co = await online(owner, users.a, { join: 'merge' })
    const till = aDb('till')
    const ct = await online(till, users.till)
    await settle(co, ct)
    await till.products.update('m1', { price: 1 })
    await ct.syncNow()
    expect(ct.status.refusals[0]).toMatchObject({ table: 'products', id: 'm1', label: 'Teapot' })
    expect(ct.status.refusals[0]?.reason).toMatch(/owner/)
    expect((await till.products.get('m1'))?.price).toBe(3000)
    // A till's sale goes through: its ledger row and the product's stock.
    await moveStock(till, 'm1', -1, 's:order-t:m1')
    await till.stockLedger.update('s:order-t:m1', { reason: 'sale' })
    await settle(co, ct)
    expect((await owner.products.get('m1'))?.stock).toBe(9)
  })
})
