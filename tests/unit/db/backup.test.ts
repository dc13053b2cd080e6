import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BACKUP_TABLE_NAMES,
  backupFileName,
  checksumOf,
  DERIVED_TABLES,
  DEVICE_TABLES,
  parseBackup,
  serializeBackup,
  summarizeBackup,
  type ShopBackupFile,
} from '../../../src/db/backup'
import { DEVICE_CODE_KEY, DEVICE_SESSION_KEY, type ShopDatabase } from '../../../src/db/database'
import { DEVICE_ID_KEY } from '../../../src/db/changeLog'
import { isDeviceCode } from '../../../src/domain/orderNumber'
import { GUEST_ID } from '../../../src/domain/cart'
import { seedDemoCatalog } from '../../../src/db/seed'
import { AuthorizationError, ValidationError } from '../../../src/domain/errors'
import { register } from '../../../src/services/auth'
import { exportShop, importShop } from '../../../src/services/backup'
import { addToCart } from '../../../src/services/cart'
import { placeOrder } from '../../../src/services/checkout'
import { isQuotaExceeded, toFormErrors, QUOTA_MESSAGE } from '../../../src/stores/errors'
import { aNewProduct, createTestDb, fixedClock, productIds, rejection, simulateQuotaExceeded } from '../support'
import type { Id } from '../../../src/domain/id'

const FAST = { iterations: 1000 }
const PASSWORD = 'correct horse battery'
const APP = { appVersion: '9.8.7', clock: fixedClock(Date.UTC(2024, 4, 31, 12)) }

let db: ShopDatabase
let owner: Id
let customer: Id

/** A shop with something in every table: accounts, the demo catalog, carts, orders, meta. */
async function fillShop(target: ShopDatabase): Promise<{ owner: Id; customer: Id }> {
  // This device numbers its orders K7-…
  await target.meta.put({ key: DEVICE_CODE_KEY, value: 'K7' })
  await seedDemoCatalog(target, 1_700_000_000_000)
  const product = await productIds(target)
  const nth = (n: number) => product[n - 1] ?? ''
  const o = await register(target, { username: 'Ünïcödé Owner', password: PASSWORD }, { ...FAST, clock: fixedClock(1) })
  const c = await register(target, { username: 'bob', password: PASSWORD }, { ...FAST, clock: fixedClock(2) })
  await addToCart(target, c.id, nth(3), 2, { clock: fixedClock(10) })
  await addToCart(target, c.id, nth(11), 1, { clock: fixedClock(11) })
  await placeOrder(target, c.id, { clock: fixedClock(20), orderId: 'order-a' })
  await addToCart(target, c.id, nth(1), 4, { clock: fixedClock(30) })
  await addToCart(target, o.id, nth(2), 1, { clock: fixedClock(31) })
  await placeOrder(target, o.id, { clock: fixedClock(40), orderId: 'order-b' })
  await addToCart(target, o.id, nth(21), 3, { clock: fixedClock(50) })
  await target.meta.put({ key: 'note', value: { nested: ['a', 1, true, null] } })
  // The owner is the one logged in on this device.
  await target.sessions.put({ key: 'current', userId: o.id, startedAt: 60, lastActiveAt: 60 })
  return { owner: o.id, customer: c.id }
}

/**
 * Every table of the database, as stored, less what belongs to the device rather than the
 * shop: who is logged in in which tab (sessions, and the meta row naming the session new
 * tabs take) and the device's code for its order numbers. Those are checked on their own.
 */
async function everyTable(target: ShopDatabase): Promise<Record<string, unknown[]>> {
  const entries = await Promise.all(
    target.tables
      // The change log records the restore itself (tests/unit/db/changeLog.test.ts).
      .filter((t) => t.name !== 'sessions' && t.name !== 'changes' && t.name !== 'revisions')
      .map(async (t) => [t.name, await t.toArray()] as const),
  )
  const tables: Record<string, unknown[]> = Object.fromEntries(entries)
  tables.meta = (tables.meta as { key: string }[]).filter((row) => row.key !== DEVICE_SESSION_KEY && row.key !== DEVICE_CODE_KEY && row.key !== DEVICE_ID_KEY)
  return tables
}

