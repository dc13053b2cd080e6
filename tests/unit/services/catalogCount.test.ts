/**
 * The catalog's exact count: for every filter and search it equals the number of products
 * the pages list (matchesQuery over every product), whichever way it gets there.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { DEFAULT_QUERY, type BrowseQuery } from '../../../src/domain/browse'
import { matchesQuery } from '../../../src/domain/search'
import { countProducts } from '../../../src/services/catalogCount'
import { aNewProduct, createTestDb } from '../support'

let db: ShopDatabase
beforeAll(async () => {
  db = createTestDb()
  const categories = ['Tea', 'Coffee Beans', 'Kitchen', 'Café & Crème']
  const words = ['green', 'tea', 'roast', 'mug', 'glass', 'kettle', 'crème', 'blend']
  await db.products.bulkAdd(
    Array.from({ length: 60 }, (_, i) =>
      aNewProduct({
        sku: `SKU-${i}`,
        name: `${words[i % words.length]} ${words[(i * 3 + 1) % words.length]} ${i}`,
        category: categories[i % categories.length],
        stock: i % 5,
        archived: i % 11 === 0,
      }),
    ),
  )
})
afterAll(async () => {
  await db.delete()
})

const q = (overrides: Partial<BrowseQuery> = {}): BrowseQuery => ({ ...DEFAULT_QUERY, ...overrides })

async function expected(query: BrowseQuery): Promise<number> {
  return (await db.products.toArray()).filter((p) => matchesQuery(p, query)).length
}

describe('countProducts', () => {
  it.each<[string, Partial<BrowseQuery>]>([
    ['the whole catalog', {}],
    ['in stock only', { inStockOnly: true }],
    ['a category', { category: 'Kitchen' }],
    ['a category, in stock', { category: 'Tea', inStockOnly: true }],
    ['archived', { archived: true }],
    ['a name word', { text: 'mug' }],
    ['a category word', { text: 'beans' }],
    ['a name word and a category word', { text: 'roast coffee' }],
    ['a word start in a category, in stock', { text: 'gr', category: 'Tea', inStockOnly: true }],
    ['an exact SKU', { text: 'sku-7' }],
    ['an archived product\'s SKU', { text: 'SKU-11' }],
    ['nothing', { text: 'zebra' }],
  ])('%s: as many as the pages list', async (_, overrides) => {
    const query = q(overrides)
    const want = await expected(query)
    expect(await countProducts(db, query)).toBe(want)
    // Many candidates: the scope's ids are read instead of the candidates' listings.
    expect(await countProducts(db, query, 0)).toBe(want)
  })

  it('reads no product but an exact SKU match: index counts and keys only', async () => {
    const reads: string[] = []
    db.products.hook('reading', (p) => (reads.push(p.id), p))
    await countProducts(db, q({ inStockOnly: true }))
    await countProducts(db, q({ text: 'kettle green', category: 'Kitchen' }))
    await countProducts(db, q({ text: 'tea' }), 0)
    expect(reads).toEqual([])
    // The check can fail: a SKU match is read.
    await countProducts(db, q({ text: 'SKU-7' }))
    expect(reads).toHaveLength(1)
  })

  it('agrees with the pages for any search text and filters (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[a-z ]{0,8}$/),
        fc.constantFrom('', 'Tea', 'Kitchen', 'Coffee Beans'),
        fc.boolean(),
        fc.constantFrom(0, 1_000),
        async (text, category, inStockOnly, cap) => {
          const query = q({ text, category, inStockOnly })
          expect(await countProducts(db, query, cap)).toBe(await expected(query))
        },
      ),
      { numRuns: 60 },
    )
  })
})
