import fc from 'fast-check'
import Papa from 'papaparse'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { register } from '../../../src/services/auth'
import { exportProductsCsv, importProducts } from '../../../src/services/csvTransfer'
import { readProductsFile } from '../../../src/services/csvWorkerClient'
import { verifyInventory } from '../../../src/services/inventory'
import { MAX_REPORTED_PROBLEMS, parseProductsCsv, productsToCsv, type CsvProductOut } from '../../../src/services/productCsv'
import { aNewProduct, createTestDb, fixedClock, rejection } from '../support'
import type { Id } from '../../../src/domain/id'

const HEADER = 'sku,name,category,description,price,stock,low_stock_threshold,archived'

describe('parseProductsCsv', () => {
  it('reads quoted cells, commas, quotes and newlines, a BOM, CRLF and optional columns', () => {
    const text = '\ufeffSKU, Name ,Category,Price,Stock,Description\r\n' + 'kit-1,"Mug, ""big""",Kitchen,12.5,3,"Two\nlines"\r\n' + '\r\n' + 'TEA-2,Sencha,Tea,0,0,\r\n'
    const parsed = parseProductsCsv(text, 2)
    expect(parsed.problems).toEqual([])
    expect(parsed.rows).toEqual([
      { row: 2, details: { sku: 'KIT-1', name: 'Mug, "big"', category: 'Kitchen', description: 'Two\nlines', price: 1250, lowStockThreshold: 5 }, stock: 3, archived: false },
      { row: 4, details: { sku: 'TEA-2', name: 'Sencha', category: 'Tea', description: '', price: 0, lowStockThreshold: 5 }, stock: 0, archived: false },
    ])
  })

  it('reports every problem by row and column, and returns no rows when there is any', () => {
    const text = [
      'sku,name,category,price,stock,archived',
      'A-1,Good,Kitchen,1.00,1,no',
      ',,Kitchen,1.00,1,no',
      'A-3,Bad,Kitchen,1.001,x,maybe',
      'a-1,Twice,Kitchen,1,1,yes',
      'A-5,Wide,Kitchen,1,1,no,extra',
    ].join('\n')
    const parsed = parseProductsCsv(text, 2)
    expect(parsed.rows).toEqual([])
    expect(parsed.problems).toEqual([
      { row: 3, field: 'sku', problem: 'Enter a SKU.' },
      { row: 3, field: 'name', problem: 'Enter a name.' },
      { row: 4, field: 'archived', problem: 'Write yes or no.' },
      { row: 4, field: 'price', problem: 'Price can have at most 2 decimals.' },
      { row: 4, field: 'stock', problem: 'Stock must be a number, like 0 or 12.' },
      { row: 5, field: 'sku', problem: 'SKU A-1 is also on row 2; each product may appear once.' },
      { row: 6, field: '', problem: 'This row has 7 cells but the header names 6 columns.' },
    ])
  })

  it.each([
    ['', 'The file is empty. The first row must name the columns: sku, name, category, description, price, stock, low_stock_threshold, archived.'],
    ['sku,name,category,price', 'The column "stock" is missing.'],
    ['sku,name,name,category,price,stock', 'The column "name" appears twice.'],
    [HEADER, 'The file has a header but no products.'],
  ])('refuses the file %j as a whole', (text, problem) => {
    expect(parseProductsCsv(text, 2).problems).toContainEqual(expect.objectContaining({ problem }))
  })

  it('reports unbalanced quotes as the CSV error they are', () => {
    const parsed = parseProductsCsv('sku,name,category,price,stock\nA,"Open,Kitchen,1,1', 2)
    expect(parsed.rows).toEqual([])
    expect(parsed.problems[0]?.problem).toMatch(/not valid CSV/)
  })

  it('lists at most a few hundred problems and counts the rest', () => {
    const text = ['sku,name,category,price,stock', ...Array.from({ length: 800 }, (_, i) => `S-${i},,Kitchen,1,1`)].join('\n')
    const parsed = parseProductsCsv(text, 2)
    expect(parsed.problems).toHaveLength(MAX_REPORTED_PROBLEMS)
    expect(parsed.moreProblems).toBe(800 - MAX_REPORTED_PROBLEMS)
  })

  it('reads the file the same way where there is no worker (tests, old browsers)', async () => {
    const parsed = await readProductsFile(new Blob([`${HEADER}\nA,Mug,Kitchen,,1.00,2,1,no`]), 2)
    expect(parsed.rows).toHaveLength(1)
  })
})