async function exportText(target = db, userId = owner): Promise<string> {
  return serializeBackup(await exportShop(target, userId, APP))
}

/** A file with `change` applied to its contents and a checksum that matches them again. */
async function tamperedButSigned(change: (file: ShopBackupFile & Record<string, unknown>) => void): Promise<string> {
  const file = JSON.parse(await exportText()) as ShopBackupFile & Record<string, unknown>
  change(file)
  file.checksum = await checksumOf(file.tables)
  return JSON.stringify(file)
}

async function fileError(text: string): Promise<string> {
  const err = await rejection(importShop(db, owner, text, { ...FAST, password: PASSWORD }))
  expect(err).toBeInstanceOf(ValidationError)
  expect((err as ValidationError).field).toBe('file')
  return (err as ValidationError).message
}

beforeEach(async () => {
  db = createTestDb()
  ;({ owner, customer } = await fillShop(db))
})
afterEach(async () => {
  await db.delete()
})

describe('export then import', () => {
  it('gives back exactly the same shop, every table deep-equal', async () => {
    const before = await everyTable(db)
    const text = await exportText()

    // Change everything after the export: new and removed rows, changed fields.
    const product = await productIds(db)
    await db.products.update(product[0] ?? '', { price: 1, name: 'Changed' })
    await db.products.delete(product[24] ?? '')
    await db.products.add(aNewProduct({ sku: 'NEW-1' }))
    await db.cartItems.clear()
    await db.orders.clear()
    const mallory = await register(db, { username: 'mallory', password: PASSWORD }, FAST)
    await db.sessions.put({ key: 'current', userId: owner, startedAt: 60, lastActiveAt: 60 })
    await db.meta.delete('note')

    await importShop(db, owner, text, { ...FAST, password: PASSWORD })

    expect(await everyTable(db)).toEqual(before)
    // Every account is the backup's now: everyone on this device is logged out, the owner who restored included.
    expect(await db.users.get(mallory.id)).toBeUndefined()
    expect(await db.sessions.count()).toBe(0)
    expect((await db.meta.get(DEVICE_SESSION_KEY))?.value).toBeNull()
  })

  it("leaves the guest's cart out: it is this device's, like its sessions", async () => {
    const [first] = await productIds(db)
    await addToCart(db, GUEST_ID, first ?? '', 1, { clock: fixedClock(70) })
    const file = await exportShop(db, owner, APP)
    expect(file.tables.cartItems).toHaveLength(2)
    expect(file.tables.cartItems.map((c) => c.userId)).not.toContain(GUEST_ID)
  })

  it('restores into an empty database on another device', async () => {
    const before = await everyTable(db)
    const text = await exportText()
    const other = createTestDb()
    try {
      // The new device has only its own owner, logged in; the restored shop has other accounts.
      const me = await register(other, { username: 'new device owner', password: PASSWORD }, FAST)
      await importShop(other, me.id, text, { ...FAST, password: PASSWORD })
      expect(await other.sessions.count()).toBe(0)
      expect(await everyTable(other)).toEqual(before)
      // The other device numbers its own orders with its own code, not this one's.
      const code = (await other.meta.get(DEVICE_CODE_KEY))?.value
      expect(isDeviceCode(String(code))).toBe(true)
      expect(code).not.toBe('K7')
    } finally {
      await other.delete()
    }
  })

  it('keeps working after the restore: new ids are fresh, order numbers continue after the restored ones', async () => {
    // A product made here before the backup, with a fresh id (the seeded ones' are made from
    // their SKUs and carry no time, see idFromKey).
    const before = await db.products.add(aNewProduct({ sku: 'BEFORE-1', stock: 0 }))
    await importShop(db, owner, await exportText(), { ...FAST, password: PASSWORD })
    const restored = await productIds(db)
    expect(restored).toContain(before)
    const id = await db.products.add(aNewProduct({ sku: 'AFTER-1' }))
    expect(restored).not.toContain(id)
    expect(id > before).toBe(true)
    const order = await placeOrder(db, owner)
    expect(order.number).toBe('K7-1003')
  })

  it('writes a versioned file: format, format version, app version, schema version, time and SHA-256 checksum', async () => {
    const file = await exportShop(db, owner, APP)
    expect(file).toMatchObject({
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: '9.8.7',
      schemaVersion: db.verno,
      exportedAt: Date.UTC(2024, 4, 31, 12),
    })
    expect(file.checksum).toMatch(/^sha256:[0-9a-f]{64}$/)
    // SHA-256 of the tables as written, computed independently here.
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(file.tables)))
    expect(file.checksum).toBe('sha256:' + Buffer.from(digest).toString('hex'))
    expect(Object.keys(file.tables)).toEqual(BACKUP_TABLE_NAMES)
    expect(file.tables).not.toHaveProperty('sessions')
    expect(backupFileName(file)).toBe('offline-shop-backup-2024-05-31.json')
    expect(summarizeBackup(file).counts).toEqual({ users: 2, products: 25, cartItems: 2, orders: 2, meta: 2, payments: 0, stockLedger: await db.stockLedger.count() })
  })

  it('is only for the owner: a customer can neither export nor import, and nothing changes', async () => {
    const text = await exportText()
    const before = await everyTable(db)
    expect(await rejection(exportShop(db, customer, APP))).toBeInstanceOf(AuthorizationError)
    expect(await rejection(exportShop(db, undefined, APP))).toBeInstanceOf(AuthorizationError)
    expect(await rejection(importShop(db, customer, text, { ...FAST, password: PASSWORD }))).toBeInstanceOf(AuthorizationError)
    expect(await rejection(importShop(db, undefined, text, { ...FAST, password: PASSWORD }))).toBeInstanceOf(AuthorizationError)
    expect(await everyTable(db)).toEqual(before)
  })

  it('a refused restore on a device with no order-number code yet leaves it with none', async () => {
    const text = await exportText()
    await db.meta.delete(DEVICE_CODE_KEY)
    expect(await rejection(importShop(db, customer, text, { ...FAST, password: PASSWORD }))).toBeInstanceOf(AuthorizationError)
    expect(await db.meta.get(DEVICE_CODE_KEY)).toBeUndefined()
    // A restore that goes through stores the code it numbered the file's orders with.
    await importShop(db, owner, text, { ...FAST, password: PASSWORD })
    expect(isDeviceCode(String((await db.meta.get(DEVICE_CODE_KEY))?.value))).toBe(true)
  })
})

