/**
 * Schema version 6 (global ids): a version-5 device full of data — accounts (an owner,
 * customers, a deleted one), products (one archived, one with a photo), ledger rows of every
 * reason, a guest's and accounts' carts, orders of several statuses with their history and
 * payments, sessions and settings — opens the new app. Every table keeps its count and every
 * record every field, the remapped ids aside; every reference resolves; order numbers carry the
 * device's code; old numbers are remembered for old addresses.
 */
import Dexie from 'dexie'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { DEFAULT_QUERY } from '../../../src/domain/browse'
import { idTime, isId } from '../../../src/domain/id'
import { isDeviceCode } from '../../../src/domain/orderNumber'
import { listingOf, productIndexFields, type NewProduct } from '../../../src/domain/product'
import { currentSession } from '../../../src/services/session'
import { browseProducts } from '../../../src/services/catalog'
import { listLedger, verifyInventory } from '../../../src/services/inventory'
import { listAllOrders } from '../../../src/services/orders'
import { aNewProduct, aNewUser } from '../support'
import { SHIPPED_V5_SCHEMA } from './shipped-v5'

type Row = Record<string, unknown>
type Tables = Record<keyof typeof SHIPPED_V5_SCHEMA, Row[]>

const T = 1_717_000_000_000
const PHOTO = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3])
const stored = (id: number, p: NewProduct) => ({ id, ...p, ...productIndexFields(p) })

