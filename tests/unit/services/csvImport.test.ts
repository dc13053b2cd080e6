/**
 * The CSV import never silently changes stock: the stock column is read for new products
 * only unless the owner chose otherwise, the preview says what will happen, and the import
 * refuses when the shop changed since the preview in a way the preview did not show.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { StaleImportError } from '../../../src/domain/importPlan'
import type { Id } from '../../../src/domain/id'
import { addToCart } from '../../../src/services/cart'
import { placeOrder } from '../../../src/services/checkout'
import { exportProductsCsv, importProducts, previewImport } from '../../../src/services/csvTransfer'
import { createProduct, updateProduct, verifyInventory } from '../../../src/services/inventory'
import { parseProductsCsv } from '../../../src/services/productCsv'
import { aNewUser, createTestDb, fixedClock, rejection } from '../support'

const USD = 2
const typed = (sku: string, stock: string) => ({ sku, name: `Product ${sku}`, category: 'Kitchen', description: '', price: '9.99', lowStockThreshold: '2', stock })

let db: ShopDatabase
let owner: Id
let alice: Id
let mug: Id
let tea: Id
beforeEach(async () => {
  db = createTestDb()
  owner = await db.users.add(aNewUser('owner', 'owner'))
  alice = await db.users.add(aNewUser('alice'))
  mug = await createProduct(db, owner, typed('MUG-1', '10'), USD)
  tea = await createProduct(db, owner, typed('TEA-1', '4'), USD)
})
afterEach(async () => {
  await db.delete()
})

const snapshot = async () => ({ products: await db.products.orderBy('id').toArray(), ledger: await db.stockLedger.orderBy('id').toArray() })
const sell = async (productId: Id, quantity: number) => {
  await addToCart(db, alice, productId, quantity)
  await placeOrder(db, alice)
}
/** The shop's export now, with its prices fixed in a spreadsheet later (the stock column left as it was). */
const exportNow = async () => exportProductsCsv(db, owner, USD)
const rowsOf = (csv: string) => {
  const parsed = parseProductsCsv(csv, USD)
  expect(parsed.problems).toEqual([])
  return parsed.rows
}

describe('the stock column, by default', () => {
  it('re-importing an older export after a sale keeps the stock the sale left, writes no ledger row, and verifies clean', async () => {
    const csv = await exportNow()
    await sell(mug, 3)
    const before = await snapshot()
    const rows = rowsOf(csv.replace('MUG-1,Product MUG-1,Kitchen,,9.99', 'MUG-1,Product MUG-1,Kitchen,,8.99'))

    const plan = await previewImport(db, owner, rows, USD)
    expect(plan).toMatchObject({ stock: 'new-only', added: 0, updated: 1, unchanged: 1, stockSet: 0, stockDiffers: 1 })
    expect(plan.rows[0]).toMatchObject({ sku: 'MUG-1', kind: 'update', fields: ['price'], stockInShop: 7, stockInFile: 10 })

    expect(await importProducts(db, owner, rows, USD, { preview: plan })).toEqual({ added: 0, updated: 1, unchanged: 1 })
    const after = await snapshot()
    expect(await db.products.get(mug)).toMatchObject({ price: 899, stock: 7 })
    expect(after.ledger).toEqual(before.ledger)
    expect((await verifyInventory(db, owner)).mismatches).toEqual([])
  })

  it('is used for a new product, written as its initial ledger row', async () => {
    const rows = rowsOf([(await exportNow()).trimEnd(), 'NEW-1,Plate,Kitchen,,3.00,6,2,no'].join('\r\n'))
    await importProducts(db, owner, rows, USD, { preview: await previewImport(db, owner, rows, USD) })
    const plate = await db.products.where('sku').equals('NEW-1').first()
    expect(plate?.stock).toBe(6)
    expect(await db.stockLedger.get(`i:${plate?.id}`)).toMatchObject({ delta: 6, reason: 'initial' })
  })
})

