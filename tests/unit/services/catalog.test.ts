import type { Id } from '../../../src/domain/id'
import fc from 'fast-check'
import { liveQuery } from 'dexie'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { compareInSort, DEFAULT_QUERY, sortKeyOf, type BrowseQuery, type ProductSort } from '../../../src/domain/browse'
import { matchesQuery } from '../../../src/domain/search'
import { NotFoundError } from '../../../src/domain/errors'
import type { NewProduct, StoredProduct } from '../../../src/domain/product'
import {
  browseProducts,
  findProduct,
  getProduct,
  listCategories,
  SEARCH_TUNING,
  type PageRange,
  type SearchTuning,
} from '../../../src/services/catalog'
import { aNewProduct, createTestDb, rejection } from '../support'

let db: ShopDatabase
beforeEach(() => {
  db = createTestDb()
})
afterEach(async () => {
  await db.delete()
})

const q = (overrides: Partial<BrowseQuery> = {}): BrowseQuery => ({ ...DEFAULT_QUERY, ...overrides })

/** Reads every page of a query, `limit` rows at a time, as the list does while scrolling. */
async function readAll(query: BrowseQuery, limit = 2, tuning: SearchTuning = SEARCH_TUNING): Promise<StoredProduct[]> {
  const all: StoredProduct[] = []
  let range: PageRange = { after: null, until: null }
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await browseProducts(db, query, range, limit, tuning)
    all.push(...page.items)
    if (page.done) return all
    expect(page.through).not.toBeNull()
    range = { after: page.through, until: null }
  }
  throw new Error('paging never ended')
}

const names = (products: readonly { name: string }[]) => products.map((p) => p.name)

async function addAll(products: NewProduct[]): Promise<Id[]> {
  return db.products.bulkAdd(products, { allKeys: true })
}

const SAMPLE: Partial<NewProduct>[] = [
  { sku: 'TEA-1', name: 'Sencha Green Tea', category: 'Tea', price: 1099, stock: 18, createdAt: 5 },
  { sku: 'TEA-2', name: 'Earl Grey Loose Leaf', category: 'Tea', price: 849, stock: 0, createdAt: 3 },
  { sku: 'KIT-1', name: 'Stoneware Mug', category: 'Kitchen', price: 1499, stock: 20, createdAt: 7 },
  { sku: 'KIT-2', name: 'Glass Teapot', category: 'Kitchen', price: 3299, stock: 4, createdAt: 1 },
  { sku: 'COF-1', name: 'Café Crème Blend', category: 'Coffee', price: 1299, stock: 40, createdAt: 2 },
  { sku: 'COF-2', name: 'Decaf Colombian', category: 'Coffee', price: 1149, stock: 3, createdAt: 6 },
  { sku: 'COF-3', name: 'Old Roast', category: 'Coffee', price: 999, stock: 9, archived: true, createdAt: 4 },
]

async function addSample(): Promise<void> {
  await addAll(SAMPLE.map((p) => aNewProduct(p)))
}