describe('an oversold shop (devices sold apart, then synced)', () => {
  it('backs up and restores with its stock below zero, held to its ledger', async () => {
    const id = await db.products.add(aNewProduct({ sku: 'OVER-1', stock: -1 }))
    await db.stockLedger.bulkAdd([
      { id: `i:${id}`, productId: id, delta: 1, reason: 'initial', stockAfter: 1, note: '', at: 10 },
      { id: 'over-adjust-1', productId: id, delta: -2, reason: 'adjustment', stockAfter: -1, note: 'sold twice apart', at: 20 },
    ])
    const before = await everyTable(db)
    await importShop(db, owner, await exportText(), { ...FAST, password: PASSWORD })
    expect(await everyTable(db)).toEqual(before)
    expect((await db.products.get(id))?.stock).toBe(-1)
  })
})

describe('a file that is refused, with nothing written', () => {
  let before: Record<string, unknown[]>
  beforeEach(async () => {
    before = await everyTable(db)
  })
  afterEach(async () => {
    expect(await everyTable(db)).toEqual(before)
  })

  it.each([
    ['empty', ''],
    ['cut short', '{"format":"offline-shop-backup","formatVersion":1,"tables":{"users":[{"id":1,'],
    ['not JSON at all', 'id,name\n1,Mug'],
  ])('malformed JSON (%s)', async (_label, text) => {
    expect(await fileError(text)).toBe(
      'This file is not valid JSON, so it is not a shop backup (it may be damaged or cut short). Nothing was imported.',
    )
  })

  it.each([['[]'], ['42'], ['null'], ['{"format":"something-else","formatVersion":1}'], ['{"tables":{}}']])(
    'JSON that is not a backup: %s',
    async (text) => {
      expect(await fileError(text)).toBe('This file is not an Offline Shop backup. Nothing was imported.')
    },
  )

  it('a newer format version', async () => {
    const file = JSON.parse(await exportText())
    file.formatVersion = 3
    expect(await fileError(JSON.stringify(file))).toBe(
      'This backup uses format version 3; this version of the shop reads format versions 1 to 2. Update the shop, then try again. Nothing was imported.',
    )
  })

  it.each([[0], ['1'], [undefined], [1.5]])('a wrong or missing format version (%s)', async (version) => {
    const file = JSON.parse(await exportText())
    file.formatVersion = version
    expect(await fileError(JSON.stringify(file))).toMatch(/^This backup uses (format version (0|1\.5)|an unknown format version); this version of the shop reads format versions 1 to 2\. Nothing was imported\.$/)
  })

  it.each<[string, (file: Record<string, unknown>) => void, RegExp]>([
    ['no checksum', (f) => delete f.checksum, /^The backup file is incomplete \(checksum: .+\)\. Nothing was imported\.$/],
    ['no tables', (f) => delete f.tables, /^The backup file is incomplete \(tables: .+\)\. Nothing was imported\.$/],
    ['a table that is not a list', (f) => ((f.tables as Record<string, unknown>).users = {}), /^The backup file is incomplete \(tables\.users: .+\)\. Nothing was imported\.$/],
    ['no app version', (f) => delete f.appVersion, /^The backup file is incomplete \(appVersion: .+\)\. Nothing was imported\.$/],
  ])('an incomplete envelope: %s', async (_label, change, message) => {
    const file = JSON.parse(await exportText())
    change(file)
    expect(await fileError(JSON.stringify(file))).toMatch(message)
  })

  it.each<[string, (file: ShopBackupFile) => void]>([
    ['a price changed', (f) => (f.tables.products[0]!.price = 1)],
    ['an order removed', (f) => f.tables.orders.pop()],
    ['an account made owner', (f) => (f.tables.users[1]!.role = 'owner')],
  ])('a checksum mismatch: %s', async (_label, change) => {
    const file = JSON.parse(await exportText()) as ShopBackupFile
    change(file)
    expect(await fileError(JSON.stringify(file))).toBe(
      'The backup file was damaged or changed after it was exported: its checksum does not match. Nothing was imported.',
    )
  })

  it('a table this version does not know', async () => {
    const text = await tamperedButSigned((f) => ((f.tables as unknown as Record<string, unknown[]>).coupons = [{ code: 'X' }]))
    expect(await fileError(text)).toBe('The backup holds a table this version of the shop does not know: “coupons”. Nothing was imported.')
  })

  it('device tables are not shop data and are refused too', async () => {
    const text = await tamperedButSigned((f) => ((f.tables as unknown as Record<string, unknown[]>).sessions = []))
    expect(await fileError(text)).toMatch(/does not know: “sessions”/)
  })

  it('a photo that is not a readable image', async () => {
    let id = ''
    const text = await tamperedButSigned((f) => {
      const product = f.tables.products[0]!
      id = product.id
      product.image = 'data:image/png;base64,%%%'
    })
    expect(await fileError(text)).toBe(`The photo of product ${id} is not a readable image. Nothing was imported.`)
  })

  it.each([['https://tracker.example/pixel.svg'], ['/demo/glass-teapot.svg'], ['demo/../settings'], ['demo/glass-teapot.png']])(
    'a picture that is not one the app ships: %s',
    async (picture) => {
      const text = await tamperedButSigned((f) => {
        f.tables.products[0]!.picture = picture
      })
      expect(await fileError(text)).toMatch(/picture.*Nothing was imported\.$/)
    },
  )

  it('a missing table', async () => {
    const text = await tamperedButSigned((f) => delete (f.tables as Partial<ShopBackupFile['tables']>).orders)
    expect(await fileError(text)).toBe('The backup is missing “orders”. Nothing was imported.')
  })

  it.each<[string, (f: ShopBackupFile) => void, string]>([
    [
      'a price that is not a whole number of cents',
      (f) => (f.tables.products[4]!.price = 12.5),
      'The product at position 5 of “products” is not valid (price: Invalid safe integer: Received 12.5). Nothing was imported.',
    ],
    [
      'a price written as text',
      (f) => ((f.tables.products[0] as unknown as Record<string, unknown>).price = '12.99'),
      'The product at position 1 of “products” is not valid (price: Invalid type: Expected number but received "12.99"). Nothing was imported.',
    ],
    [
      'a stock that is no whole number',
      (f) => (f.tables.products[1]!.stock = 1.5),
      'The product at position 2 of “products” is not valid (stock: Invalid safe integer: Received 1.5). Nothing was imported.',
    ],
    [
      'an unknown role',
      (f) => ((f.tables.users[0] as unknown as Record<string, unknown>).role = 'admin'),
      'The account at position 1 of “users” is not valid (role: Invalid type: Expected ("owner" | "customer") but received "admin"). Nothing was imported.',
    ],
    [
      'a field this version does not know',
      (f) => ((f.tables.users[1] as unknown as Record<string, unknown>).isAdmin = true),
      'The account at position 2 of “users” is not valid (isAdmin: Invalid key: Expected never but received "isAdmin"). Nothing was imported.',
    ],
    [
      'a missing field',
      (f) => delete (f.tables.orders[0] as Partial<ShopBackupFile['tables']['orders'][number]>).total,
      'The order at position 1 of “orders” is not valid (total: Invalid key: Expected "total" but received undefined). Nothing was imported.',
    ],
    [
      'a bad order line',
      (f) => (f.tables.orders[1]!.lines[0]!.quantity = 0),
      'The order at position 2 of “orders” is not valid (lines.0.quantity: Invalid value: Expected >=1 but received 0). Nothing was imported.',
    ],
    [
      // A product's id is its address: only the shape the shop makes is taken.
      'a product id that is not an id',
      (f) => (f.tables.products[2]!.id = '../admin'),
      'The product at position 3 of “products” is not valid (id: Expected a 13-character id). Nothing was imported.',
    ],
    [
      'a record that is not an object',
      (f) => ((f.tables.cartItems as unknown[])[2] = 'milk'),
      'The cart line at position 3 of “cartItems” is not valid (Invalid type: Expected Object but received "milk"). Nothing was imported.',
    ],
  ])('a bad record: %s', async (_label, change, message) => {
    expect(await fileError(await tamperedButSigned(change))).toBe(message)
  })

  it.each<[string, (f: ShopBackupFile) => void, string]>([
    [
      'two products with one SKU',
      // Which product comes first in the file depends on the ids: name the SKU outright.
      (f) => (f.tables.products[1]!.sku = f.tables.products[0]!.sku = 'COF-0001'),
      'Two products in “products” have the same SKU (COF-0001). Nothing was imported.',
    ],
    [
      'two products with one id',
      (f) => (f.tables.products[0]!.id = f.tables.products[1]!.id = 'P7kxTWICE0000'),
      'Two products in “products” have the same id (P7kxTWICE0000). Nothing was imported.',
    ],
    [
      'two accounts with one username',
      (f) => (f.tables.users[1]!.usernameKey = f.tables.users[0]!.usernameKey),
      'Two accounts in “users” have the same username (ünïcödé owner). Nothing was imported.',
    ],
    [
      'two orders with one number',
      (f) => (f.tables.orders[1]!.number = f.tables.orders[0]!.number),
      'Two orders in “orders” have the same number (K7-1001). Nothing was imported.',
    ],
    [
      'a cart line of an account that is not there',
      (f) => (f.tables.cartItems[0]!.userId = 'no-such-account'),
      'A cart line belongs to account no-such-account, which is not in the backup. Nothing was imported.',
    ],
    [
      'a cart line of a product that is not there',
      (f) => (f.tables.cartItems[0]!.productId = 'no-such-product'),
      'A cart line holds product no-such-product, which is not in the backup. Nothing was imported.',
    ],
    [
      'an order of an account that is not there',
      (f) => (f.tables.orders[0]!.userId = 'no-such-account'),
      'Order #K7-1001 belongs to account no-such-account, which is not in the backup. Nothing was imported.',
    ],
    [
      'no owner',
      (f) => (f.tables.users[0]!.role = 'customer'),
      'The backup has no owner account, so nobody could run the restored shop. Nothing was imported.',
    ],
  ])('an inconsistent shop: %s', async (_label, change, message) => {
    expect(await fileError(await tamperedButSigned(change))).toBe(message)
  })

  it('storage running out half-way through the restore: the whole import is rolled back', async () => {
    const text = await exportText()
    await db.products.update((await productIds(db))[0] ?? '', { price: 1 }) // so the backup differs from what is stored
    before = await everyTable(db)
    const stop = await simulateQuotaExceeded('orders')
    let err: unknown
    try {
      err = await rejection(importShop(db, owner, text, { ...FAST, password: PASSWORD }))
    } finally {
      stop()
    }
    expect(isQuotaExceeded(err)).toBe(true)
    expect(toFormErrors(err)).toEqual({ fields: {}, form: QUOTA_MESSAGE })
  })
})