/** Everything a version-5 device could hold, with numeric ids as version 5 gave them. */
function v5Shop(): Tables {
  const products = [
    stored(1, aNewProduct({ sku: 'KIT-1', name: 'Stoneware Mug', price: 1499, stock: 7, createdAt: T + 10, updatedAt: T + 500 })),
    stored(2, { ...aNewProduct({ sku: 'TEA-1', name: 'Sencha Green Tea', category: 'Tea', price: 1099, stock: 4, createdAt: T + 11 }), image: new Blob([PHOTO], { type: 'image/png' }) }),
    stored(3, aNewProduct({ sku: 'OLD-1', name: 'Old Kettle', price: 2500, stock: 1, archived: true, createdAt: T + 12 })),
    stored(4, aNewProduct({ sku: 'UNI-1', name: 'Crème brûlée tin — 日本茶 ☕', category: 'Pantry', price: 650, stock: 0, createdAt: T + 13 })),
  ]
  const history = (userId: number, ...steps: [string, number, number, string][]) =>
    [['placed', T + 100, userId, 'Pay on delivery'] as const, ...steps].map(([status, at, by, note]) => ({ status, at, by, note }))
  const line = (productId: number, sku: string, name: string, unitPrice: number, quantity: number) => ({ productId, sku, name, unitPrice, quantity, lineTotal: unitPrice * quantity })
  const order = (id: string, number: number, userId: number, customerName: string, status: string, extra: Row) => ({
    id,
    number,
    userId,
    customerName,
    createdAt: T + number,
    status,
    currency: 'USD',
    taxRate: 0,
    tax: 0,
    payment: { kind: 'on-delivery' },
    ...extra,
  })
  return {
    users: [
      { id: 1, ...aNewUser('Owner', 'owner', { createdAt: T + 1 }) },
      { id: 2, ...aNewUser('Alice', 'customer', { createdAt: T + 2, failedLogins: 2 }) },
      // Deleted: its row stays for the orders' sake, wiped.
      { id: 3, ...aNewUser('Bob', 'customer', { createdAt: T + 3, passwordHash: '', salt: '', iterations: 0, deletedAt: T + 900 }) },
      { id: 4, ...aNewUser('Carol', 'customer', { createdAt: T + 4, lockedUntil: T + 99_999 }) },
    ],
    products,
    // Version 5's listings held numeric ids; listingOf's type says string now.
    listings: products.map((p) => ({ ...listingOf({ ...p, id: '' }), id: p.id })),
    stockLedger: [
      { id: 1, productId: 1, delta: 5, reason: 'initial', stockAfter: 5, userId: 1, note: '', at: T + 10 },
      { id: 2, productId: 2, delta: 6, reason: 'initial', stockAfter: 6, note: '', at: T + 11 },
      { id: 3, productId: 3, delta: 1, reason: 'initial', stockAfter: 1, note: 'CSV import', userId: 1, at: T + 12 },
      { id: 4, productId: 4, delta: 0, reason: 'initial', stockAfter: 0, note: '', at: T + 13 },
      { id: 5, productId: 1, delta: 4, reason: 'restock', stockAfter: 9, userId: 1, note: 'Delivery 1142', at: T + 50 },
      { id: 6, productId: 2, delta: -1, reason: 'adjustment', stockAfter: 5, userId: 1, note: 'One cracked', at: T + 60 },
      { id: 7, productId: 1, delta: -2, reason: 'sale', stockAfter: 7, orderId: 'order-paid', userId: 2, note: '', at: T + 1001 },
      { id: 8, productId: 2, delta: -3, reason: 'sale', stockAfter: 2, orderId: 'order-cancelled', userId: 2, note: '', at: T + 1002 },
      { id: 9, productId: 2, delta: 3, reason: 'cancellation', stockAfter: 5, orderId: 'order-cancelled', userId: 1, note: 'Cancelled', at: T + 2000 },
      { id: 10, productId: 2, delta: -1, reason: 'sale', stockAfter: 4, orderId: 'order-delivered', userId: 4, note: '', at: T + 1003 },
    ],
    cartItems: [
      // The guest's cart (account 0) and two accounts' carts.
      { userId: 0, productId: 1, quantity: 1, addedAt: T + 300 },
      { userId: 2, productId: 2, quantity: 2, addedAt: T + 301 },
      { userId: 4, productId: 1, quantity: 3, addedAt: T + 302 },
      { userId: 4, productId: 4, quantity: 1, addedAt: T + 303 },
    ],
    orders: [
      order('order-paid', 1001, 2, 'Alice', 'paid', {
        history: history(2, ['paid', T + 101, 2, 'Visa ending 4242']),
        lines: [line(1, 'KIT-1', 'Stoneware Mug', 1499, 2)],
        subtotal: 2998,
        total: 2998,
        payment: { kind: 'card', card: { brand: 'Visa', last4: '4242' } },
      }),
      order('order-cancelled', 1002, 2, 'Alice', 'cancelled', {
        history: history(2, ['cancelled', T + 2000, 1, 'Cancelled']),
        lines: [line(2, 'TEA-1', 'Sencha Green Tea', 1099, 3)],
        subtotal: 3297,
        total: 3297,
        restockedAt: T + 2000,
      }),
      order('order-delivered', 1003, 4, 'Carol', 'delivered', {
        history: history(4, ['paid', T + 110, 1, ''], ['processing', T + 120, 1, ''], ['shipped', T + 130, 1, 'Tracking 1Z999'], ['delivered', T + 140, 1, '']),
        lines: [line(2, 'TEA-1', 'Sencha Green Tea', 1099, 1)],
        subtotal: 1099,
        tax: 91,
        taxRate: 825,
        total: 1190,
      }),
      // Placed by the account deleted since; nothing was taken from stock (no ledger row).
      order('order-by-bob', 1004, 3, 'Bob', 'placed', { history: history(3), lines: [line(3, 'OLD-1', 'Old Kettle', 2500, 1)], subtotal: 2500, total: 2500 }),
    ],
    payments: [
      { id: 'order-paid', orderId: 'order-paid', method: { kind: 'card', card: { brand: 'Visa', last4: '4242' } }, status: 'captured', amount: 2998, createdAt: T + 101 },
      { id: 'attempt-declined', orderId: null, method: { kind: 'card', card: { brand: 'Visa', last4: '0002' } }, status: 'voided', amount: 100, createdAt: T + 150 },
    ],
    sessions: [
      { key: 'tab-alice', userId: 2, startedAt: T + 200, lastActiveAt: T + 250 },
      { key: 'current', userId: 1, startedAt: T + 190, lastActiveAt: T + 190 },
    ],
    meta: [
      { key: 'catalogSeeded', value: true },
      { key: 'checkout:4', value: 'c0ffee00-0000-4000-8000-000000000004' },
      { key: 'deviceSession', value: 'tab-alice' },
      { key: 'sessionPolicy', value: { idleMinutes: 60, absoluteMinutes: 600 } },
      { key: 'shopSettings', value: { shopName: 'Corner Shop', currency: 'USD', taxRate: 825 } },
    ],
  }
}

let name: string
let before: Tables
let db: ShopDatabase

beforeEach(async () => {
  name = 'migrate-v6-' + crypto.randomUUID()
  const v5 = new Dexie(name)
  v5.version(5).stores(SHIPPED_V5_SCHEMA)
  before = v5Shop()
  await v5.transaction('rw', v5.tables, async () => {
    for (const [table, rows] of Object.entries(before)) await v5.table(table).bulkAdd(rows)
  })
  v5.close()
  db = new ShopDatabase(name)
  await db.open()
})
afterEach(async () => {
  db.close()
  await Dexie.delete(name)
})

