/**
 * A backup file of format version 1 (written before global ids: numbers as ids, plain numbers
 * as order numbers) still restores: converted on the way in by the version-6 rules, nothing
 * lost, every reference resolving, order numbers with this device's code, and the old numbers
 * remembered so old addresses redirect.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checksumOf, parseBackup } from '../../../src/db/backup'
import { DEVICE_CODE_KEY, type ShopDatabase } from '../../../src/db/database'
import { ValidationError } from '../../../src/domain/errors'
import { idTime, isId } from '../../../src/domain/id'
import { exportShop, importShop } from '../../../src/services/backup'
import { legacyProductId } from '../../../src/services/catalog'
import { listAllOrders } from '../../../src/services/orders'
import { register } from '../../../src/services/auth'
import { hashPassword } from '../../../src/services/password'
import { verifyInventory } from '../../../src/services/inventory'
import { createTestDb, rejection } from '../support'

const T = 1_717_000_000_000
const PASSWORD = 'correct horse battery'
/** This device's owner's password; the test accounts are hashed with 1 iteration, so that is the minimum here. */
const RESTORE = { password: PASSWORD, iterations: 1 }
const user = (id: number, username: string, role: string, createdAt: number) => ({
  id,
  username,
  usernameKey: username.toLowerCase(),
  role,
  passwordHash: 'aGFzaA==',
  salt: 'c2FsdA==',
  iterations: 600000,
  createdAt,
  failedLogins: 0,
  lockedUntil: 0,
})
const product = (id: number, sku: string, name: string, stock: number, extra: Record<string, unknown> = {}) => ({
  id,
  sku,
  name,
  category: 'Kitchen',
  description: '',
  price: 1499,
  stock,
  lowStockThreshold: 5,
  archived: false,
  createdAt: T + id,
  updatedAt: T + id,
  ...extra,
})

/** The tables of a version-1 file as the shop wrote them before version 6. */
function v1Tables() {
  return {
    users: [user(1, 'Owner', 'owner', T + 1), user(2, 'Alice', 'customer', T + 2)],
    products: [product(1, 'MUG-1', 'Stoneware Mug', 3), product(2, 'TEA-1', 'Sencha Green Tea', 9), product(3, 'OLD-1', 'Old Kettle', 1, { archived: true })],
    cartItems: [{ userId: 2, productId: 2, quantity: 2, addedAt: T + 40 }],
    orders: [
      {
        id: 'order-a',
        number: 1001,
        userId: 2,
        customerName: 'Alice',
        createdAt: T + 30,
        status: 'paid',
        history: [
          { status: 'placed', at: T + 30, by: 2, note: '' },
          { status: 'paid', at: T + 31, by: 1, note: 'Cash' },
        ],
        lines: [{ productId: 1, sku: 'MUG-1', name: 'Stoneware Mug', unitPrice: 1499, quantity: 2, lineTotal: 2998 }],
        currency: 'USD',
        subtotal: 2998,
        taxRate: 0,
        tax: 0,
        total: 2998,
        payment: { kind: 'on-delivery' },
      },
    ],
    meta: [
      { key: 'shopSettings', value: { shopName: 'Corner Shop', currency: 'USD', taxRate: 0 } },
      { key: 'checkout:2', value: 'attempt-of-alice' },
      { key: 'catalogSeeded', value: true },
    ],
    payments: [],
    stockLedger: [
      { id: 1, productId: 1, delta: 5, reason: 'initial', stockAfter: 5, userId: 1, note: '', at: T + 1 },
      { id: 2, productId: 2, delta: 4, reason: 'initial', stockAfter: 4, note: '', at: T + 2 },
      { id: 3, productId: 3, delta: 1, reason: 'initial', stockAfter: 1, note: '', at: T + 3 },
      { id: 4, productId: 1, delta: -2, reason: 'sale', stockAfter: 3, orderId: 'order-a', userId: 2, note: '', at: T + 30 },
      { id: 5, productId: 2, delta: 5, reason: 'restock', stockAfter: 9, userId: 1, note: 'Delivery', at: T + 35 },
    ],
  }
}

async function v1File(tables: ReturnType<typeof v1Tables> = v1Tables()): Promise<string> {
  return JSON.stringify({ format: 'offline-shop-backup', formatVersion: 1, appVersion: '0.1.0', schemaVersion: 5, exportedAt: T + 99, checksum: await checksumOf(tables), tables })
}

let db: ShopDatabase
let me: string

beforeEach(async () => {
  db = createTestDb()
  // This device's owner, and this device's code for its order numbers.
  me = (await register(db, { username: 'Owner', password: PASSWORD }, { iterations: 1 })).id
  await db.meta.put({ key: DEVICE_CODE_KEY, value: 'Q4' })
})
afterEach(async () => {
  await db.delete()
})

async function restored() {
  await importShop(db, me, await v1File(), RESTORE)
  const legacy = new Map((await db.legacyIds.toArray()).map((row) => [row.key, row.id]))
  const id = (key: string) => legacy.get(key) ?? `none for ${key}`
  return { user: (n: number) => id(`users:${n}`), product: (n: number) => id(`products:${n}`) }
}

