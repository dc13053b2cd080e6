/**
 * Schema version 4: a device that has shipped version 1 opens the new app and every order
 * gains its history, subtotal, tax, currency, payment and customer name, with nothing lost.
 */
import Dexie from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { changeOrderStatus, listAllOrders } from '../../../src/services/orders'
import { aNewProduct, aNewUser, fixedClock } from '../support'
import { ShippedV1Database } from './shipped-v1'

const line = (productId: number, name: string, unitPrice: number, quantity: number) => ({
  productId,
  sku: `SKU-${productId}`,
  name,
  unitPrice,
  quantity,
  lineTotal: unitPrice * quantity,
})

let name: string
let opened: ShopDatabase | undefined

afterEach(async () => {
  opened?.close()
  opened = undefined
  await Dexie.delete(name)
})

/** A version-1 device: two customers (one since deleted), the owner, products, carts and three orders. */
async function createV1Device() {
  name = 'migration-' + crypto.randomUUID()
  const v1 = new ShippedV1Database(name)
  const owner = await v1.users.add(aNewUser('owner', 'owner'))
  const alice = await v1.users.add(aNewUser('Alice'))
  const mug = await v1.products.add(aNewProduct({ sku: 'KIT-1', name: 'Stoneware Mug', price: 1499, stock: 7 }))
  const tea = await v1.products.add(aNewProduct({ sku: 'TEA-1', name: 'Sencha Green Tea', price: 1099, stock: 2 }))
  await v1.cartItems.add({ userId: alice, productId: mug, quantity: 1, addedAt: 500 })
  await v1.sessions.add({ key: 'current', userId: alice, startedAt: 400 })
  await v1.meta.add({ key: 'seeded', value: true })
  const orders = [
    { id: 'order-1', number: 1001, userId: alice, createdAt: 1000, status: 'placed', lines: [line(mug, 'Stoneware Mug', 1499, 2)], total: 2998 },
    {
      id: 'order-2',
      number: 1002,
      userId: alice,
      createdAt: 2000,
      status: 'placed',
      lines: [line(mug, 'Stoneware Mug', 1499, 1), line(tea, 'Sencha Green Tea', 1099, 3)],
      total: 1499 + 3297,
    },
    // Placed by an account that no longer exists on this device.
    { id: 'order-3', number: 1003, userId: 42, createdAt: 3000, status: 'placed', lines: [line(tea, 'Sencha Green Tea', 1099, 1)], total: 1099 },
  ]
  await v1.orders.bulkAdd(orders)
  const before = {
    users: await v1.users.toArray(),
    products: await v1.products.toArray(),
    cartItems: await v1.cartItems.toArray(),
    sessions: await v1.sessions.toArray(),
    meta: await v1.meta.toArray(),
    orders: await v1.orders.toArray(),
  }
  v1.close()
  return { before, owner, alice, mug, tea }
}

/**
 * What version 6 (global ids) made of the version-1 numbers, as the device remembers them:
 * the version-4 changes are checked through the ids and order numbers version 6 gave.
 */
async function v6(db: ShopDatabase) {
  const ids = new Map((await db.legacyIds.toArray()).map((row) => [row.key, row.id]))
  const code = String((await db.meta.get('deviceCode'))?.value)
  const user = (n: number) => ids.get(`users:${n}`) ?? `missing:${n}`
  const product = (n: number) => ids.get(`products:${n}`) ?? `missing:${n}`
  return { code, user, product }
}

async function openNew(): Promise<ShopDatabase> {
  opened = new ShopDatabase(name)
  await opened.open()
  return opened
}