describe('setting the stock of existing products, when chosen', () => {
  it('is previewed product by product (old → new) and written as adjustments in the same import', async () => {
    const csv = await exportNow()
    await sell(mug, 3)
    const rows = rowsOf(csv.replace(',9.99,4,', ',9.99,9,'))
    const plan = await previewImport(db, owner, rows, USD, { stock: 'set' })
    expect(plan).toMatchObject({ stock: 'set', updated: 2, unchanged: 0, stockSet: 2 })
    expect(plan.rows.map((r) => [r.sku, r.stockInShop, r.stockInFile, r.fields])).toEqual([
      ['MUG-1', 7, 10, ['stock']],
      ['TEA-1', 4, 9, ['stock']],
    ])

    await importProducts(db, owner, rows, USD, { preview: plan, clock: fixedClock(5) })
    expect(await db.products.get(mug)).toMatchObject({ stock: 10 })
    expect(await db.products.get(tea)).toMatchObject({ stock: 9 })
    const adjustments = (await db.stockLedger.toArray()).filter((r) => r.reason === 'adjustment')
    expect(adjustments.map((r) => [r.productId, r.delta, r.stockAfter, r.userId, r.note]).sort()).toEqual(
      [
        [mug, 3, 10, owner, 'CSV import, row 2'],
        [tea, 5, 9, owner, 'CSV import, row 3'],
      ].sort(),
    )
    expect((await verifyInventory(db, owner)).mismatches).toEqual([])
  })
})

describe('the preview is what is applied', () => {
  it('previewing writes nothing', async () => {
    const before = await snapshot()
    await previewImport(db, owner, rowsOf((await exportNow()).replace(',9.99,', ',1.00,')), USD, { stock: 'set' })
    expect(await snapshot()).toEqual(before)
  })

  it('refuses the owner-only preview to a customer', async () => {
    expect(await rejection(previewImport(db, alice, [], USD))).toMatchObject({ name: 'AuthorizationError' })
  })

  it('a sale between the preview and the confirmation does not matter while stock is kept', async () => {
    const rows = rowsOf(await exportNow())
    const plan = await previewImport(db, owner, rows, USD)
    await sell(mug, 2)
    expect(await importProducts(db, owner, rows, USD, { preview: plan })).toEqual({ added: 0, updated: 0, unchanged: 2 })
    expect(await db.products.get(mug)).toMatchObject({ stock: 8 })
  })

  it.each([
    [
      'a sale, when the stock is set',
      'set' as const,
      async () => sell(mug, 2),
      'The stock of Product MUG-1 (MUG-1) changed since the preview: it is 8 now, not 10.',
    ],
    [
      'an edit that changes what the import changes',
      'new-only' as const,
      async () => updateProduct(db, owner, tea, { ...typed('TEA-1', ''), name: 'Renamed' }, undefined, USD),
      'Product TEA-1 (TEA-1) was edited since the preview.',
    ],
    [
      'a product added under a SKU the preview took as new',
      'new-only' as const,
      async () => createProduct(db, owner, typed('NEW-1', '1'), USD),
      'A product with SKU NEW-1 was added to the shop since the preview.',
    ],
  ])('refuses after %s, writing nothing', async (_what, stock, change, reason) => {
    const rows = rowsOf([(await exportNow()).replace(',9.99,4,', ',9.99,1,').trimEnd(), 'NEW-1,Plate,Kitchen,,3.00,6,2,no'].join('\r\n'))
    const plan = await previewImport(db, owner, rows, USD, { stock })
    await change()
    const before = await snapshot()
    const err = await rejection(importProducts(db, owner, rows, USD, { preview: plan, chunkSize: 1 }))
    expect(err).toBeInstanceOf(StaleImportError)
    expect(err).toMatchObject({ reason })
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a preview of another file', async () => {
    const rows = rowsOf(await exportNow())
    const plan = await previewImport(db, owner, rows.slice(0, 1), USD)
    expect(await rejection(importProducts(db, owner, rows, USD, { preview: plan }))).toBeInstanceOf(StaleImportError)
  })
})
