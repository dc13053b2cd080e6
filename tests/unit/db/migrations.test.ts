/**
 * Devices that ran the first release hold a version-1 database full of accounts, carts and
 * orders. Opening it with today's ShopDatabase must upgrade it to the latest version with
 * nothing lost. When a version adds fields or tables, this test keeps passing for the old
 * data (records may gain fields, never lose them); the version's own migration test checks
 * what it adds.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { currentUser, login } from '../../../src/services/auth'
import { cartLines } from '../../../src/services/cart'
import { listOrders } from '../../../src/services/orders'
import fixture from './fixtures/shop-v1.json'
import { SHIPPED_V1_SCHEMA, ShippedV1Database } from './shipped-v1'

type Row = Record<string, unknown>
type Rows = Row[]
// A version-1 file: the upgrade below starts from what the first release wrote.
if (fixture.schemaVersion !== 1) throw new Error('shop-v1.json must hold a version-1 database')
const tables = fixture.tables as unknown as Record<keyof typeof SHIPPED_V1_SCHEMA, Rows>

/** Writes the fixture into a database that has only ever known version 1, as a first-release device would. */
async function createFirstReleaseDatabase(name: string): Promise<void> {
  const v1 = new ShippedV1Database(name)
  await v1.open()
  await v1.transaction('rw', v1.tables, async () => {
    for (const [table, rows] of Object.entries(tables)) await v1.table(table).bulkAdd(rows)
  })
  v1.close()
}

/** The ids version 6 gave the fixture's numbered records, as this device remembers them (db.legacyIds). */
async function v6Ids(target: ShopDatabase) {
  const ids = new Map((await target.legacyIds.toArray()).map((row) => [row.key, row.id]))
  const lookup = (table: string) => (old: unknown) => {
    const id = ids.get(`${table}:${String(old)}`)
    if (id === undefined) throw new Error(`no new id for ${table} ${String(old)}`)
    return id
  }
  return { user: lookup('users'), product: lookup('products'), code: String((await target.meta.get('deviceCode'))?.value) }
}

let name: string
let db: ShopDatabase

beforeEach(async () => {
  name = 'migration-' + crypto.randomUUID()
  await createFirstReleaseDatabase(name)
  db = new ShopDatabase(name)
  await db.open()
})
afterEach(async () => {
  await db.delete()
})

describe('upgrading a first-release (version 1) database to the latest version', () => {
  it('opens at the latest version the app declares', () => {
    expect(db.verno).toBe(new ShopDatabase('unopened').verno)
    expect(db.verno).toBeGreaterThanOrEqual(1)
  })

  it.each(Object.keys(SHIPPED_V1_SCHEMA))('loses nothing in “%s”: every record is there with every field it had', async (table) => {
    const { user, product, code } = await v6Ids(db)
    // Version 6 gives records global ids, references follow, order numbers get the device's code.
    const renumbered: Record<string, (row: Row) => Row> = {
      users: (u) => ({ ...u, id: user(u.id) }),
      products: (p) => ({ ...p, id: product(p.id) }),
      cartItems: (c) => ({ ...c, userId: user(c.userId), productId: product(c.productId) }),
      orders: (o) => ({
        ...o,
        userId: user(o.userId),
        number: `${code}-${String(o.number)}`,
        sequence: o.number,
        lines: (o.lines as Row[]).map((l) => ({ ...l, productId: product(l.productId) })),
      }),
      sessions: (s) => ({ ...s, userId: user(s.userId) }),
    }
    const before = tables[table as keyof typeof tables].map(renumbered[table] ?? ((row) => row))
    // The device's code is this device's, not a record that was there before.
    // The device's own facts made by the upgrade (its order-number code, the change log's device id) are new.
    const after = (await db.table(table).toArray()).filter((row: Row) => table !== 'meta' || (row.key !== 'deviceCode' && row.key !== 'deviceId'))
    // Upgraded rows, not an empty table passing for an empty fixture.
    expect(after.length).toBeGreaterThan(0)
    expect(after).toHaveLength(before.length)
    // Version 3 turns the products' data: URL images into Blobs (its own test checks them).
    const comparable = (row: Record<string, unknown>) => (table === 'products' ? { ...row, image: undefined } : row)
    expect(after.map(comparable)).toEqual(before.map((row) => expect.objectContaining(comparable(row))))
  })

  it('the upgraded data still works through the use cases: session, login, catalog, carts and orders', async () => {
    // The version-1 device's session (key 'current'), read at a time within its limits.
    const { user, code } = await v6Ids(db)
    const alice = await currentUser(db, 'current', { clock: { now: () => 1717000011000 + 60_000 } })
    expect(alice).toEqual({ id: user(2), username: 'Alice', role: 'customer' })
    // The stored hash, salt and iteration count still verify the old password.
    expect(await login(db, { username: 'alice', password: 'another good password' })).toMatchObject({ id: user(2) })
    expect(await login(db, { username: 'OWNER', password: 'correct horse battery' })).toMatchObject({ id: user(1), role: 'owner' })

    const products = await db.products.orderBy('id').toArray()
    expect(products).toHaveLength(26)
    expect(products.find((p) => p.sku === 'UNI-0001')?.name).toBe('Crème brûlée tin — 日本茶 ☕')

    expect((await listOrders(db, user(2))).map((o) => o.number)).toEqual([`${code}-1003`, `${code}-1001`])
    expect((await listOrders(db, user(3))).map((o) => o.total)).toEqual([8999 + 12 * 295])
    expect((await cartLines(db, user(2))).map((l) => [l.product.name, l.quantity])).toEqual([['Sencha Green Tea', 3]])
    expect(await db.orders.where('number').equals(`${code}-1002`).count()).toBe(1)
    expect(await db.orders.where('sequence').equals(1002).count()).toBe(1)
  })
})
