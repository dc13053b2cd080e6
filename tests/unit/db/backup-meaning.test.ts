/**
 * A backup is checked for meaning before anything is written: a file edited by hand and its
 * checksum computed again (anyone can) is still refused when what it says cannot be, with a
 * message naming the record. One row per rule; each fails if its check is taken out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checksumOf, serializeBackup, type ShopBackupFile } from '../../../src/db/backup'
import { BACKUP_SETTINGS_KEY, MAX_LOCKOUT_AFTER_EXPORT_MS } from '../../../src/db/backup/meaning'
import type { ShopDatabase } from '../../../src/db/database'
import { ValidationError } from '../../../src/domain/errors'
import type { Id } from '../../../src/domain/id'
import { register } from '../../../src/services/auth'
import { exportShop, importShop, inspectBackup, restoreProblem } from '../../../src/services/backup'
import { addToCart } from '../../../src/services/cart'
import { checkout } from '../../../src/services/checkout'
import { createProduct, restock } from '../../../src/services/inventory'
import { PBKDF2_ITERATIONS } from '../../../src/services/password'
import { SETTINGS_KEY } from '../../../src/services/reads/settings'
import { saveSettings } from '../../../src/services/settings'
import { aNewProduct, createTestDb, deliveryDetails, fixedClock, pickupDetails, rejection } from '../support'

const PASSWORD = 'correct horse battery'
const FAST = { iterations: 1000 }
const EXPORTED_AT = Date.UTC(2025, 5, 1, 12)
const VISA = { kind: 'card' as const, card: { number: '4242424242424242', expiry: '12/40', cvc: '123', name: 'Pat' } }

let db: ShopDatabase
let owner: Id
let exported: string

/** A small shop with a taxed order paid by card, an order on delivery, restocks and an authorization never used. */
beforeAll(async () => {
  db = createTestDb()
  const clock = fixedClock(EXPORTED_AT - 60_000)
  owner = (await register(db, { username: 'Olivia', password: PASSWORD }, { ...FAST, clock })).id
  const customer = (await register(db, { username: 'carl', password: PASSWORD }, { ...FAST, clock })).id
  await saveSettings(db, owner, { shopName: 'Corner Shop', currency: 'USD', taxRate: '8.25' })
  const typed = { category: 'Kitchen', description: '', lowStockThreshold: '2' }
  const mug = await createProduct(db, owner, { ...typed, sku: 'MUG-1', name: 'Stoneware Mug', price: '12.99', stock: '10' }, 2, { clock })
  const tea = await createProduct(db, owner, { ...typed, sku: 'TEA-1', name: 'Green Tea', price: '4.50', stock: '3' }, 2, { clock })
  await restock(db, owner, tea, 5, 'Delivery', { clock })
  await addToCart(db, customer, mug, 2, { clock })
  await addToCart(db, customer, tea, 1, { clock })
  await checkout(db, customer, 'order-card', VISA, pickupDetails(), { clock, delayMs: 0 })
  await addToCart(db, customer, tea, 2, { clock })
  await checkout(db, customer, 'order-cod', { kind: 'on-delivery' }, deliveryDetails(), { clock, delayMs: 0 })
  exported = serializeBackup(await exportShop(db, owner, { appVersion: 'test', clock: fixedClock(EXPORTED_AT) }))
})
afterAll(async () => {
  await db.delete()
})

/** The exported file with `change` applied and its checksum computed again, as a forger would. */
async function edited(change: (tables: ShopBackupFile['tables']) => void): Promise<string> {
  const file = JSON.parse(exported) as ShopBackupFile
  change(file.tables)
  file.checksum = await checksumOf(file.tables)
  return JSON.stringify(file)
}

async function refusal(text: string): Promise<string> {
  const err = await rejection(inspectBackup(db, text, FAST))
  expect(err).toBeInstanceOf(ValidationError)
  expect((err as ValidationError).field).toBe('file')
  return (err as ValidationError).message
}