describe('browseProducts without search', () => {
  it.each<[ProductSort, string[]]>([
    ['name', ['Café Crème Blend', 'Decaf Colombian', 'Earl Grey Loose Leaf', 'Glass Teapot', 'Sencha Green Tea', 'Stoneware Mug']],
    ['price-asc', ['Earl Grey Loose Leaf', 'Sencha Green Tea', 'Decaf Colombian', 'Café Crème Blend', 'Stoneware Mug', 'Glass Teapot']],
    ['price-desc', ['Glass Teapot', 'Stoneware Mug', 'Café Crème Blend', 'Decaf Colombian', 'Sencha Green Tea', 'Earl Grey Loose Leaf']],
    ['newest', ['Stoneware Mug', 'Decaf Colombian', 'Sencha Green Tea', 'Earl Grey Loose Leaf', 'Café Crème Blend', 'Glass Teapot']],
  ])('sorts by %s, two rows a page, leaving archived products out', async (sort, expected) => {
    await addSample()
    expect(names(await readAll(q({ sort })))).toEqual(expected)
  })

  it('filters by category and by "in stock only", together too', async () => {
    await addSample()
    expect(names(await readAll(q({ category: 'Coffee' })))).toEqual(['Café Crème Blend', 'Decaf Colombian'])
    expect(names(await readAll(q({ inStockOnly: true, sort: 'price-asc' })))).toEqual([
      'Sencha Green Tea',
      'Decaf Colombian',
      'Café Crème Blend',
      'Stoneware Mug',
      'Glass Teapot',
    ])
    expect(names(await readAll(q({ category: 'Tea', inStockOnly: true })))).toEqual(['Sencha Green Tea'])
    expect(await readAll(q({ category: 'Nothing here' }))).toEqual([])
  })

  it('lists archived products only in the owner\'s archived view', async () => {
    await addSample()
    expect(names(await readAll(q({ archived: true })))).toEqual(['Old Roast'])
    expect(names(await readAll(q({ archived: true, category: 'Coffee' })))).toEqual(['Old Roast'])
    expect(await readAll(q({ archived: true, category: 'Tea' }))).toEqual([])
  })

  it('breaks ties on the sort value by id, so paging never skips or repeats', async () => {
    await addAll(Array.from({ length: 9 }, (_, i) => aNewProduct({ sku: `S-${i}`, name: 'Same Name', price: 500 })))
    for (const sort of ['name', 'price-asc', 'price-desc', 'newest'] as const) {
      const ids = (await readAll(q({ sort }))).map((p) => p.id)
      expect(new Set(ids).size).toBe(9)
      const byId = (a: Id, b: Id) => (a < b ? -1 : a > b ? 1 : 0)
      expect(ids).toEqual([...ids].sort((a, b) => (sort === 'price-desc' || sort === 'newest' ? byId(b, a) : byId(a, b))))
    }
  })

  it('says a page is the last one only when nothing follows', async () => {
    await addSample()
    const first = await browseProducts(db, q(), { after: null, until: null }, 6)
    expect(first.items).toHaveLength(6)
    expect(first.done).toBe(true)
    const short = await browseProducts(db, q(), { after: null, until: null }, 5)
    expect(short.done).toBe(false)
    expect(short.through).toEqual(['sencha green tea', short.items[4]?.id])
  })

  it('keeps a bounded page whole when rows are added inside its range, so nothing is skipped', async () => {
    await addSample()
    const first = await browseProducts(db, q(), { after: null, until: null }, 3)
    const bounded: PageRange = { after: null, until: first.through }
    await db.products.add(aNewProduct({ sku: 'NEW', name: 'Black Tea' }))
    const again = await browseProducts(db, q(), bounded, 3)
    expect(names(again.items)).toEqual(['Black Tea', 'Café Crème Blend', 'Decaf Colombian', 'Earl Grey Loose Leaf'])
    const next = await browseProducts(db, q(), { after: first.through, until: null }, 3)
    expect(names(next.items)).toEqual(['Glass Teapot', 'Sencha Green Tea', 'Stoneware Mug'])
  })

  it('sees a product leave "in stock only" when its stock reaches 0, through the index fields', async () => {
    await addSample()
    const mug = await db.products.where('sku').equals('KIT-1').first()
    await db.products.update(mug?.id ?? '', { stock: 0 })
    expect(names(await readAll(q({ inStockOnly: true, category: 'Kitchen' })))).toEqual(['Glass Teapot'])
    expect(names(await readAll(q({ category: 'Kitchen' })))).toEqual(['Glass Teapot', 'Stoneware Mug'])
  })
})

