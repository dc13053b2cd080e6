import { describe, expect, it } from 'vitest'
import { generateProducts, syntheticCountFrom } from '../../../src/db/synthetic'
import { checkProductInput } from '../../../src/domain/productInput'

describe('generateProducts', () => {
  it('makes n valid, distinct products, the same each time', () => {
    const products = generateProducts(2_000, { now: 100 })
    expect(products).toHaveLength(2_000)
    expect(new Set(products.map((p) => p.sku)).size).toBe(2_000)
    expect(new Set(products.map((p) => p.name)).size).toBe(2_000)
    expect(generateProducts(2_000, { now: 100 })).toEqual(products)
    for (const p of products) {
      const checked = checkProductInput({ ...p, price: (p.price / 100).toFixed(2), stock: String(p.stock), lowStockThreshold: String(p.lowStockThreshold) }, 2)
      expect(checked.ok, p.name).toBe(true)
    }
  })

  it('varies categories, prices and stock like a real shop, a few sold out or low', () => {
    const products = generateProducts(5_000)
    expect(new Set(products.map((p) => p.category)).size).toBeGreaterThanOrEqual(10)
    const out = products.filter((p) => p.stock === 0).length / products.length
    const low = products.filter((p) => p.stock > 0 && p.stock <= 5).length / products.length
    expect(out).toBeGreaterThan(0.05)
    expect(out).toBeLessThan(0.15)
    expect(low).toBeGreaterThan(0.02)
    expect(new Set(products.map((p) => p.price)).size).toBeGreaterThan(100)
    expect(products.every((p) => p.price % 50 === 49)).toBe(true)
  })

  it('numbers on from `start` and spaces creation times a millisecond apart', () => {
    const [first, second] = generateProducts(2, { start: 41, now: 7 })
    expect(first).toMatchObject({ sku: 'SYN-0000042', createdAt: 7 })
    expect(second).toMatchObject({ sku: 'SYN-0000043', createdAt: 8 })
    expect(first?.name).toMatch(/ 42$/)
  })
})

describe('syntheticCountFrom', () => {
  it.each([
    ['?synthetic=1000', 1000],
    ['?x=1&synthetic=100000', 100_000],
    ['?synthetic=1', 1],
    ['?synthetic=0', undefined],
    ['?synthetic=100001', undefined],
    ['?synthetic=1e3', undefined],
    ['?synthetic=-5', undefined],
    ['?synthetic=', undefined],
    ['', undefined],
  ])('%j asks for %j products', (search, count) => {
    expect(syntheticCountFrom(search)).toBe(count)
  })
})