type Tables = ShopBackupFile['tables']
const order = (t: Tables, id: string) => t.orders.find((o) => o.id === id)!
const product = (t: Tables, sku: string) => t.products.find((p) => p.sku === sku)!
const user = (t: Tables, name: string) => t.users.find((u) => u.username === name)!

describe('the shop as exported', () => {
  it('passes every check', async () => {
    const backup = await inspectBackup(db, exported, FAST)
    expect(backup.tables.orders.map((o) => o.status).sort()).toEqual(['paid', 'placed'])
    expect(backup.tables.payments.map((p) => [p.orderId, p.status])).toEqual([['order-card', 'captured']])
    expect(order(backup.tables, 'order-card').tax).toBeGreaterThan(0)
  })

  it('an authorization whose order was never placed (a page closed mid-checkout) is ordinary', async () => {
    const text = await edited((t) => {
      t.payments.push({ id: 'lost-attempt', orderId: null, method: t.payments[0]!.method, status: 'authorized', amount: 999, createdAt: EXPORTED_AT - 1 })
    })
    await expect(inspectBackup(db, text, FAST)).resolves.toBeDefined()
  })

  it('a deleted account keeps no hash and 0 iterations, and restores', async () => {
    const text = await edited((t) => {
      Object.assign(user(t, 'carl'), { role: 'customer', passwordHash: '', salt: '', iterations: 0, deletedAt: EXPORTED_AT - 5 })
    })
    await expect(inspectBackup(db, text, FAST)).resolves.toBeDefined()
  })

  it('settings without a tax rate (older files) take the default, as the shop reads them', async () => {
    const text = await edited((t) => {
      t.meta.find((m) => m.key === BACKUP_SETTINGS_KEY)!.value = { shopName: 'Corner Shop', currency: 'USD' }
    })
    await expect(inspectBackup(db, text, FAST)).resolves.toBeDefined()
  })

  it('the settings key is the one the shop reads', () => {
    expect(BACKUP_SETTINGS_KEY).toBe(SETTINGS_KEY)
  })
})