describe('productsToCsv', () => {
  const mug: CsvProductOut = { sku: 'KIT-1', name: 'Mug', category: 'Kitchen', description: '', price: 1299, stock: 3, lowStockThreshold: 5, archived: false }

  it('writes plain decimal prices and yes/no, with CRLF', () => {
    expect(productsToCsv([mug, { ...mug, sku: 'KIT-2', price: 5, archived: true }], 2)).toBe(`${HEADER}\r\nKIT-1,Mug,Kitchen,,12.99,3,5,no\r\nKIT-2,Mug,Kitchen,,0.05,3,5,yes`)
    expect(productsToCsv([{ ...mug, price: 1500 }], 0, { header: false })).toBe('KIT-1,Mug,Kitchen,,1500,3,5,no')
  })

  it('defuses cells that a spreadsheet would run as a formula, and reads them back as typed', () => {
    const csv = productsToCsv([{ ...mug, name: '=HYPERLINK("x")', description: '+1 for tea' }], 2)
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`)
    expect(parseProductsCsv(csv, 2).rows[0]?.details).toMatchObject({ name: '=HYPERLINK("x")', description: '+1 for tea' })
  })

  it.each(['＝HYPERLINK("x")', '＋1', '－1', '＠SUM(A1)'])('defuses the full-width formula starter of %s too', (name) => {
    const csv = productsToCsv([{ ...mug, name }], 2)
    expect(csv).toContain(`'${name.replace(/"/g, '""')}`)
    expect(parseProductsCsv(csv, 2).rows[0]?.details.name).toBe(name)
  })

  it('round-trips any products exactly (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', 'é', ' ', ',', '"', '\n', '=', '-', '＝', '＠', '\'', '🍵', '1'), minLength: 1, maxLength: 12 })
    const product = fc.record({
      name: text.filter((s) => s.trim() !== '' && !/\n/.test(s)),
      category: text.filter((s) => s.trim() !== '' && !/\n/.test(s)),
      description: text,
      price: fc.integer({ min: 0, max: 1_000_000_000 }),
      stock: fc.integer({ min: 0, max: 1_000_000 }),
      lowStockThreshold: fc.integer({ min: 0, max: 1_000_000 }),
      archived: fc.boolean(),
    })
    fc.assert(
      fc.property(fc.array(product, { minLength: 1, maxLength: 8 }), (items) => {
        const products = items.map((p, i) => ({
          ...p,
          sku: `SKU-${i}`,
          // What the shop stores is already clean: trimmed, spaces collapsed, NFC.
          name: p.name.normalize('NFC').trim().replace(/\s+/g, ' '),
          category: p.category.normalize('NFC').trim().replace(/\s+/g, ' '),
          description: p.description.normalize('NFC').trim(),
        }))
        const parsed = parseProductsCsv(productsToCsv(products, 2), 2)
        expect(parsed.problems).toEqual([])
        expect(parsed.rows.map((r) => ({ ...r.details, stock: r.stock, archived: r.archived }))).toEqual(products)
      }),
      { numRuns: 200 },
    )
  })

  it('is what Papa Parse reads back cell for cell', () => {
    const csv = productsToCsv([{ ...mug, name: 'A, "b"\nc' }], 2)
    expect(Papa.parse<string[]>(csv).data[1]?.[1]).toBe('A, "b"\nc')
  })
})