describe('restoring a format-version-1 backup', () => {
  it('gives its accounts, products and ledger rows global ids, in their old order and at their own times', async () => {
    const { user, product } = await restored()
    for (const n of [1, 2]) expect(isId(user(n))).toBe(true)
    expect(user(1) < user(2)).toBe(true)
    expect(idTime(user(2))).toBe(T + 2)
    expect([product(1), product(2), product(3)].every(isId)).toBe(true)
    expect((await db.products.orderBy('id').toArray()).map((p) => p.sku)).toEqual(['MUG-1', 'TEA-1', 'OLD-1'])
    const ledger = await db.stockLedger.toArray()
    expect(ledger.map((m) => m.id).filter((id) => id.includes(':')).sort()).toEqual([`i:${product(1)}`, `i:${product(2)}`, `i:${product(3)}`, `s:order-a:${product(1)}`].sort())
    const restock = ledger.find((m) => m.reason === 'restock')
    expect(isId(restock?.id)).toBe(true)
    expect(idTime(restock?.id ?? '')).toBe(T + 35)
  })

  it('keeps every record and field, references following the new ids', async () => {
    const { user, product } = await restored()
    const before = v1Tables()
    expect(await db.users.orderBy('id').toArray()).toEqual(before.users.map((u) => ({ ...u, id: user(u.id), role: u.role as 'owner' | 'customer' })))
    expect(await db.products.orderBy('id').toArray()).toEqual(before.products.map((p) => expect.objectContaining({ ...p, id: product(p.id) })))
    expect(await db.cartItems.toArray()).toEqual([{ userId: user(2), productId: product(2), quantity: 2, addedAt: T + 40 }])
    const [order] = await db.orders.toArray()
    expect(order).toEqual({
      ...before.orders[0],
      userId: user(2),
      number: 'Q4-1001',
      sequence: 1001,
      history: [
        { status: 'placed', at: T + 30, by: user(2), note: '' },
        { status: 'paid', at: T + 31, by: user(1), note: 'Cash' },
      ],
      lines: [{ ...before.orders[0]!.lines[0], productId: product(1) }],
    })
    const ledger = await db.stockLedger.toArray()
    expect(ledger.map(({ id: _id, ...m }) => m).sort((a, b) => a.at - b.at)).toEqual(
      before.stockLedger.map(({ id: _id, ...m }) => ({ ...m, productId: product(m.productId), ...(m.userId === undefined ? {} : { userId: user(m.userId) }) })),
    )
    expect(await db.meta.get(`checkout:${user(2)}`)).toEqual({ key: `checkout:${user(2)}`, value: 'attempt-of-alice' })
    expect(await db.meta.get('checkout:2')).toBeUndefined()
    expect(await db.meta.get(DEVICE_CODE_KEY)).toEqual({ key: DEVICE_CODE_KEY, value: 'Q4' })
    expect((await verifyInventory(db, user(1))).mismatches).toEqual([])
  })

  it("finds the order by its old receipt's number and by the new one; old product addresses lead to the products", async () => {
    const { user, product } = await restored()
    expect((await listAllOrders(db, user(1), { query: '#1001' })).map((o) => o.id)).toEqual(['order-a'])
    expect((await listAllOrders(db, user(1), { query: 'Q4-1001' })).map((o) => o.id)).toEqual(['order-a'])
    expect(await legacyProductId(db, 2)).toBe(product(2))
    expect(await legacyProductId(db, 4)).toBeUndefined()
  })

  it('is exported again as a version-2 file that restores to the same shop', async () => {
    const { user } = await restored()
    // The file's owner restores it again, so their password must be a real one (the fixture's hash is not).
    const { hash, salt, iterations } = await hashPassword(PASSWORD, 1)
    await db.users.update(user(1), { passwordHash: hash, salt, iterations })
    const file = await exportShop(db, user(1), { appVersion: 'test' })
    expect(file.formatVersion).toBe(2)
    const before = await Promise.all([db.users.toArray(), db.products.toArray(), db.orders.toArray(), db.stockLedger.toArray(), db.cartItems.toArray()])
    await importShop(db, user(1), JSON.stringify(file), RESTORE)
    expect(await Promise.all([db.users.toArray(), db.products.toArray(), db.orders.toArray(), db.stockLedger.toArray(), db.cartItems.toArray()])).toEqual(before)
  })

  it('refuses a version-1 file with a bad record with the usual message, converting nothing', async () => {
    const tables = v1Tables()
    tables.products[1]!.price = 12.5
    const before = await db.products.count()
    const err = await rejection(importShop(db, me, await v1File(tables), RESTORE))
    expect(err).toBeInstanceOf(ValidationError)
    expect((err as ValidationError).message).toBe('The product at position 2 of “products” is not valid (price: Invalid safe integer: Received 12.5). Nothing was imported.')
    expect(await db.products.count()).toBe(before)
    expect(await db.legacyIds.count()).toBe(0)
  })

  it('reads a version-1 file only with a device code for its order numbers', async () => {
    await expect(parseBackup(await v1File())).rejects.toThrow(/device code/)
    expect((await parseBackup(await v1File(), { deviceCode: 'Z9' })).tables.orders[0]?.number).toBe('Z9-1001')
  })
})
