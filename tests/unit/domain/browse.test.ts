import { describe, expect, it } from 'vitest'
import { compareInSort, compareKeys, DEFAULT_QUERY, parseSort, sortKeyOf, type SortKey } from '../../../src/domain/browse'
import { inScope, matchesQuery, parseSearch } from '../../../src/domain/search'
import { aProduct, pid } from '../support'

describe('parseSearch', () => {
  it.each([
    ['', [], undefined],
    ['  Green  TEA ', ['green', 'tea'], undefined],
    ['cof-0003', ['cof', '0003'], 'COF-0003'],
    ['tea tea', ['tea'], undefined],
    ['★', [], undefined],
  ])('%j is words %j and SKU %j', (text, words, sku) => {
    expect(parseSearch(text)).toEqual({ words, sku })
  })
})

describe('parseSort', () => {
  it.each([
    ['price-asc', 'price-asc'],
    ['newest', 'newest'],
    ['price-desc', 'price-desc'],
    ['cheapest', 'name'],
    [undefined, 'name'],
    [['newest'], 'name'],
  ])('%j is %j', (value, sort) => {
    expect(parseSort(value)).toBe(sort)
  })
})

describe('order', () => {
  it('compares keys as IndexedDB does, ties broken by id', () => {
    const keys: SortKey[] = [['b', pid(2)], ['a', pid(9)], ['b', pid(1)], ['B', pid(5)], ['é', pid(1)]]
    expect([...keys].sort(compareKeys)).toEqual([['B', pid(5)], ['a', pid(9)], ['b', pid(1)], ['b', pid(2)], ['é', pid(1)]])
    expect(compareInSort('newest')([5, pid(1)], [7, pid(1)])).toBeGreaterThan(0)
    expect(compareInSort('price-asc')([5, pid(1)], [7, pid(1)])).toBeLessThan(0)
  })

  it("takes each sort's value", () => {
    const p = aProduct({ id: pid(4), name: 'Café', price: 250, createdAt: 77 })
    expect(sortKeyOf(p, 'name')).toEqual(['cafe', pid(4)])
    expect(sortKeyOf(p, 'price-desc')).toEqual([250, pid(4)])
    expect(sortKeyOf(p, 'newest')).toEqual([77, pid(4)])
  })
})

describe('matchesQuery', () => {
  const tea = aProduct({ id: pid(1), sku: 'TEA-1', name: 'Sencha Green Tea', category: 'Tea', stock: 0 })
  const archived = aProduct({ id: pid(2), sku: 'TEA-2', name: 'Old Tea', category: 'Tea', archived: true })

  it('keeps archived products out of the shop and in the owner\'s archived view only', () => {
    expect(inScope(tea, DEFAULT_QUERY)).toBe(true)
    expect(inScope(archived, DEFAULT_QUERY)).toBe(false)
    expect(inScope(archived, { ...DEFAULT_QUERY, archived: true })).toBe(true)
    expect(inScope(tea, { ...DEFAULT_QUERY, archived: true })).toBe(false)
  })

  it('applies category and in-stock-only', () => {
    expect(matchesQuery(tea, { ...DEFAULT_QUERY, category: 'Tea' })).toBe(true)
    expect(matchesQuery(tea, { ...DEFAULT_QUERY, category: 'Coffee' })).toBe(false)
    expect(matchesQuery(tea, { ...DEFAULT_QUERY, inStockOnly: true })).toBe(false)
  })

  it('matches the category\'s words too, each typed word in the name or the category', () => {
    expect(matchesQuery(tea, { ...DEFAULT_QUERY, text: 'tea' })).toBe(true)
    const mug = aProduct({ id: pid(3), sku: 'MUG-1', name: 'Stoneware Mug', category: 'Kitchen & Dining' })
    expect(matchesQuery(mug, { ...DEFAULT_QUERY, text: 'kitch' })).toBe(true)
    expect(matchesQuery(mug, { ...DEFAULT_QUERY, text: 'dining mug' })).toBe(true)
    expect(matchesQuery(mug, { ...DEFAULT_QUERY, text: 'dining tea' })).toBe(false)
    expect(matchesQuery(mug, { ...DEFAULT_QUERY, text: 'itchen' })).toBe(false)
  })

  it('matches word prefixes or the exact SKU', () => {
    expect(matchesQuery(tea, { ...DEFAULT_QUERY, text: 'GREEN te' })).toBe(true)
    expect(matchesQuery(tea, { ...DEFAULT_QUERY, text: 'reen' })).toBe(false)
    expect(matchesQuery(tea, { ...DEFAULT_QUERY, text: 'tea-1' })).toBe(true)
    expect(matchesQuery(tea, { ...DEFAULT_QUERY, text: 'tea-9' })).toBe(false)
  })
})
