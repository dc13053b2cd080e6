/**
 * The change log (src/db/changeLog.ts): written in the same transaction as every change to the
 * shop's records, by every path — a plain write, the services, the CSV import, a restore, an
 * upgrade — and by none that fails; device-local tables stay out; revisions count up per
 * record; stamps never go backwards, across tabs, reopens and a clock set back.
 */
import Dexie from 'dexie'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CHANGE_LOG_STORES_V6, DEVICE_ID_KEY, entriesOf, LOGGED_META_KEYS, type ChangeEntry } from '../../../src/db/changeLog'
import { ShopDatabase, type ProductInsert } from '../../../src/db/database'
import { compareHlc, decodeHlc } from '../../../src/domain/hlc'
import { OutOfStockError } from '../../../src/domain/errors'
import { register } from '../../../src/services/auth'
import { exportShop, importShop } from '../../../src/services/backup'
import { addToCart, removeFromCart } from '../../../src/services/cart'
import { placeOrder } from '../../../src/services/checkout'
import { importProducts } from '../../../src/services/csvTransfer'
import { createProduct, restock } from '../../../src/services/inventory'
import { changeOrderStatus } from '../../../src/services/orders'
import { parseProductsCsv } from '../../../src/services/productCsv'
import { SETTINGS_KEY } from '../../../src/services/reads/settings'
import { saveSettings } from '../../../src/services/settings'
import { serializeBackup } from '../../../src/db/backup'
import { aNewProduct, aNewUser, fixedClock, rejection } from '../support'
import { SHIPPED_V5_SCHEMA } from './shipped-v5'

const DEVICE = 'testdev1'
const names: string[] = []
let wall = 1_764_000_000_000

/** A database over fake-indexeddb whose log stamps with DEVICE and a wall clock the test moves. */
function openDb(name = 'changelog-' + crypto.randomUUID(), options: { deviceId?: string; now?: () => number } = { deviceId: DEVICE, now: () => wall }): ShopDatabase {
  names.push(name)
  return new ShopDatabase(name, options)
}

/** Every logged change, in the order made. */
async function entries(db: ShopDatabase): Promise<ChangeEntry[]> {
  return (await db.changes.orderBy('seq').toArray()).flatMap(entriesOf)
}

/** The changes of one table, as "key@rev" (a "-" for a deletion), in order; a compound key as JSON. */
async function logOf(db: ShopDatabase, table: string): Promise<string[]> {
  return (await entries(db)).filter((e) => e.table === table).map((e) => `${typeof e.key === 'string' ? e.key : JSON.stringify(e.key)}@${e.rev}${e.deleted ? '-' : ''}`)
}

/** Every table's change-log rows, to compare before and after something that must not change them. */
async function logRows(db: ShopDatabase) {
  return { changes: await db.changes.toArray(), revisions: await db.revisions.toArray() }
}

let db: ShopDatabase
beforeEach(() => {
  wall = 1_764_000_000_000
  db = openDb()
})
afterEach(async () => {
  db.close()
  for (const name of names.splice(0)) await Dexie.delete(name)
})

const FAST = { iterations: 1000 }
const PASSWORD = 'correct horse battery staple'

