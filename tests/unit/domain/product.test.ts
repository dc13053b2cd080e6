import { describe, expect, it } from 'vitest'
import {
  foldText,
  listingOf,
  LOW_STOCK_THRESHOLD,
  nameMatches,
  productIndexFields,
  searchWordsOf,
  skuOrUndefined,
  stockLevel,
  wordsOf,
  type StockLevel,
} from '../../../src/domain/product'

describe('stockLevel', () => {
  it('uses a low-stock threshold of 5 by default', () => {
    expect(LOW_STOCK_THRESHOLD).toBe(5)
    expect(stockLevel(5)).toBe('low')
    expect(stockLevel(6)).toBe('in-stock')
  })

  it.each<[number, StockLevel]>([
    [-1, 'out-of-stock'],
    [0, 'out-of-stock'],
    [1, 'low'],
    [4, 'low'],
    [LOW_STOCK_THRESHOLD, 'low'],
    [LOW_STOCK_THRESHOLD + 1, 'in-stock'],
    [1_000_000, 'in-stock'],
  ])('stock %d reads as %s', (stock, level) => {
    expect(stockLevel(stock)).toBe(level)
  })

  it.each<[number, number, StockLevel]>([
    [10, 10, 'low'],
    [11, 10, 'in-stock'],
    [1, 0, 'in-stock'],
    [0, 0, 'out-of-stock'],
    [2, 1, 'in-stock'],
    [1, 1, 'low'],
  ])('stock %d with threshold %d reads as %s', (stock, threshold, level) => {
    expect(stockLevel(stock, threshold)).toBe(level)
  })
})

describe('search and sort keys of a name', () => {
  it.each([
    ['Café Crème', 'cafe creme'],
    ['ÉCLAIR', 'eclair'],
    ['ﬁne', 'fine'],
    ['Straße', 'straße'],
  ])('folds %j to %j', (text, folded) => {
    expect(foldText(text)).toBe(folded)
  })

  it('splits a name into its distinct folded words', () => {
    expect(wordsOf('Dark Chocolate 70% — dark!')).toEqual(['dark', 'chocolate', '70'])
    expect(wordsOf('Pour-Over Dripper')).toEqual(['pour', 'over', 'dripper'])
    expect(wordsOf('  ')).toEqual([])
    expect(wordsOf('緑茶 セット')).toEqual(['緑茶', 'セット'])
  })

  it.each<[string[], string, string[]]>([
    [['stoneware', 'mug'], 'Kitchen', ['stoneware', 'mug', 'kitchen']],
    [['sencha', 'tea'], 'Tea', ['sencha', 'tea']],
    [['cafe'], 'Café & Crème', ['cafe', 'creme']],
    [['mug'], '', ['mug']],
    [['茶'], '緑茶 セット', ['茶', '緑茶', 'セット']],
  ])('search words of %j in category %j: %j', (nameWords, category, expected) => {
    expect(searchWordsOf(nameWords, category)).toEqual(expected)
  })

  it('a listing searches by name and category; building it twice changes nothing', () => {
    const fields = { id: 'p', category: 'Coffee Beans', price: 100, createdAt: 1, nameKey: 'dark roast', nameWords: ['dark', 'roast'], listed: 1 as const, stocked: 1 as const }
    const listing = listingOf(fields)
    expect(listing.nameWords).toEqual(['dark', 'roast', 'coffee', 'beans'])
    expect(listingOf(listing)).toEqual(listing)
  })

  it('derives the index fields from the product', () => {
    expect(productIndexFields({ name: '  Café   Crème ', archived: false, stock: 3, lowStockThreshold: 5 })).toEqual({
      nameKey: 'cafe creme',
      nameWords: ['cafe', 'creme'],
      listed: 1,
      stocked: 1,
      stockGap: -2,
    })
    expect(productIndexFields({ name: 'Mug', archived: false, stock: 0, lowStockThreshold: 0 })).toMatchObject({ listed: 1, stocked: 0, stockGap: 0 })
    expect(productIndexFields({ name: 'Mug', archived: true, stock: 9, lowStockThreshold: 5 })).toMatchObject({ listed: 0, stocked: 0, stockGap: 4 })
  })

  it.each<[string[], string[], boolean]>([
    [['sencha', 'green', 'tea'], ['tea'], true],
    [['sencha', 'green', 'tea'], ['te', 'gr'], true],
    [['sencha', 'green', 'tea'], ['en'], false],
    [['sencha', 'green', 'tea'], ['tea', 'black'], false],
    [['sencha'], [], true],
  ])('name words %j match %j: %s', (nameWords, query, expected) => {
    expect(nameMatches(nameWords, query)).toBe(expected)
  })

  it.each([
    ['cof-0001', 'COF-0001'],
    ['  KIT-9 ', 'KIT-9'],
    ['green tea', undefined],
    ['-x', undefined],
    ['', undefined],
  ])('reads %j as the SKU %j', (text, sku) => {
    expect(skuOrUndefined(text)).toBe(sku)
  })
})
