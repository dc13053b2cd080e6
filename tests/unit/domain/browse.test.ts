import { describe, expect, it } from 'vitest'
import { compareInSort, compareKeys, DEFAULT_QUERY, inScope, matchesQuery, parseSearch, parseSort, sortKeyOf, type SortKey } from '../../../src/domain/browse'
import { aProduct } from '../support'

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
    const keys: SortKey[] = [['b', 2], ['a', 9], ['b', 1], ['B', 5], ['é', 1]]
    expect([...keys].sort(compareKeys)).toEqual([['B', 5], ['a', 9], ['b', 1], ['b', 2], ['é', 1]])
    expect(compareInSort('newest')([5, 1], [7, 1])).toBeGreaterThan(0)
    expect(compareInSort('price-asc')([5, 1], [7, 1])).toBeLessThan(0)
  })

  it("takes each sort's value", () => {
    const p = aProduct({ id: 4, name: 'Café', price: 250, createdAt: 77 })
    expect(sortKeyOf(p, 'name')).toEqual(['cafe', 4])
    expect(sortKeyOf(p, 'price-desc')).toEqual([250, 4])
    expect(sortKeyOf(p, 'newest')).toEqual([77, 4])
  })
})

describe('matchesQuery', () => {
  const tea = aProduct({ id: 1, sku: 'TEA-1', name: 'Sencha Green Tea', category: 'Tea', stock: 0 })
  const archived = aProduct({ id: 2, sku: 'TEA-2', name: 'Old Tea', category: 'Tea', archived: true })

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

  it('matches word prefixes or the exact SKU', () => {
    expect(matchesQuery(tea, { ...DEFAULT_QUERY, text: 'GREEN te' })).toBe(true)
    expect(matchesQuery(tea, { ...DEFAULT_QUERY, text: 'reen' })).toBe(false)
    expect(matchesQuery(tea, { ...DEFAULT_QUERY, text: 'tea-1' })).toBe(true)
    expect(matchesQuery(tea, { ...DEFAULT_QUERY, text: 'tea-9' })).toBe(false)
  })
})