describe('refused, naming the record', () => {
  it.each<[string, (t: Tables) => void, string | RegExp]>([
    // ---- every reference resolves
    [
      'an order line of a product that is not there',
      (t) => (order(t, 'order-cod').lines[0]!.productId = 'P7kxNOWHERE00'),
      /^Order #[0-9A-Z]{2,}-1002: line 1 \(Green Tea\) is of product P7kxNOWHERE00, which is not in the backup\. Nothing was imported\.$/,
    ],
    [
      'a stock movement of a product that is not there',
      (t) => (t.stockLedger.find((m) => m.reason === 'restock')!.productId = 'P7kxNOWHERE00'),
      /^Stock movement \S+ is of product P7kxNOWHERE00, which is not in the backup\. Nothing was imported\.$/,
    ],
    [
      'a stock movement of an order that is not there',
      (t) => (t.stockLedger.find((m) => m.reason === 'sale')!.orderId = 'no-such-order'),
      /^Stock movement s:\S+ belongs to order no-such-order, which is not in the backup\. Nothing was imported\.$/,
    ],
    [
      'a payment of an order that is not there',
      (t) => (t.payments[0]!.orderId = 'no-such-order'),
      'Payment order-card belongs to order no-such-order, which is not in the backup. Nothing was imported.',
    ],
    // ---- stock is the ledger's sum
    [
      'a product with more stock than its ledger says',
      (t) => (product(t, 'MUG-1').stock += 5),
      'Product “Stoneware Mug” (SKU MUG-1): its stock is 13 but its stock movements add up to 8. Nothing was imported.',
    ],
    [
      'a stock movement removed',
      (t) => (t.stockLedger = t.stockLedger.filter((m) => m.reason !== 'restock')),
      'Product “Green Tea” (SKU TEA-1): its stock is 5 but its stock movements add up to 0. Nothing was imported.',
    ],
    // ---- order totals by the domain's rules
    [
      'an order total that is not its lines and tax',
      (t) => (order(t, 'order-cod').total = 1200),
      /^Order #[0-9A-Z]{2,}-1002: its total is 12\.00 but its lines and tax add up to 9\.74\. Nothing was imported\.$/,
    ],
    [
      'an untaxed order total that is not its lines',
      (t) => Object.assign(order(t, 'order-cod'), { taxRate: 0, tax: 0, total: 1200 }),
      /^Order #[0-9A-Z]{2,}-1002: its total is 12\.00 but its lines add up to 9\.00\. Nothing was imported\.$/,
    ],
    [
      'a subtotal that is not the sum of the lines',
      (t) => (order(t, 'order-card').subtotal -= 100),
      /^Order #[0-9A-Z]{2,}-1001: its subtotal is 29\.48 but its lines add up to 30\.48\. Nothing was imported\.$/,
    ],
    [
      'a line total that is not price × quantity',
      (t) => (order(t, 'order-card').lines[0]!.lineTotal = 1),
      /^Order #[0-9A-Z]{2,}-1001: line 1 \(Stoneware Mug\) is 2 × 12\.99 = 25\.98, but it says 0\.01\. Nothing was imported\.$/,
    ],
    [
      'tax that is not the rate of the subtotal',
      (t) => (order(t, 'order-card').tax += 1),
      /^Order #[0-9A-Z]{2,}-1001: its tax is 2\.52 but 8\.25 % of 30\.48 is 2\.51\. Nothing was imported\.$/,
    ],
    // ---- payments belong to orders and match their amounts
    [
      'a payment of another amount than its order',
      (t) => (t.payments[0]!.amount = 1),
      /^Order #[0-9A-Z]{2,}-1001: its payment is 0\.01 but its total is 32\.99\. Nothing was imported\.$/,
    ],
    [
      'money captured for no order',
      (t) => (t.payments[0]!.orderId = null),
      'Payment order-card is captured but belongs to no order. Nothing was imported.',
    ],
    // ---- settings pass the settings form's rules
    [
      'a currency that is not ISO 4217',
      (t) => ((t.meta.find((m) => m.key === BACKUP_SETTINGS_KEY)!.value as Record<string, unknown>).currency = 'EURO'),
      'The shop’s settings in the backup are not valid: Choose a currency by its three-letter ISO 4217 code, like USD or EUR. Nothing was imported.',
    ],
    [
      'a tax rate over 100 %',
      (t) => ((t.meta.find((m) => m.key === BACKUP_SETTINGS_KEY)!.value as Record<string, unknown>).taxRate = 10_001),
      'The shop’s settings in the backup are not valid: The tax rate cannot be more than 100 %. Nothing was imported.',
    ],
    [
      'a negative tax rate',
      (t) => ((t.meta.find((m) => m.key === BACKUP_SETTINGS_KEY)!.value as Record<string, unknown>).taxRate = -5),
      'The shop’s settings in the backup are not valid: the tax rate is not a whole number of basis points. Nothing was imported.',
    ],
    [
      'an empty shop name',
      (t) => ((t.meta.find((m) => m.key === BACKUP_SETTINGS_KEY)!.value as Record<string, unknown>).shopName = '   '),
      'The shop’s settings in the backup are not valid: Enter the shop name. Nothing was imported.',
    ],
    [
      'a shop name longer than the form takes',
      (t) => ((t.meta.find((m) => m.key === BACKUP_SETTINGS_KEY)!.value as Record<string, unknown>).shopName = 'x'.repeat(61)),
      'The shop’s settings in the backup are not valid: The shop name can be at most 60 characters. Nothing was imported.',
    ],
    [
      'a currency in lower case, which the form never stores',
      (t) => ((t.meta.find((m) => m.key === BACKUP_SETTINGS_KEY)!.value as Record<string, unknown>).currency = 'usd'),
      /^The shop’s settings in the backup are not valid: they are not written the way the settings form writes them/,
    ],
    // ---- security fields are plausible
    [
      'an account hashed with too few iterations',
      (t) => (user(t, 'Olivia').iterations = 10),
      'Account “Olivia”: its password is hashed with 10 PBKDF2 iterations; the shop requires at least 1,000. Nothing was imported.',
    ],
    [
      'an active account with no hash',
      (t) => Object.assign(user(t, 'carl'), { passwordHash: '', salt: '' }),
      'Account “carl” has no password hash, so it could never log in. Nothing was imported.',
    ],
    [
      'a lockout ending years ahead',
      (t) => Object.assign(user(t, 'Olivia'), { failedLogins: 5, lockedUntil: Date.UTC(2099, 0, 1) }),
      'Account “Olivia” is locked until 2099-01-01, long after the backup was made; the shop never locks an account for more than 15 minutes. Nothing was imported.',
    ],
    [
      'a lockout a day and a minute after the export',
      (t) => Object.assign(user(t, 'carl'), { failedLogins: 5, lockedUntil: EXPORTED_AT + MAX_LOCKOUT_AFTER_EXPORT_MS + 60_000 }),
      /^Account “carl” is locked until 2025-06-02, long after the backup was made/,
    ],
  ])('%s', async (_label, change, message) => {
    const text = await edited(change)
    if (typeof message === 'string') expect(await refusal(text)).toBe(message)
    else expect(await refusal(text)).toMatch(message)
  })

  it('a lockout within the shop’s 15 minutes of the export is ordinary', async () => {
    const text = await edited((t) => Object.assign(user(t, 'carl'), { failedLogins: 5, lockedUntil: EXPORTED_AT + 15 * 60_000 }))
    await expect(inspectBackup(db, text, FAST)).resolves.toBeDefined()
  })

  it('the shop’s own PBKDF2 setting is the minimum by default', async () => {
    // The test accounts were hashed with 1,000 iterations: fine for these tests, too few for the shop.
    expect(await rejection(inspectBackup(db, exported))).toMatchObject({
      message: `Account “Olivia”: its password is hashed with 1,000 PBKDF2 iterations; the shop requires at least ${PBKDF2_ITERATIONS.toLocaleString('en-US')}. Nothing was imported.`,
    })
  })

  it('a restore of such a file writes nothing', async () => {
    const before = await Promise.all(db.tables.map((t) => t.toArray()))
    const text = await edited((t) => (product(t, 'MUG-1').stock += 5))
    expect(await rejection(importShop(db, owner, text, { ...FAST, password: PASSWORD }))).toBeInstanceOf(ValidationError)
    expect(await Promise.all(db.tables.map((t) => t.toArray()))).toEqual(before)
  })
})

describe('the export says when its file would not restore', () => {
  it('says nothing for a shop as the services keep it', async () => {
    expect(await restoreProblem(await exportShop(db, owner, { appVersion: 'test', clock: fixedClock(EXPORTED_AT) }), FAST)).toBeUndefined()
  })

  it('names what a restore would refuse in a shop whose data is already wrong, and still gives the file', async () => {
    const other = createTestDb()
    try {
      const me = (await register(other, { username: 'Olivia', password: PASSWORD }, FAST)).id
      // Stock written without its ledger row, as an old bug might have left it.
      await other.products.add({ ...aNewProduct({ sku: 'MUG-9', name: 'Odd Mug' }) })
      const file = await exportShop(other, me, { appVersion: 'test' })
      expect(file.tables.products).toHaveLength(1)
      expect(await restoreProblem(file, FAST)).toBe('Product “Odd Mug” (SKU MUG-9): its stock is 10 but its stock movements add up to 0.')
    } finally {
      await other.delete()
    }
  })
})