describe('browseProducts with search text', () => {
  it.each<[string, string[]]>([
    // Earl Grey Loose Leaf is in the category Tea.
    ['tea', ['Earl Grey Loose Leaf', 'Glass Teapot', 'Sencha Green Tea']],
    ['TEA', ['Earl Grey Loose Leaf', 'Glass Teapot', 'Sencha Green Tea']],
    ['  te  ', ['Earl Grey Loose Leaf', 'Glass Teapot', 'Sencha Green Tea']],
    ['green tea', ['Sencha Green Tea']],
    ['tea gr', ['Earl Grey Loose Leaf', 'Sencha Green Tea']],
    ['kitchen', ['Glass Teapot', 'Stoneware Mug']],
    ['kitchen tea', ['Glass Teapot']],
    ['coffee blend', ['Café Crème Blend']],
    ['cafe', ['Café Crème Blend']],
    ['crème', ['Café Crème Blend']],
    ['ea', ['Earl Grey Loose Leaf']],
    ['ar', []],
    ['mugs', []],
    ['kit-1', ['Stoneware Mug']],
    ['KIT-2', ['Glass Teapot']],
    // Not as the start of a SKU: as the start of the category Kitchen.
    ['KIT', ['Glass Teapot', 'Stoneware Mug']],
    ['ki-2', []],
    ['roast', []],
  ])('"%s" finds %j (word prefixes of the name or the category, or the exact SKU)', async (text, expected) => {
    await addSample()
    expect(names(await readAll(q({ text })))).toEqual(expected)
  })

  it('searches inside the filters and the chosen order', async () => {
    await addSample()
    expect(names(await readAll(q({ text: 'e', sort: 'price-desc' })))).toEqual(['Earl Grey Loose Leaf'])
    expect(names(await readAll(q({ text: 'c', sort: 'price-desc' })))).toEqual(['Café Crème Blend', 'Decaf Colombian'])
    expect(names(await readAll(q({ text: 'c', inStockOnly: true, category: 'Coffee', sort: 'newest' })))).toEqual([
      'Decaf Colombian',
      'Café Crème Blend',
    ])
    expect(names(await readAll(q({ text: 'roast', archived: true })))).toEqual(['Old Roast'])
    expect(names(await readAll(q({ text: 'earl', inStockOnly: true })))).toEqual([])
  })

  it.each<[string, Partial<SearchTuning>]>([
    ['in memory', {}],
    ['walking the sort index keys', { fetchCap: 3, scanBatch: 4, scanMaxKeys: 8 }],
    ['walking rows for a word too broad to collect', { wordKeyCap: 3, scanMaxValues: 8 }],
  ])('gives the same pages %s', async (_label, tuning) => {
    const products = Array.from({ length: 40 }, (_, i) =>
      aNewProduct({ sku: `P-${i}`, name: `${['Red', 'Blue', 'Green'][i % 3]} ${['Mug', 'Cup', 'Bowl', 'Plate'][i % 4]} ${i}`, price: (i * 37) % 101, stock: i % 5 }),
    )
    await addAll(products)
    const t = { ...SEARCH_TUNING, ...tuning }
    for (const query of [q({ text: 'red' }), q({ text: 'cu b', sort: 'price-desc' }), q({ text: 'g', inStockOnly: true, sort: 'newest' }), q({ text: 'p-7' })]) {
      const all = await db.products.toArray()
      const order = compareInSort(query.sort)
      const expected = all.filter((p) => matchesQuery(p, query)).sort((a, b) => order(sortKeyOf(a, query.sort), sortKeyOf(b, query.sort)))
      expect(names(await readAll(query, 3, t)), query.text).toEqual(names(expected))
    }
  })

  it('pages through any catalog exactly like filtering and sorting every product would (property)', async () => {
    const word = fc.constantFrom('oak', 'oat', 'ash', 'red', 'rust', 'mug', 'café', 'cafe', 'x')
    const product = fc.record({
      name: fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
      category: fc.constantFrom('A', 'B'),
      price: fc.integer({ min: 0, max: 20 }),
      stock: fc.integer({ min: 0, max: 3 }),
      archived: fc.boolean(),
      createdAt: fc.integer({ min: 0, max: 10 }),
    })
    const query = fc.record({
      text: fc.constantFrom('', 'o', 'oa', 'oak', 'r', 'ca', 'oak r', 'x', 'cafe', 'SKU-3', 'sku-1'),
      category: fc.constantFrom('', 'A', 'B'),
      inStockOnly: fc.boolean(),
      sort: fc.constantFrom<ProductSort>('name', 'price-asc', 'price-desc', 'newest'),
      archived: fc.boolean(),
    })
    const tuning = fc.record({
      wordKeyCap: fc.integer({ min: 1, max: 30 }),
      fetchCap: fc.integer({ min: 0, max: 10 }),
      scanBatch: fc.integer({ min: 1, max: 6 }),
      scanMaxKeys: fc.integer({ min: 1, max: 10 }),
      scanMaxValues: fc.integer({ min: 1, max: 10 }),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(product, { maxLength: 25 }), query, tuning, fc.integer({ min: 1, max: 4 }), async (rows, query, tuning, limit) => {
        await db.products.clear()
        await addAll(rows.map((r, i) => aNewProduct({ ...r, sku: `SKU-${i}` })))
        const all = await db.products.toArray()
        const order = compareInSort(query.sort)
        const expected = all.filter((p) => matchesQuery(p, query)).sort((a, b) => order(sortKeyOf(a, query.sort), sortKeyOf(b, query.sort)))
        expect((await readAll(query, limit, tuning)).map((p) => p.id)).toEqual(expected.map((p) => p.id))
      }),
      { numRuns: 60 },
    )
  })
})

describe('reading products', () => {
  it('lists the categories A to Z without duplicates', async () => {
    await addSample()
    expect(await listCategories(db)).toEqual(['Coffee', 'Kitchen', 'Tea'])
  })

  it('finds a product by id, or answers undefined / NotFoundError when there is none', async () => {
    const id = await db.products.add(aNewProduct({ name: 'Glass Teapot' }))
    expect((await findProduct(db, id))?.name).toBe('Glass Teapot')
    expect((await getProduct(db, id)).name).toBe('Glass Teapot')
    expect(await findProduct(db, id + 1)).toBeUndefined()
    const err = await rejection(getProduct(db, id + 1))
    expect(err).toBeInstanceOf(NotFoundError)
    expect(err).toMatchObject({ message: 'That product does not exist.' })
  })

  it('re-runs a live page when a product in it changes, and only then', async () => {
    await addSample()
    const seen: string[][] = []
    const subscription = liveQuery(() => browseProducts(db, q({ category: 'Tea' }), { after: null, until: null })).subscribe((page) =>
      seen.push(names(page.items)),
    )
    try {
      await expect.poll(() => seen.length).toBe(1)
      const earl = await db.products.where('sku').equals('TEA-2').first()
      await db.products.update(earl?.id ?? '', { name: 'Earl Grey Supreme' })
      await expect.poll(() => seen.at(-1)).toEqual(['Earl Grey Supreme', 'Sencha Green Tea'])
      await db.products.update(earl?.id ?? '', { archived: true })
      await expect.poll(() => seen.at(-1)).toEqual(['Sencha Green Tea'])
    } finally {
      subscription.unsubscribe()
    }
  })
})