describe('a plain write (a test, any code that uses the tables)', () => {
  it('logs each record with its table, key, revision counting up, stamp and device; a deletion says so', async () => {
    const id = await db.products.add(aNewProduct())
    await db.products.update(id, { price: 100 })
    await db.products.put({ ...(await db.products.get(id))!, price: 200 })
    await db.products.delete(id)
    await db.products.add({ ...aNewProduct(), id } as ProductInsert)

    expect(await logOf(db, 'products')).toEqual([`${id}@1`, `${id}@2`, `${id}@3`, `${id}@4-`, `${id}@5`])
    const all = await entries(db)
    expect(all.every((e) => e.device === DEVICE && decodeHlc(e.hlc).device === DEVICE)).toBe(true)
    // The listing written alongside is device-local, and not logged.
    expect(all.map((e) => e.table)).toEqual(['products', 'products', 'products', 'products', 'products'])
    // The revision past 1 is kept per record; the last change was no deletion.
    expect(await db.revisions.get(['products', id])).toEqual({ table: 'products', key: id, rev: 5 })
  })

  it('logs compound keys (a cart line) and string keys (an order) the same way, and a bulk write as one row', async () => {
    await db.cartItems.bulkPut([
      { userId: 'u1', productId: 'p2', quantity: 1, addedAt: 0 },
      { userId: 'u1', productId: 'p3', quantity: 1, addedAt: 0 },
    ])
    await db.cartItems.update(['u1', 'p2'], { quantity: 5 })
    await db.orders.add({ id: 'order-x', number: 1001 } as never)
    expect(await logOf(db, 'cartItems')).toEqual(['["u1","p2"]@1', '["u1","p3"]@1', '["u1","p2"]@2'])
    expect(await logOf(db, 'orders')).toEqual(['order-x@1'])
    expect((await db.changes.toArray()).map((row) => row.keys.length)).toEqual([2, 1, 1])
  })

  it('logs nothing for a deletion of what is not there, nor for device-local tables', async () => {
    await db.cartItems.delete(['u9', 'p9'])
    await db.sessions.put({ key: 's1', userId: 'u1', startedAt: 0, lastActiveAt: 0 })
    await db.meta.put({ key: 'catalogSeeded', value: true })
    await db.meta.put({ key: 'checkout:1', value: 'attempt' })
    await db.meta.delete('checkout:1')
    await db.sessions.clear()
    expect(await entries(db)).toEqual([])
    expect(await db.revisions.count()).toBe(0)
  })

  it('logs a clear or a range deleted as the deletion of exactly the records it removed', async () => {
    const [a, b, c] = await db.products.bulkAdd([aNewProduct({ sku: 'A' }), aNewProduct({ sku: 'B' }), aNewProduct({ sku: 'C' })], { allKeys: true })
    await db.products.where(':id').between(b, c, true, true).delete()
    // A product added while the clear runs, in the same transaction, is not one it removed.
    const d = await db.transaction('rw', db.products, async () => (await Promise.all([db.products.clear(), db.products.add(aNewProduct({ sku: 'D' }))]))[1])
    expect(await logOf(db, 'products')).toEqual([`${a}@1`, `${b}@1`, `${c}@1`, `${b}@2-`, `${c}@2-`, `${a}@2-`, `${d}@1`])
    expect(await db.products.count()).toBe(1)
  })

  it('counts revisions right when one transaction writes a record twice at once', async () => {
    const id = await db.products.add(aNewProduct())
    await db.transaction('rw', db.products, async () => {
      const p = (await db.products.get(id))!
      await Promise.all([db.products.put({ ...p, price: 1 }), db.products.put({ ...p, price: 2 }), db.products.delete(id)])
    })
    expect(await logOf(db, 'products')).toEqual([`${id}@1`, `${id}@2`, `${id}@3`, `${id}@4-`])
    const stamps = (await entries(db)).map((e) => e.hlc)
    expect([...stamps].sort()).toEqual(stamps)
    expect(new Set(stamps).size).toBe(stamps.length)
  })
})