describe('migration to version 4', () => {
  it('starts from a real version-1 database', async () => {
    await createV1Device()
    const raw = new Dexie(name)
    await raw.open()
    expect(raw.verno).toBe(1)
    expect(raw.tables.map((t) => t.name).sort()).toEqual(['cartItems', 'meta', 'orders', 'products', 'sessions', 'users'])
    raw.close()
  })

  it('upgrades every order: history, subtotal, tax 0, currency, pay on delivery, customer name', async () => {
    const { before, alice } = await createV1Device()
    const db = await openNew()

    expect(db.verno).toBeGreaterThanOrEqual(4)
    const { code, user, product } = await v6(db)
    const orders = await db.orders.orderBy('number').toArray()
    type OrderV1 = { userId: number; number: number; createdAt: number; total: number; lines: { productId: number }[] }
    expect(orders).toEqual(
      (before.orders as unknown as OrderV1[]).map((old) => ({
        ...old,
        userId: user(old.userId),
        number: `${code}-${old.number}`,
        sequence: old.number,
        lines: old.lines.map((l) => ({ ...l, productId: product(l.productId) })),
        customerName: old.userId === alice ? 'Alice' : 'Unknown customer',
        history: [{ status: 'placed', at: old.createdAt, by: user(old.userId), note: '' }],
        currency: 'USD',
        subtotal: old.total,
        taxRate: 0,
        tax: 0,
        payment: { kind: 'on-delivery' },
      })),
    )
    expect(orders).toHaveLength(3)
  })

  it('loses nothing else: users, products, carts, session and meta are as they were, payments is new and empty', async () => {
    const { before } = await createV1Device()
    const db = await openNew()
    const { code, user, product } = await v6(db)

    expect(await db.users.toArray()).toEqual(before.users.map((u) => ({ ...u, id: user(u.id as number) })))
    // Version 3 (the catalog) adds fields to every product and turns images into Blobs;
    // every field a version-1 product had is still there.
    const withoutImage = ({ image: _image, ...rest }: { image?: unknown }) => rest
    expect((await db.products.toArray()).map(withoutImage)).toEqual(
      before.products.map((p) => expect.objectContaining({ ...withoutImage(p), id: product(p.id as number) })),
    )
    expect(await db.cartItems.toArray()).toEqual(
      before.cartItems.map((c) => ({ ...c, userId: user(c.userId as number), productId: product(c.productId as number) })),
    )
    // Version 2 (accounts) gives each session a last-activity time equal to its start.
    expect(await db.sessions.toArray()).toEqual(before.sessions.map((s) => ({ ...s, userId: user(s.userId as number), lastActiveAt: s.startedAt })))
    // Version 6 gives the device its code.
    // The upgrade to version 6 makes the device's code and, with its first logged write, the change log's device id.
    const device = String((await db.meta.get('deviceId'))?.value)
    expect(device).toMatch(/^[0-9a-z]{8}$/)
    expect(await db.meta.toArray()).toEqual([{ key: 'deviceCode', value: code }, { key: 'deviceId', value: device }, ...before.meta])
    expect(await db.payments.count()).toBe(0)
  })

  it('indexes the upgraded orders by status and date, so the owner can list and search them', async () => {
    const { owner: oldOwner } = await createV1Device()
    const db = await openNew()
    const owner = (await v6(db)).user(oldOwner)

    expect((await db.orders.where('status').equals('placed').toArray()).map((o) => o.id).sort()).toEqual(['order-1', 'order-2', 'order-3'])
    expect((await listAllOrders(db, owner)).map((o) => o.id)).toEqual(['order-3', 'order-2', 'order-1'])
    expect((await listAllOrders(db, owner, { status: 'placed', query: 'ali' })).map((o) => o.id)).toEqual(['order-2', 'order-1'])
    expect((await listAllOrders(db, owner, { query: '#1002' })).map((o) => o.id)).toEqual(['order-2'])
  })

  it('lets an upgraded order go on through its lifecycle, restocking once when cancelled', async () => {
    const old = await createV1Device()
    const db = await openNew()
    const { user, product } = await v6(db)
    const [owner, mug, tea] = [user(old.owner), product(old.mug), product(old.tea)]

    const cancelled = await changeOrderStatus(db, owner, 'order-2', 'cancelled', { clock: fixedClock(5000) })

    expect(cancelled.history.map((e) => e.status)).toEqual(['placed', 'cancelled'])
    expect(cancelled.restockedAt).toBe(5000)
    expect((await db.products.get(mug))?.stock).toBe(8)
    expect((await db.products.get(tea))?.stock).toBe(5)
  })

  it('opens an already-upgraded database again without changing anything', async () => {
    await createV1Device()
    const first = await openNew()
    const orders = await first.orders.toArray()
    first.close()

    const again = await openNew()
    expect(await again.orders.toArray()).toEqual(orders)
  })
})
