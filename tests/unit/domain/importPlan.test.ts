import { describe, expect, it } from 'vitest'
import { planImport, planImportRow, staleRowReason, type ImportRow, type ImportTarget, type PlannedRow } from '../../../src/domain/importPlan'

const details = { sku: 'MUG-1', name: 'Mug', category: 'Kitchen', description: 'Stoneware.', price: 1200, lowStockThreshold: 5 }
const row = (over: Partial<ImportRow['details']> = {}, stock = 10, archived = false, n = 2): ImportRow => ({ row: n, details: { ...details, ...over }, stock, archived })
const mug: ImportTarget = { id: 'p1', ...details, stock: 10, archived: false }

describe('planImportRow', () => {
  it('a new SKU is an addition with the file\'s stock', () => {
    expect(planImportRow(row({ sku: 'NEW-1' }, 7), undefined, 'new-only')).toEqual({ kind: 'add', row: 2, sku: 'NEW-1', name: 'Mug', fields: [], stockInFile: 7 })
  })

  it.each([
    ['the same row', row(), [], 'unchanged'],
    ['another name', row({ name: 'Big Mug' }), ['name'], 'update'],
    ['another price and category', row({ price: 1300, category: 'Home' }), ['category', 'price'], 'update'],
    ['another description', row({ description: '' }), ['description'], 'update'],
    ['another low-stock level', row({ lowStockThreshold: 0 }), ['lowStockThreshold'], 'update'],
    ['archived', row({}, 10, true), ['archived'], 'update'],
  ] as const)('%s: fields %j, %s', (_what, r, fields, kind) => {
    expect(planImportRow(r, mug, 'new-only')).toMatchObject({ kind, fields, productId: 'p1', stockInShop: 10, stockInFile: 10 })
  })

  it.each([
    // The default: the file's stock (last week's figure, say) is not the shop's, and it is kept.
    ['new-only', 3, 'unchanged', []],
    ['new-only', 0, 'unchanged', []],
    ['set', 3, 'update', ['stock']],
    ['set', 0, 'update', ['stock']],
    ['set', 10, 'unchanged', []],
  ] as const)('with the stock choice %s, a file stock of %d for a product holding 10 is %s', (choice, stock, kind, fields) => {
    expect(planImportRow(row({}, stock), mug, choice)).toMatchObject({ kind, fields, stockInShop: 10, stockInFile: stock })
  })

  it('with "set", stock is listed after the other fields', () => {
    expect(planImportRow(row({ price: 1 }, 4), mug, 'set').fields).toEqual(['price', 'stock'])
  })
})

describe('planImport', () => {
  const products = new Map([['MUG-1', mug], ['TEA-1', { ...mug, id: 'p2', sku: 'TEA-1', name: 'Tea', stock: 0 }]])
  const rows = [row({}, 4), row({ sku: 'TEA-1', name: 'Green Tea' }, 0, false, 3), row({ sku: 'NEW-1' }, 6, false, 4)]

  it('counts added, updated and unchanged, and how many stocks differ even when they are kept', () => {
    const plan = planImport(rows, (sku) => products.get(sku), 'new-only')
    expect(plan).toMatchObject({ stock: 'new-only', added: 1, updated: 1, unchanged: 1, stockSet: 0, stockDiffers: 1 })
    expect(plan.rows.map((r) => r.kind)).toEqual(['unchanged', 'update', 'add'])
  })

  it('with "set", the differing stock becomes an update of the stock', () => {
    const plan = planImport(rows, (sku) => products.get(sku), 'set')
    expect(plan).toMatchObject({ added: 1, updated: 2, unchanged: 0, stockSet: 1, stockDiffers: 1 })
    expect(plan.rows[0]).toMatchObject({ sku: 'MUG-1', fields: ['stock'], stockInShop: 10, stockInFile: 4 })
  })

  it('an empty file plans nothing', () => {
    expect(planImport([], () => undefined, 'new-only')).toEqual({ stock: 'new-only', rows: [], added: 0, updated: 0, unchanged: 0, stockSet: 0, stockDiffers: 0 })
  })
})

describe('staleRowReason', () => {
  const seen = (r: ImportRow, p: ImportTarget | undefined, choice: 'new-only' | 'set' = 'new-only'): PlannedRow => planImportRow(r, p, choice)

  it('the same plan is not stale', () => {
    expect(staleRowReason(seen(row({ name: 'Big Mug' }), mug), seen(row({ name: 'Big Mug' }), mug))).toBeUndefined()
  })

  it('a sale since the preview does not matter while the stock is kept', () => {
    expect(staleRowReason(seen(row({ price: 1 }, 10), mug), seen(row({ price: 1 }, 10), { ...mug, stock: 8 }))).toBeUndefined()
    expect(staleRowReason(seen(row({}, 10), mug), seen(row({}, 10), { ...mug, stock: 8 }))).toBeUndefined()
  })

  it('a sale since the preview matters when the stock is set: old → new is not what was shown', () => {
    expect(staleRowReason(seen(row({}, 4), mug, 'set'), seen(row({}, 4), { ...mug, stock: 8 }, 'set'))).toBe(
      'The stock of Mug (MUG-1) changed since the preview: it is 8 now, not 10.',
    )
    // Even when the sale brought the shop to the file's figure, so nothing would be set any more.
    expect(staleRowReason(seen(row({}, 4), mug, 'set'), seen(row({}, 4), { ...mug, stock: 4 }, 'set'))).toMatch(/it is 4 now, not 10/)
  })

  it('a product added under a new SKU since the preview', () => {
    expect(staleRowReason(seen(row(), undefined), seen(row(), mug))).toBe('A product with SKU MUG-1 was added to the shop since the preview.')
  })

  it('an edit since the preview that changes which fields the import changes', () => {
    // The preview said "unchanged"; someone renamed the product meanwhile, so the import would now rename it back.
    expect(staleRowReason(seen(row(), mug), seen(row(), { ...mug, name: 'Renamed' }))).toBe('Mug (MUG-1) was edited since the preview.')
  })

  it('another file than the one previewed', () => {
    expect(staleRowReason(seen(row(), mug), seen(row({ sku: 'TEA-1' }), undefined))).toMatch(/not the one previewed/)
  })
})