describe('every path that writes the shop logs it', () => {
  it('the services: register, createProduct, restock, addToCart, placeOrder, changeOrderStatus, saveSettings', async () => {
    const owner = (await register(db, { username: 'owner', password: PASSWORD }, FAST)).id
    const id = await createProduct(db, owner, { sku: 'KIT-1', name: 'Mug', category: 'Kitchen', description: '', price: '2.00', stock: '5', lowStockThreshold: '1' }, 2)
    await restock(db, owner, id, 3, 'Delivery')
    await addToCart(db, owner, id, 2)
    const order = await placeOrder(db, owner, { orderId: 'order-1' })
    await changeOrderStatus(db, owner, order.id, 'paid')
    await saveSettings(db, owner, { shopName: 'Shop', currency: 'USD', taxRate: '0' })

    expect(await logOf(db, 'users')).toEqual([`${owner}@1`])
    // Created, restocked, sold.
    expect(await logOf(db, 'products')).toEqual([`${id}@1`, `${id}@2`, `${id}@3`])
    expect((await logOf(db, 'stockLedger')).length).toBe(3)
    expect(await logOf(db, 'cartItems')).toEqual([`${JSON.stringify([owner, id])}@1`, `${JSON.stringify([owner, id])}@2-`])
    expect(await logOf(db, 'orders')).toEqual(['order-1@1', 'order-1@2'])
    expect(await logOf(db, 'meta')).toEqual([`${SETTINGS_KEY}@1`])
    expect(LOGGED_META_KEYS).toEqual(new Set([SETTINGS_KEY]))
  })

  it('the CSV import: every product added or updated and its ledger rows', async () => {
    const owner = await db.users.add(aNewUser('owner', 'owner'))
    const mug = await db.products.add(aNewProduct({ sku: 'KIT-1', stock: 1 }))
    const { rows } = parseProductsCsv(
      ['sku,name,category,description,price,stock,lowStockThreshold,archived', 'KIT-1,Big Mug,Kitchen,,15.00,9,5,no', 'NEW-1,Plate,Kitchen,,3.00,6,2,no'].join('\n'),
      2,
    )
    await importProducts(db, owner, rows, 2, { clock: fixedClock(77), stock: 'set' })
    const plate = (await db.products.where('sku').equals('NEW-1').first())!.id
    expect(await logOf(db, 'products')).toEqual(expect.arrayContaining([`${mug}@1`, `${mug}@2`, `${plate}@1`]))
    expect(await logOf(db, 'stockLedger')).toHaveLength(2)
  })

  it('a restore: the records it removed are logged deleted, every record it wrote is logged, and the device keeps its id', async () => {
    db.close()
    db = openDb(undefined, { now: () => wall }) // the device id from db.meta, as in the app
    const owner = (await register(db, { username: 'owner', password: PASSWORD }, FAST)).id
    // No stock: a product added straight to the table has no ledger rows, and a backup's stock must be its ledger's sum.
    const kept = await db.products.add(aNewProduct({ sku: 'KEPT', stock: 0 }))
    const file = serializeBackup(await exportShop(db, owner, { appVersion: 'test' }))
    const device = (await db.meta.get(DEVICE_ID_KEY))?.value
    expect(typeof device).toBe('string')
    expect(file).not.toContain(String(device))
    const gone = await db.products.add(aNewProduct({ sku: 'GONE' }))
    const before = (await entries(db)).length

    await importShop(db, owner, file, { ...FAST, password: PASSWORD })

    const restore = (await entries(db)).slice(before)
    const text = (e: ChangeEntry) => `${e.table}:${typeof e.key === 'string' ? e.key : JSON.stringify(e.key)}@${e.rev}${e.deleted ? '-' : ''}`
    // Cleared first (each record that was there), then written back.
    expect(restore.map(text)).toEqual(
      expect.arrayContaining([`products:${kept}@2-`, `products:${gone}@2-`, `products:${kept}@3`, `users:${owner}@2-`, `users:${owner}@3`]),
    )
    expect(restore.map(text)).not.toContain(`products:${gone}@3`)
    expect(await db.meta.get(DEVICE_ID_KEY)).toEqual({ key: DEVICE_ID_KEY, value: device })
    expect(restore.every((e) => e.device === device)).toBe(true)
  })

  it('an upgrade: a database of an older version opens, and a version that rewrites records logs them', async () => {
    const name = 'changelog-upgrade-' + crypto.randomUUID()
    names.push(name)
    // Version 5 as shipped, with data.
    const v5 = new Dexie(name)
    v5.version(5).stores(SHIPPED_V5_SCHEMA)
    await v5.table('products').bulkAdd([aNewProduct({ sku: 'A' }), aNewProduct({ sku: 'B' })])
    v5.close()

    // The next version's upgrade rewrites every product, through the same middleware as every write.
    class Next extends ShopDatabase {
      constructor() {
        super(name, { deviceId: DEVICE, now: () => wall })
        this.version(7)
          .stores({})
          .upgrade((tx) => tx.table('products').toCollection().modify((p: { description: string }) => void (p.description = 'upgraded')))
      }
    }
    const next = new Next()
    try {
      await next.open()
      expect((await next.products.toArray()).map((p) => p.description)).toEqual(['upgraded', 'upgraded'])
      // Version 6 gave them global ids (logged as new records; the old numeric keys it cleared
      // are not logged as deletions), and version 7's rewrite is their second revision.
      const ids = (await next.products.toArray()).map((p) => p.id)
      expect(await logOf(next, 'products')).toEqual([`${ids[0]}@1`, `${ids[1]}@1`, `${ids[0]}@2`, `${ids[1]}@2`])
    } finally {
      next.close()
    }
  })

  it('version 6 declares the log stores alone, so another version-6 change merges beside it', () => {
    expect(Object.keys(CHANGE_LOG_STORES_V6)).toEqual(['changes', 'revisions'])
  })
})

