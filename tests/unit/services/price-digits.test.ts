/**
 * Prices follow the decimals of the shop's currency (USD 2, JPY 0, KWD 3) in every service
 * that parses, stores or writes one: the product form's create and update, CSV import and
 * export. The services take the digits from the caller and check them against the shop's
 * currency inside their transaction; the currency may change to other decimals only while
 * there are no products, since prices are never converted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { ValidationError } from '../../../src/domain/errors'
import { currencyMinorDigits } from '../../../src/domain/money'
import type { ProductInput } from '../../../src/domain/productInput'
import { exportProductsCsv, importProducts } from '../../../src/services/csvTransfer'
import { readProductsFile } from '../../../src/services/csvWorkerClient'
import { createProduct, updateProduct } from '../../../src/services/inventory'
import { parseProductsCsv } from '../../../src/services/productCsv'
import { getSettings, saveSettings } from '../../../src/services/settings'
import { aNewProduct, aNewUser, createTestDb, rejection } from '../support'
import type { Id } from '../../../src/domain/id'

const HEADER = 'sku,name,category,description,price,stock,low_stock_threshold,archived'

let db: ShopDatabase
let owner: Id

beforeEach(async () => {
  db = createTestDb()
  owner = await db.users.add(aNewUser('owner', 'owner'))
})
afterEach(async () => {
  await db.delete()
})

/** The owner switches the shop to `currency` on the settings page. */
async function shopIn(currency: string) {
  await saveSettings(db, owner, { shopName: 'Corner Shop', currency, taxRate: '0' })
}

const typed = (overrides: Partial<ProductInput> = {}): Required<ProductInput> => ({
  sku: 'BOWL-1',
  name: 'Tea Bowl',
  category: 'Kitchen',
  description: '',
  price: '12.99',
  lowStockThreshold: '5',
  stock: '3',
  ...overrides,
})

describe('the product form: createProduct and updateProduct', () => {
  it.each([
    ['USD', '12.99', 1299],
    ['JPY', '1500', 1500],
    ['KWD', '1.234', 1234],
    ['KWD', '12', 12_000],
  ])('in %s, "%s" is stored as %d minor units', async (currency, price, minor) => {
    await shopIn(currency)
    const id = await createProduct(db, owner, typed({ price }), currencyMinorDigits(currency))
    expect((await db.products.get(id))?.price).toBe(minor)
  })

  it('in JPY, refuses decimals next to the price field and stores nothing', async () => {
    await shopIn('JPY')
    const err = await rejection(createProduct(db, owner, typed({ price: '15.50' }), 0))
    expect(err).toMatchObject({ field: 'price', message: 'Price must be a whole amount: this currency has no decimals.' })
    expect(await db.products.count()).toBe(0)
  })

  it('updates a yen price as typed: "2000" is 2000', async () => {
    await shopIn('JPY')
    const id = await createProduct(db, owner, typed({ price: '1500' }), 0)
    await updateProduct(db, owner, id, typed({ price: '2000' }), undefined, 0)
    expect((await db.products.get(id))?.price).toBe(2000)
  })

  it('refuses a price read with decimals the shop no longer has (currency changed in another tab), and changes nothing', async () => {
    await shopIn('JPY')
    // The form was opened while the shop was still in USD: "15" would be stored as 1500 yen.
    const err = await rejection(createProduct(db, owner, typed({ price: '15' }), 2))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'price', message: "The shop's currency is now JPY, with 0 decimal places. Check the price and try again." })
    expect(await db.products.count()).toBe(0)
    expect(await db.stockLedger.count()).toBe(0)

    const id = await createProduct(db, owner, typed({ price: '1500' }), 0)
    expect(await rejection(updateProduct(db, owner, id, typed({ price: '15' }), undefined, 2))).toMatchObject({ field: 'price' })
    expect((await db.products.get(id))?.price).toBe(1500)
  })
})

describe('CSV import and export', () => {
  it.each([
    ['JPY', '1500', 1500],
    ['KWD', '1.234', 1234],
  ])('in %s, imports "%s" as %d minor units and exports it back as written', async (currency, price, minor) => {
    await shopIn(currency)
    const digits = currencyMinorDigits(currency)
    const parsed = await readProductsFile(new Blob([`${HEADER}\nBOWL-1,Tea Bowl,Kitchen,,${price},3,5,no`]), digits)
    expect(parsed.problems).toEqual([])
    await importProducts(db, owner, parsed.rows, digits)
    expect((await db.products.where('sku').equals('BOWL-1').first())?.price).toBe(minor)
    expect((await exportProductsCsv(db, owner, digits)).split('\r\n')[1]).toBe(`BOWL-1,Tea Bowl,Kitchen,,${price},3,5,no`)
  })

  it('in JPY, reports a price with decimals on its row', () => {
    expect(parseProductsCsv(`${HEADER}\nBOWL-1,Tea Bowl,Kitchen,,15.50,3,5,no`, 0).problems).toEqual([
      { row: 2, field: 'price', problem: 'Price must be a whole amount: this currency has no decimals.' },
    ])
  })

  it('refuses to import rows read with decimals the shop no longer has, or to export with them, and writes nothing', async () => {
    const { rows } = parseProductsCsv(`${HEADER}\nBOWL-1,Tea Bowl,Kitchen,,15.00,3,5,no`, 2)
    await shopIn('JPY')
    expect(await rejection(importProducts(db, owner, rows, 2))).toMatchObject({ field: 'price' })
    expect(await db.products.count()).toBe(0)
    expect(await rejection(exportProductsCsv(db, owner, 2))).toMatchObject({ field: 'price' })
  })
})

describe('changing the currency: prices are never converted', () => {
  it('is refused while there are products, archived ones too, when the decimals differ', async () => {
    await db.products.add(aNewProduct({ price: 1499, archived: true }))
    const err = await rejection(shopIn('JPY'))
    expect(err).toMatchObject({ field: 'currency', message: 'Prices are kept with 2 decimal places; JPY has 0. Choose a currency with 2 decimal places.' })
    expect((await getSettings(db)).currency).toBe('USD')
    expect((await db.products.toArray())[0]?.price).toBe(1499)
  })

  it('is allowed between currencies with the same decimals while there are products, prices unchanged', async () => {
    await shopIn('KWD')
    await createProduct(db, owner, typed({ price: '1.234' }), 3)
    await shopIn('BHD')
    expect((await getSettings(db)).currency).toBe('BHD')
    expect((await db.products.toArray())[0]?.price).toBe(1234)
    expect(await rejection(shopIn('USD'))).toMatchObject({ field: 'currency', message: expect.stringContaining('Prices are kept with 3 decimal places; USD has 2.') })
  })

  it('is allowed to other decimals once there are no products', async () => {
    await shopIn('JPY')
    expect((await getSettings(db)).currency).toBe('JPY')
  })
})
