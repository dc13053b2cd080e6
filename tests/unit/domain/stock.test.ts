import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OutOfStockError, ValidationError } from '../../../src/domain/errors'
import { findLedgerMismatches, ledgerRow, stockAfter } from '../../../src/domain/stock'
import { thrown } from '../support'

describe('stockAfter', () => {
  it.each([
    [5, 3, 8],
    [5, -5, 0],
    [0, 0, 0],
    [999_999, 1, 1_000_000],
  ])('%d %+d is %d', (stock, delta, after) => {
    expect(stockAfter({ name: 'Mug', stock }, delta)).toBe(after)
  })

  it('refuses to go below zero, naming what is left', () => {
    const err = thrown(() => stockAfter({ name: 'Mug', stock: 2 }, -3))
    expect(err).toBeInstanceOf(OutOfStockError)
    expect(err).toMatchObject({ available: 2, requested: 3 })
  })

  it('refuses more than a product may hold, and fractional changes', () => {
    expect(thrown(() => stockAfter({ name: 'Mug', stock: 1_000_000 }, 1))).toBeInstanceOf(ValidationError)
    expect(thrown(() => stockAfter({ name: 'Mug', stock: 1 }, 0.5))).toBeInstanceOf(RangeError)
  })
})

describe('ledgerRow', () => {
  it('leaves out the order and the person when there are none', () => {
    expect(ledgerRow(3, 10, { delta: 10, reason: 'initial', at: 5 })).toEqual({ productId: 3, delta: 10, reason: 'initial', stockAfter: 10, note: '', at: 5 })
    expect(ledgerRow(3, 8, { delta: -2, reason: 'sale', orderId: 'o-1', userId: 4, at: 6 })).toMatchObject({ orderId: 'o-1', userId: 4 })
  })
})

describe('the ledger invariant (pure model)', () => {
  const change = fc.record({ kind: fc.constantFrom('restock', 'sale', 'adjust', 'cancel'), amount: fc.integer({ min: 0, max: 50 }) })

  it('the sum of the rows equals the stock after any sequence of allowed changes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.array(change, { maxLength: 60 }), (initial, changes) => {
        let stock = initial
        const rows = [ledgerRow(1, stock, { delta: initial, reason: 'initial', at: 0 })]
        for (const c of changes) {
          const delta = c.kind === 'restock' || c.kind === 'cancel' ? c.amount : c.kind === 'sale' ? -c.amount : c.amount - stock
          try {
            stock = stockAfter({ name: 'Mug', stock }, delta)
          } catch {
            continue // a refused change writes no row and leaves the stock
          }
          rows.push(ledgerRow(1, stock, { delta, reason: c.kind === 'adjust' ? 'adjustment' : c.kind === 'cancel' ? 'cancellation' : c.kind, at: 0 }))
        }
        expect(rows.reduce((sum, r) => sum + r.delta, 0)).toBe(stock)
        expect(rows.at(-1)?.stockAfter).toBe(stock)
        expect(stock).toBeGreaterThanOrEqual(0)
        expect(findLedgerMismatches([{ id: 1, sku: 'M', name: 'Mug', stock }], rows)).toEqual([])
      }),
    )
  })

  it('names every product whose stock is not its ledger sum', () => {
    const products = [
      { id: 1, sku: 'A', name: 'A', stock: 5 },
      { id: 2, sku: 'B', name: 'B', stock: 0 },
      { id: 3, sku: 'C', name: 'C', stock: 2 },
    ]
    const rows = [
      { productId: 1, delta: 5 },
      { productId: 3, delta: 4 },
      { productId: 3, delta: -1 },
      { productId: 9, delta: 7 },
    ]
    expect(findLedgerMismatches(products, rows)).toEqual([{ productId: 3, sku: 'C', name: 'C', stock: 2, ledgerSum: 3 }])
    expect(findLedgerMismatches([{ id: 4, sku: 'D', name: 'D', stock: 1 }], [])).toEqual([{ productId: 4, sku: 'D', name: 'D', stock: 1, ledgerSum: 0 }])
  })
})