describe('a failed transaction leaves no change behind', () => {
  it('a use case that throws after writing', async () => {
    const id = await db.products.add(aNewProduct())
    const before = await logRows(db)
    await rejection(
      db.transaction('rw', db.products, db.stockLedger, async () => {
        await db.products.update(id, { price: 1 })
        await db.stockLedger.add({ productId: id, delta: 1, reason: 'restock', stockAfter: 11, note: '', at: 0 })
        throw new Error('after writing')
      }),
    )
    expect(await logRows(db)).toEqual(before)
  })

  it('an out-of-stock checkout', async () => {
    const alice = await db.users.add(aNewUser('alice'))
    const mug = await db.products.add(aNewProduct({ stock: 5 }))
    const tea = await db.products.add(aNewProduct({ sku: 'TEA-1', stock: 5 }))
    await addToCart(db, alice, mug, 2)
    await addToCart(db, alice, tea, 5)
    await db.products.update(tea, { stock: 1 })
    const before = await logRows(db)
    expect(await rejection(placeOrder(db, alice))).toBeInstanceOf(OutOfStockError)
    expect(await logRows(db)).toEqual(before)
    await removeFromCart(db, alice, tea)
    expect((await logRows(db)).changes.length).toBe(before.changes.length + 1)
  })

  it('the device id made by a failed first write is not kept', async () => {
    db.close()
    db = openDb(undefined, { now: () => wall })
    await rejection(
      db.transaction('rw', db.products, async () => {
        await db.products.add(aNewProduct())
        throw new Error('after writing')
      }),
    )
    expect(await db.meta.get(DEVICE_ID_KEY)).toBeUndefined()
    await db.products.add(aNewProduct())
    const made = (await db.meta.get(DEVICE_ID_KEY))?.value
    expect((await entries(db)).map((e) => e.device)).toEqual([made])
  })
})

describe('the clock and the device', () => {
  it('two tabs (two databases on the same IndexedDB) take turns without a stamp going backwards or colliding', async () => {
    const name = 'changelog-tabs-' + crypto.randomUUID()
    // The second tab's wall clock is an hour behind.
    const a = openDb(name, { now: () => wall })
    const b = openDb(name, { now: () => wall - 3_600_000 })
    try {
      for (let i = 0; i < 5; i++) {
        await a.products.add(aNewProduct({ sku: `A-${i}` }))
        await Promise.all([b.products.add(aNewProduct({ sku: `B-${i}` })), a.cartItems.put({ userId: 'u1', productId: `p${i}`, quantity: 1, addedAt: 0 })])
        wall += i % 2 // sometimes the same millisecond
      }
      const all = await entries(a)
      expect(all).toHaveLength(15)
      for (let i = 1; i < all.length; i++) expect(compareHlc(decodeHlc(all[i]!.hlc), decodeHlc(all[i - 1]!.hlc))).toBeGreaterThan(0)
      // One device: the id made by the first write is the one both tabs use.
      expect(new Set(all.map((e) => e.device)).size).toBe(1)
      expect((await a.meta.get(DEVICE_ID_KEY))?.value).toBe(all[0]!.device)
    } finally {
      a.close()
      b.close()
    }
  })

  it('a reopened database, with its clock set back, still stamps later than before, with the same device id', async () => {
    const name = 'changelog-reopen-' + crypto.randomUUID()
    const first = openDb(name, { now: () => wall })
    const id = await first.products.add(aNewProduct())
    const [before] = await entries(first)
    first.close()
    const again = openDb(name, { now: () => wall - 86_400_000 })
    try {
      await again.products.update(id, { price: 5 })
      await again.products.add(aNewProduct({ sku: 'NEXT' }))
      const [, ...after] = await entries(again)
      for (const e of after) expect(compareHlc(decodeHlc(e.hlc), decodeHlc(before!.hlc))).toBeGreaterThan(0)
      expect(after.map((e) => e.device)).toEqual([before!.device, before!.device])
      // The wall time stays the latest seen; the counter moves on.
      expect(after.map((e) => decodeHlc(e.hlc).wall)).toEqual([wall, wall])
    } finally {
      again.close()
    }
  })

  it('a clock set backwards within one database still yields later stamps', async () => {
    await db.products.add(aNewProduct())
    wall -= 60_000
    await db.products.add(aNewProduct({ sku: 'B' }))
    wall -= 60_000
    await db.products.bulkAdd([aNewProduct({ sku: 'C' }), aNewProduct({ sku: 'D' })])
    const stamps = (await entries(db)).map((e) => decodeHlc(e.hlc))
    expect(stamps.map((s) => [s.wall, s.counter])).toEqual([
      [1_764_000_000_000, 0],
      [1_764_000_000_000, 1],
      [1_764_000_000_000, 2],
      [1_764_000_000_000, 3],
    ])
  })
})