describe('importProducts and exportProductsCsv', () => {
  let db: ShopDatabase
  let owner: Id
  beforeEach(async () => {
    db = createTestDb()
    owner = (await register(db, { username: 'Olivia', password: 'long enough' }, { iterations: 1 })).id
  })
  afterEach(async () => {
    await db.delete()
  })

  const snapshot = async () => ({ products: await db.products.toArray(), ledger: await db.stockLedger.toArray() })

  it('adds new SKUs, updates known ones (keeping photos), sets and logs stock differences when asked to, counts unchanged', async () => {
    const photo = new Blob(['x'], { type: 'image/webp' })
    const mugId = await db.products.add(aNewProduct({ sku: 'KIT-1', name: 'Mug', stock: 4, image: photo }))
    await db.stockLedger.add({ productId: mugId, delta: 4, reason: 'initial', stockAfter: 4, note: '', at: 0 })
    await db.products.add(aNewProduct({ sku: 'KIT-2', name: 'Bowl', stock: 1, price: 500, description: '' }))
    const { rows } = parseProductsCsv(
      [HEADER, 'KIT-1,Big Mug,Kitchen,,15.00,9,5,no', 'KIT-2,Bowl,Kitchen,,5.00,1,5,no', 'NEW-1,Plate,Kitchen,,3.00,6,2,yes'].join('\n'),
      2,
    )
    const progress: number[] = []
    const summary = await importProducts(db, owner, rows, 2, { clock: fixedClock(77), chunkSize: 2, onProgress: (n) => progress.push(n), stock: 'set' })
    expect(summary).toEqual({ added: 1, updated: 1, unchanged: 1 })
    expect(progress).toEqual([2, 3])
    const mug = await db.products.get(mugId)
    expect(mug).toMatchObject({ name: 'Big Mug', price: 1500, stock: 9, updatedAt: 77 })
    expect(mug?.image).toBeInstanceOf(Blob)
    const plate = await db.products.where('sku').equals('NEW-1').first()
    expect(plate).toMatchObject({ name: 'Plate', stock: 6, lowStockThreshold: 2, archived: true, listed: 0, createdAt: 77 })
    const ledger = await db.stockLedger.toArray()
    expect(ledger).toContainEqual(expect.objectContaining({ productId: mugId, delta: 5, reason: 'adjustment', stockAfter: 9, note: 'CSV import, row 2', userId: owner }))
    expect(ledger).toContainEqual(expect.objectContaining({ productId: plate?.id, delta: 6, reason: 'initial', note: 'CSV import' }))
  })

  it('is all or nothing: a failure half-way leaves the catalog exactly as it was', async () => {
    await db.products.add(aNewProduct({ sku: 'KIT-1', stock: 4 }))
    const before = await snapshot()
    const { rows } = parseProductsCsv([HEADER, ...Array.from({ length: 30 }, (_, i) => `N-${i},Item ${i},Kitchen,,1.00,${i},5,no`), 'KIT-1,Mug,Kitchen,,2.00,1,5,no'].join('\n'), 2)
    let written = 0
    db.products.hook('creating', () => {
      written += 1
      if (written === 25) throw new Error('Storage is full')
    })
    await rejection(importProducts(db, owner, rows, 2, { chunkSize: 10 }))
    expect(written).toBe(25) // it really got past the first chunks before failing
    expect(await snapshot()).toEqual(before)
  })

  it('exports every product, archived too, across chunks; importing the export changes nothing', async () => {
    await db.products.bulkAdd(Array.from({ length: 7 }, (_, i) => aNewProduct({ sku: `S-${i}`, name: `Item ${i}`, price: 100 * i + 9, archived: i === 3 })))
    const csv = await exportProductsCsv(db, owner, 2, { chunkSize: 3 })
    const lines = csv.trimEnd().split('\r\n')
    expect(lines).toHaveLength(8)
    expect(lines[0]).toBe(HEADER)
    expect(lines[4]).toBe('S-3,Item 3,Kitchen,Hand-glazed 350 ml stoneware mug.,3.09,10,5,yes')
    const parsed = parseProductsCsv(csv, 2)
    expect(parsed.problems).toEqual([])
    expect(await importProducts(db, owner, parsed.rows, 2)).toEqual({ added: 0, updated: 0, unchanged: 7 })
  })

  it('exports just the header from an empty shop', async () => {
    expect(await exportProductsCsv(db, owner, 2)).toBe(`${HEADER}\r\n`)
  })

  it('keeps the ledger invariant for imported products', async () => {
    const { rows } = parseProductsCsv([HEADER, 'A,One,Kitchen,,1,3,5,no', 'B,Two,Kitchen,,1,0,5,no'].join('\n'), 2)
    await importProducts(db, owner, rows, 2)
    await importProducts(db, owner, parseProductsCsv([HEADER, 'A,One,Kitchen,,1,8,5,no'].join('\n'), 2).rows, 2, { stock: 'set' })
    expect((await verifyInventory(db, owner)).mismatches).toEqual([])
  })
})
