import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OutOfStockError } from '../../../src/domain/errors'
import { ORDER_STATUS_LABELS, planOrder } from '../../../src/domain/order'
import { aLine, aProduct, pid, thrown } from '../support'

const mug = { id: pid(7), sku: 'KIT-0021', name: 'Stoneware Mug', price: 1499, stock: 20 }
const teapot = { id: pid(3), sku: 'KIT-0019', name: 'Glass Teapot', price: 3299, stock: 2 }

describe('planOrder', () => {
  it('refuses an empty cart', () => {
    expect(() => planOrder([])).toThrow(RangeError)
    expect(() => planOrder([])).toThrow('Cannot order an empty cart.')
  })

  it('copies each product as sold, at the price paid, and totals the order', () => {
    const plan = planOrder([aLine(mug, 3), aLine(teapot, 2)])
    expect(plan).toEqual({
      lines: [
        { productId: pid(7), sku: 'KIT-0021', name: 'Stoneware Mug', unitPrice: 1499, quantity: 3, lineTotal: 4497 },
        { productId: pid(3), sku: 'KIT-0019', name: 'Glass Teapot', unitPrice: 3299, quantity: 2, lineTotal: 6598 },
      ],
      subtotal: 4497 + 6598,
      tax: 0,
      total: 4497 + 6598,
    })
  })

  it('keeps the price paid when the product changes afterwards', () => {
    const line = aLine(mug, 1)
    const plan = planOrder([line])
    line.product.price = 9999
    line.product.name = 'Renamed Mug'
    expect(plan.lines[0]).toMatchObject({ unitPrice: 1499, name: 'Stoneware Mug', lineTotal: 1499 })
    expect(plan.total).toBe(1499)
  })

  it('accepts a line asking for exactly the stock', () => {
    expect(planOrder([aLine(teapot, 2)]).total).toBe(6598)
  })

  it.each([
    ['short by one', 2, 3, 'Only 2 of Glass Teapot are available; you asked for 3.'],
    ['one left', 1, 4, 'Only 1 of Glass Teapot is available; you asked for 4.'],
    ['sold out', 0, 1, 'Glass Teapot is out of stock.'],
    ['negative stock', -1, 1, 'Glass Teapot is out of stock.'],
  ])('throws OutOfStockError naming the product when a line is %s', (_label, stock, requested, message) => {
    const err = thrown(() => planOrder([aLine(mug, 1), aLine({ ...teapot, stock }, requested)]))
    expect(err).toBeInstanceOf(OutOfStockError)
    expect(err).toMatchObject({ productName: 'Glass Teapot', available: Math.max(0, stock), requested, message })
  })

  it('names the first short line when several are short', () => {
    const err = thrown(() => planOrder([aLine(mug, 1), aLine({ ...teapot, stock: 0 }, 1), aLine({ ...mug, id: pid(8), name: 'Other', stock: 0 }, 1)]))
    expect(err).toMatchObject({ productName: 'Glass Teapot' })
  })

  it('refuses a total that would overflow', () => {
    const huge = aProduct({ price: Number.MAX_SAFE_INTEGER, stock: 10 })
    expect(() => planOrder([{ product: huge, quantity: 2 }])).toThrow(RangeError)
  })

  it('totals the lines and keeps their order and quantities, for any cart that is in stock', () => {
    const cart = fc.array(
      fc.record({ price: fc.integer({ min: 0, max: 100_000 }), quantity: fc.integer({ min: 1, max: 100 }), spare: fc.nat(50) }),
      { minLength: 1, maxLength: 10 },
    )
    fc.assert(
      fc.property(cart, (raw) => {
        const lines = raw.map(({ price, quantity, spare }, i) => aLine({ id: pid(i + 1), sku: `SKU-${i}`, price, stock: quantity + spare }, quantity))
        const plan = planOrder(lines)
        expect(plan.lines.map((l) => [l.productId, l.quantity, l.unitPrice])).toEqual(raw.map((r, i) => [pid(i + 1), r.quantity, r.price]))
        for (const l of plan.lines) expect(l.lineTotal).toBe(l.unitPrice * l.quantity)
        expect(plan.total).toBe(raw.reduce((sum, r) => sum + r.price * r.quantity, 0))
      }),
    )
  })
})

describe('ORDER_STATUS_LABELS', () => {
  it('labels a placed order "Placed"', () => {
    expect(ORDER_STATUS_LABELS.placed).toBe('Placed')
  })
})
