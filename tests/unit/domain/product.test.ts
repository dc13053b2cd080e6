import { describe, expect, it } from 'vitest'
import { LOW_STOCK_THRESHOLD, stockLevel, type StockLevel } from '../../../src/domain/product'

describe('stockLevel', () => {
  it('uses a low-stock threshold of 5 by default', () => {
    expect(LOW_STOCK_THRESHOLD).toBe(5)
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