/** What version 6 made of the old numbers, as this device remembers them. */
async function renumbering() {
  const legacy = new Map((await db.legacyIds.toArray()).map((row) => [row.key, row.id]))
  const lookup = (table: string) => (old: unknown) => {
    if (table === 'users' && old === 0) return 'guest'
    const id = legacy.get(`${table}:${String(old)}`)
    if (id === undefined) throw new Error(`version 6 remembers no id for ${table} ${String(old)}`)
    return id
  }
  return { user: lookup('users'), product: lookup('products'), code: String((await db.meta.get('deviceCode'))?.value) }
}

const all = async (table: string) => (await db.table(table).toArray()) as Row[]
const byKey = (key: (row: Row) => string) => (a: Row, b: Row) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)

describe('upgrade to version 6', () => {
  it('opens at version 6 or later with two rows more in meta (the device code, and the change log\'s device id made by the upgrade\'s writes) and every other count as it was', async () => {
    expect(db.verno).toBeGreaterThanOrEqual(6)
    for (const [table, rows] of Object.entries(before)) {
      expect(await db.table(table).count(), table).toBe(rows.length + (table === 'meta' ? 2 : 0))
    }
  })

  it('gives accounts and products global ids in their old order, each at its record’s time', async () => {
    const { user, product } = await renumbering()
    const users = (await db.users.orderBy('id').toArray()).map((u) => u.username)
    expect(users).toEqual(['Owner', 'Alice', 'Bob', 'Carol'])
    expect((await db.products.orderBy('id').toArray()).map((p) => p.sku)).toEqual(['KIT-1', 'TEA-1', 'OLD-1', 'UNI-1'])
    for (const u of before.users) {
      expect(isId(user(u.id))).toBe(true)
      expect(idTime(user(u.id))).toBe(u.createdAt)
    }
    for (const p of before.products) expect(idTime(product(p.id))).toBe(p.createdAt)
  })

  it('keeps every field of every record, the remapped ids aside', async () => {
    const { user, product, code } = await renumbering()
    expect(await all('users')).toEqual(before.users.map((u) => ({ ...u, id: user(u.id) })))
    const products = await db.products.toArray()
    expect(products.map(({ image: _i, ...p }) => p)).toEqual(before.products.map(({ image: _i, ...p }) => ({ ...p, id: product(p.id) })))
    expect(await all('listings')).toEqual(before.listings.map((l) => ({ ...l, id: product(l.id) })).sort(byKey((l) => String(l.id))))
    expect((await all('cartItems')).sort(byKey((c) => `${String(c.userId)}/${String(c.productId)}`))).toEqual(
      before.cartItems
        .map((c) => ({ ...c, userId: user(c.userId), productId: product(c.productId) }))
        .sort(byKey((c) => `${String(c.userId)}/${String(c.productId)}`)),
    )
    expect(await all('orders')).toEqual(
      before.orders
        .map((o) => ({
          ...o,
          userId: user(o.userId),
          number: `${code}-${String(o.number)}`,
          sequence: o.number,
          lines: (o.lines as Row[]).map((l) => ({ ...l, productId: product(l.productId) })),
          history: (o.history as Row[]).map((e) => ({ ...e, by: user(e.by) })),
        }))
        .sort(byKey((o) => String(o.id))),
    )
    expect(await all('payments')).toEqual([...before.payments].sort(byKey((p) => String(p.id))))
    expect(await all('sessions')).toEqual(before.sessions.map((s) => ({ ...s, userId: user(s.userId) })).sort(byKey((s) => String(s.key))))
    const device = (await db.meta.get('deviceId'))?.value
    expect(device).toMatch(/^[0-9a-z]{8}$/)
    expect(await all('meta')).toEqual(
      [...before.meta.map((m) => (m.key === 'checkout:4' ? { ...m, key: `checkout:${user(4)}` } : m)), { key: 'deviceCode', value: code }, { key: 'deviceId', value: device }].sort(byKey((m) => String(m.key))),
    )
    expect(isDeviceCode(code)).toBe(true)
  })

  it('keeps the photo as the same Blob', async () => {
    const { product } = await renumbering()
    const image = (await db.products.get(product(2)))?.image
    expect(image).toBeInstanceOf(Blob)
    expect(image?.type).toBe('image/png')
    expect(new Uint8Array(await image!.arrayBuffer())).toEqual(PHOTO)
  })

  it("keys the ledger's once-only rows by their action and every other row by a fresh id, every field kept", async () => {
    const { user, product } = await renumbering()
    const rows = (await db.stockLedger.toArray()) as unknown as Row[]
    const expected = before.stockLedger.map((m) => {
      const productId = product(m.productId)
      const id =
        m.reason === 'initial' ? `i:${productId}` : m.reason === 'sale' ? `s:${String(m.orderId)}:${productId}` : m.reason === 'cancellation' ? `r:${String(m.orderId)}:${productId}` : expect.any(String)
      return { ...m, id, productId, ...(m.userId === undefined ? {} : { userId: user(m.userId) }) }
    })
    const order = byKey((m) => `${String(m.productId)}/${String(m.at).padStart(16, '0')}`)
    expect([...rows].sort(order)).toEqual(expected.sort(order))
    for (const m of rows.filter((r) => r.reason === 'restock' || r.reason === 'adjustment')) {
      expect(isId(m.id)).toBe(true)
      expect(idTime(String(m.id))).toBe(m.at)
    }
    expect(new Set(rows.map((m) => m.id)).size).toBe(rows.length)
  })

  it('leaves every reference resolving', async () => {
    const [users, products, listings, ledger, carts, orders, payments, sessions, meta, legacy] = await Promise.all(
      ['users', 'products', 'listings', 'stockLedger', 'cartItems', 'orders', 'payments', 'sessions', 'meta', 'legacyIds'].map(all),
    )
    const ids = (rows: Row[] | undefined) => new Set((rows ?? []).map((r) => r.id))
    const [userIds, productIds, orderIds] = [ids(users), ids(products), ids(orders)]
    const account = (id: unknown) => userIds.has(id)
    for (const c of carts!) {
      expect(account(c.userId) || c.userId === 'guest').toBe(true)
      expect(productIds.has(c.productId)).toBe(true)
    }
    for (const o of orders!) {
      expect(account(o.userId)).toBe(true)
      for (const l of o.lines as Row[]) expect(productIds.has(l.productId)).toBe(true)
      for (const e of o.history as Row[]) expect(account(e.by)).toBe(true)
    }
    for (const m of ledger!) {
      expect(productIds.has(m.productId)).toBe(true)
      if (m.userId !== undefined) expect(account(m.userId)).toBe(true)
      if (m.orderId !== undefined) expect(orderIds.has(m.orderId)).toBe(true)
    }
    for (const p of payments!) if (p.orderId !== null) expect(orderIds.has(p.orderId)).toBe(true)
    for (const s of sessions!) expect(account(s.userId)).toBe(true)
    for (const m of meta!) if (String(m.key).startsWith('checkout:')) expect(account(String(m.key).slice('checkout:'.length))).toBe(true)
    expect([...ids(listings)].sort()).toEqual([...productIds].sort())
    expect(legacy!.map((r) => r.key).sort()).toEqual([...before.products.map((p) => `products:${String(p.id)}`), ...before.users.map((u) => `users:${String(u.id)}`)].sort())
    for (const r of legacy!) expect(String(r.key).startsWith('products:') ? productIds.has(r.id) : userIds.has(r.id)).toBe(true)
  })

  it('works on through the use cases: sessions, catalog, ledger, inventory check and the order search', async () => {
    const { user, product, code } = await renumbering()
    const alice = await currentSession(db, 'tab-alice', { clock: { now: () => T + 300 } })
    expect(alice?.user).toEqual({ id: user(2), username: 'Alice', role: 'customer' })
    const names = async (query: Partial<typeof DEFAULT_QUERY>) =>
      (await browseProducts(db, { ...DEFAULT_QUERY, ...query }, { after: null, until: null })).items.map((p) => p.name)
    expect(await names({})).toEqual(['Crème brûlée tin — 日本茶 ☕', 'Sencha Green Tea', 'Stoneware Mug'])
    expect(await names({ text: 'tea', inStockOnly: true })).toEqual(['Sencha Green Tea'])
    expect(await names({ archived: true })).toEqual(['Old Kettle'])
    const owner = user(1)
    expect((await listLedger(db, owner, product(2))).map((m) => m.reason)).toEqual(['cancellation', 'sale', 'sale', 'adjustment', 'initial'])
    expect(await verifyInventory(db, owner)).toEqual({ checked: 4, mismatches: [] })
    // An old receipt's "#1003" and the full new number both find the order.
    expect((await listAllOrders(db, owner, { query: '#1003' })).map((o) => o.id)).toEqual(['order-delivered'])
    expect((await listAllOrders(db, owner, { query: `${code}-1003` })).map((o) => o.id)).toEqual(['order-delivered'])
  })
})