describe('parseBackup', () => {
  it('reads back what export wrote, checked and typed', async () => {
    const file = await exportShop(db, owner, APP)
    // A version-2 file brings no old numeric addresses to remember.
    expect(await parseBackup(serializeBackup(file))).toEqual({ ...file, legacyIds: [] })
    // Whitespace in the file does not matter; the checksum covers the data.
    expect(await parseBackup(JSON.stringify(file))).toEqual({ ...file, legacyIds: [] })
  })
})

describe('the backup covers the whole database', () => {
  it('every table is either backed up, device state or derived', () => {
    const covered = [...BACKUP_TABLE_NAMES, ...DEVICE_TABLES, ...DERIVED_TABLES].sort()
    expect(db.tables.map((t) => t.name).sort()).toEqual(covered)
  })
})

describe("sync's device-local state", () => {
  it('is never in a backup: the keys db/ leaves out are the ones src/sync writes', async () => {
    const { SYNC_CONFIG_KEY, SYNC_PULL_SEQ_KEY, SYNC_PUSH_SEQ_KEY, SYNC_SHOP_KEY } = await import('../../../src/sync/types')
    const { ORPHAN_STOCK_KEY } = await import('../../../src/sync/apply')
    const { SYNC_META_KEYS, DEVICE_META_KEYS } = await import('../../../src/db/backup/tables')
    expect([...SYNC_META_KEYS].sort()).toEqual([SYNC_CONFIG_KEY, SYNC_PULL_SEQ_KEY, SYNC_PUSH_SEQ_KEY, ORPHAN_STOCK_KEY, SYNC_SHOP_KEY].sort())
    for (const key of SYNC_META_KEYS) expect(DEVICE_META_KEYS).toContain(key)
    await db.meta.bulkPut(SYNC_META_KEYS.map((key) => ({ key, value: 'this device only' })))
    expect(await exportText()).not.toContain('this device only')
  })
})
