/**
 * The catalog's query plan on its own: which reads it asks for, in what order, through
 * which index, and what page it makes of the answers. No database: each read is answered
 * by the test (services/catalog.test.ts runs the same plan through Dexie).
 */
import { describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { DEFAULT_QUERY, PRODUCT_SORT_LABELS, sortKeyOf, type BrowseQuery, type ProductSort } from '../../../src/domain/browse'
import type { StoredProduct } from '../../../src/domain/product'
import { listingRange, pagePlan, wordRange, SEARCH_TUNING, type CatalogRead, type PageRange, type Plan, type SearchTuning } from '../../../src/services/catalogPlan'
import { aProduct, pid } from '../support'

const q = (overrides: Partial<BrowseQuery> = {}): BrowseQuery => ({ ...DEFAULT_QUERY, ...overrides })
const FIRST: PageRange = { after: null, until: null }

/** Runs a plan to its end, answering each read with `answer`; returns the reads and the result. */
function drive<T>(plan: Plan<T>, answer: (read: CatalogRead) => unknown): { reads: CatalogRead[]; result: T } {
  const reads: CatalogRead[] = []
  let step = plan.next()
  while (!step.done) {
    reads.push(step.value)
    step = plan.next(answer(step.value))
  }
  return { reads, result: step.value }
}

const products = (count: number, from = 1): StoredProduct[] =>
  Array.from({ length: count }, (_, i) => aProduct({ id: pid(from + i), name: `Mug ${String(from + i).padStart(3, '0')}`, sku: `MUG-${from + i}` }))

describe('listingRange: the one index range a listing reads', () => {
  it.each<[string, Partial<BrowseQuery>, string, unknown[]]>([
    ['on sale, by name', {}, '[listed+nameKey+id]', [1]],
    ['in stock only', { inStockOnly: true }, '[stocked+nameKey+id]', [1]],
    ['archived (in stock only does not apply)', { archived: true, inStockOnly: true }, '[listed+nameKey+id]', [0]],
    ['one category, by price', { category: 'Tea', sort: 'price-asc' }, '[category+listed+price+id]', ['Tea', 1]],
    ['one category in stock, newest', { category: 'Tea', inStockOnly: true, sort: 'newest' }, '[category+stocked+createdAt+id]', ['Tea', 1]],
  ])('%s', (_, query, index, prefix) => {
    const range = listingRange(q(query), null, null)
    expect(range.index).toBe(index)
    expect(range.lower).toEqual([...prefix, -Infinity])
    expect(range.upper).toEqual([...prefix, [[]]])
  })

  it('starts right after the last row shown and ends at the page’s bound, inclusive, low to high', () => {
    expect(listingRange(q(), ['mug', pid(3)], ['tea', pid(9)])).toEqual({
      index: '[listed+nameKey+id]',
      lower: [1, 'mug', pid(3)],
      lowerOpen: true,
      upper: [1, 'tea', pid(9)],
      upperOpen: false,
      reverse: false,
    })
  })

  it('reads high-to-low sorts backwards, so "after" is the upper bound', () => {
    expect(listingRange(q({ sort: 'price-desc' }), [900, pid(3)], [100, pid(9)])).toEqual({
      index: '[listed+price+id]',
      lower: [1, 100, pid(9)],
      lowerOpen: false,
      upper: [1, 900, pid(3)],
      upperOpen: true,
      reverse: true,
    })
    expect(listingRange(q({ sort: 'newest' }), null, null)).toMatchObject({ lower: [1, -Infinity], upper: [1, [[]]], upperOpen: false, reverse: true })
  })
})

describe('pagePlan without search text', () => {
  it('asks for one range, one row more than a page, to know whether another page follows', () => {
    const rows = products(4)
    const { reads, result } = drive(pagePlan(q(), FIRST, 3), () => rows)
    expect(reads).toEqual([{ kind: 'values', range: listingRange(q(), null, null), limit: 4 }])
    expect(result.items.map((p) => p.id)).toEqual([pid(1), pid(2), pid(3)])
    expect(result).toMatchObject({ through: sortKeyOf(rows[2] as StoredProduct, 'name'), done: false })
  })

  it('is the last page when the range answers a page or less', () => {
    const { result } = drive(pagePlan(q(), FIRST, 3), () => products(3))
    expect(result.done).toBe(true)
  })

  it('says where it stands when the range is empty: after the previous page', () => {
    const { result } = drive(pagePlan(q(), { after: ['mug', pid(7)], until: null }, 3), () => [])
    expect(result).toEqual({ items: [], through: ['mug', pid(7)], done: true })
  })

  it('reads a bounded page whole, however long, and ends it at its bound', () => {
    const range: PageRange = { after: ['a', pid(1)], until: ['z', pid(9)] }
    const { reads, result } = drive(pagePlan(q(), range, 3), () => products(5))
    expect(reads).toEqual([{ kind: 'values', range: listingRange(q(), ['a', pid(1)], ['z', pid(9)]), limit: Infinity }])
    expect(result).toMatchObject({ through: ['z', pid(9)], done: false })
    expect(result.items).toHaveLength(5)
  })
})

describe('pagePlan with search text', () => {
  const tuning: SearchTuning = { ...SEARCH_TUNING, wordKeyCap: 10, fetchCap: 5 }

  it('collects each word’s ids, longest word first, then reads only the ids every word found', () => {
    const [a, b, c] = [aProduct({ id: pid(1), name: 'Green Tea Mug' }), aProduct({ id: pid(2), name: 'Green Mug' }), aProduct({ id: pid(3), name: 'Green Tea' })]
    const byId = new Map([a, b, c].map((p) => [p.id, p]))
    const { reads, result } = drive(pagePlan(q({ text: 'mug green' }), FIRST, 10, tuning), (read) => {
      if (read.kind === 'keys') return read.range.lower === 'green' ? [pid(1), pid(2), pid(3)] : [pid(1), pid(2)]
      if (read.kind === 'get') return read.ids.map((id) => byId.get(id))
      return undefined
    })
    expect(reads.slice(0, 3)).toEqual([
      { kind: 'keys', range: expect.objectContaining({ index: 'nameWords', lower: 'green', upper: 'green\uffff' }), limit: 11 },
      { kind: 'keys', range: expect.objectContaining({ index: 'nameWords', lower: 'mug', upper: 'mug\uffff' }), limit: 11 },
      { kind: 'get', ids: [pid(1), pid(2)] },
    ])
    expect(result.items.map((p) => p.name)).toEqual(['Green Mug', 'Green Tea Mug'])
    expect(result.done).toBe(true)
  })

  it('stops collecting once the words have no id in common', () => {
    const { reads, result } = drive(pagePlan(q({ text: 'zebra mug' }), FIRST, 10, tuning), (read) =>
      read.kind === 'keys' ? (read.range.lower === 'zebra' ? [] : [1]) : read.kind === 'get' ? [] : undefined,
    )
    expect(reads.filter((r) => r.kind === 'keys')).toHaveLength(1)
    expect(result).toEqual({ items: [], through: null, done: true })
  })

  it('walks the listing’s rows when every word is too broad to collect', () => {
    const { reads } = drive(pagePlan(q({ text: 'mug' }), FIRST, 2, tuning), (read) =>
      read.kind === 'keys' ? Array.from({ length: 11 }, (_, i) => i + 1) : read.kind === 'values' ? products(3) : undefined,
    )
    expect(reads.map((r) => r.kind)).toEqual(['keys', 'values', 'bySku'])
    expect(reads[1]).toEqual({ kind: 'values', range: listingRange(q({ text: 'mug' }), null, null), limit: 8 })
  })

  it('looks the text up as a SKU too, and adds that product where it falls in the order', () => {
    const sku = aProduct({ id: pid(9), name: 'Zebra Cup', sku: 'MUG-1' })
    const { reads, result } = drive(pagePlan(q({ text: 'mug-1' }), FIRST, 10, tuning), (read) =>
      read.kind === 'bySku' ? sku : read.kind === 'keys' ? [] : read.kind === 'get' ? [] : undefined,
    )
    expect(reads.at(-1)).toEqual({ kind: 'bySku', sku: 'MUG-1' })
    expect(result.items.map((p) => p.id)).toEqual([pid(9)])
  })

  it('leaves out a SKU match that is not in the query’s scope', () => {
    const archived = aProduct({ id: pid(9), name: 'Zebra Cup', sku: 'MUG-1', archived: true })
    const { result } = drive(pagePlan(q({ text: 'mug-1' }), FIRST, 10, tuning), (read) =>
      read.kind === 'bySku' ? archived : read.kind === 'keys' ? [] : read.kind === 'get' ? [] : undefined,
    )
    expect(result.items).toEqual([])
  })
})

describe('the indexes the plan reads', () => {
  it('are every index of the listings table, and all exist there', () => {
    const db = new ShopDatabase('plan-indexes-' + crypto.randomUUID())
    const schema = db.table('listings').schema.indexes.map((index) => index.name)
    const asked = new Set<string>([wordRange('tea').index])
    for (const archived of [false, true])
      for (const inStockOnly of [false, true])
        for (const category of ['', 'Tea'])
          for (const sort of Object.keys(PRODUCT_SORT_LABELS) as ProductSort[]) asked.add(listingRange(q({ archived, inStockOnly, category, sort }), null, null).index)
    expect([...asked].sort()).toEqual([...schema].sort())
  })
})
