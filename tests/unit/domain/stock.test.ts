import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OutOfStockError, ValidationError } from '../../../src/domain/errors'
import { findLedgerMismatches, ledgerIdOf, ledgerRow, stockAfter, type StockReason } from '../../../src/domain/stock'
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
  const fresh = () => 'fresh-id'
  it('leaves out the order and the person when there are none', () => {
    expect(ledgerRow('p3', 10, { delta: 10, reason: 'initial', at: 5 }, fresh)).toEqual({ id: 'i:p3', productId: 'p3', delta: 10, reason: 'initial', stockAfter: 10, note: '', at: 5 })
    expect(ledgerRow('p3', 8, { delta: -2, reason: 'sale', orderId: 'o-1', userId: 'u4', at: 6 }, fresh)).toMatchObject({ orderId: 'o-1', userId: 'u4' })
  })

  it.each<[string, Parameters<typeof ledgerIdOf>[1], string | undefined]>([
    ['the initial stock, by the product', { reason: 'initial' }, 'i:p3'],
    ['a sale, by the order and the product', { reason: 'sale', orderId: 'o-1' }, 's:o-1:p3'],
    ["a cancelled or refunded order's restock, by the order and the product", { reason: 'cancellation', orderId: 'o-1' }, 'r:o-1:p3'],
    ['a restock: any number of times, a fresh id each', { reason: 'restock' }, undefined],
    ['an adjustment: any number of times, a fresh id each', { reason: 'adjustment' }, undefined],
    ['a sale without an order (none is written): a fresh id', { reason: 'sale' }, undefined],
  ])('an action that happens once has its id: %s', (_label, change, id) => {
    expect(ledgerIdOf('p3', change)).toBe(id)
    expect(ledgerRow('p3', 1, { delta: 1, at: 0, ...change }, fresh).id).toBe(id ?? 'fresh-id')
  })

  it('gives the same action on the same order and product the same id, and any other a different one', () => {
    const reasons = fc.constantFrom<StockReason>('initial', 'sale', 'cancellation')
    const ids = (...values: string[]) => fc.constantFrom(...values)
    fc.assert(
      fc.property(ids('p1', 'p2'), ids('p1', 'p2'), ids('o1', 'o2'), ids('o1', 'o2'), reasons, reasons, (p, q, o, r, a, b) => {
        const same = p === q && a === b && (a === 'initial' || o === r)
        expect(ledgerIdOf(p, { reason: a, orderId: o }) === ledgerIdOf(q, { reason: b, orderId: r })).toBe(same)
      }),
    )
  })
})

describe('the ledger invariant (pure model)', () => {
  const change = fc.record({ kind: fc.constantFrom('restock', 'sale', 'adjust', 'cancel'), amount: fc.integer({ min: 0, max: 50 }) })

  it('the sum of the rows equals the stock after any sequence of allowed changes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.array(change, { maxLength: 60 }), (initial, changes) => {
        let stock = initial
        let n = 0
        const fresh = () => `row-${n++}`
        const rows = [ledgerRow('p1', stock, { delta: initial, reason: 'initial', at: 0 }, fresh)]
        for (const c of changes) {
          const delta = c.kind === 'restock' || c.kind === 'cancel' ? c.amount : c.kind === 'sale' ? -c.amount : c.amount - stock
          try {
            stock = stockAfter({ name: 'Mug', stock }, delta)
          } catch {
            continue // a refused change writes no row and leaves the stock
          }
          rows.push(ledgerRow('p1', stock, { delta, reason: c.kind === 'adjust' ? 'adjustment' : c.kind === 'cancel' ? 'cancellation' : c.kind, at: 0 }, fresh))
        }
        expect(rows.reduce((sum, r) => sum + r.delta, 0)).toBe(stock)
        expect(rows.at(-1)?.stockAfter).toBe(stock)
        expect(stock).toBeGreaterThanOrEqual(0)
        expect(findLedgerMismatches([{ id: 'p1', sku: 'M', name: 'Mug', stock }], rows)).toEqual([])
      }),
    )
  })

  it('names every product whose stock is not its ledger sum', () => {
    const products = [
      { id: 'p1', sku: 'A', name: 'A', stock: 5 },
      { id: 'p2', sku: 'B', name: 'B', stock: 0 },
      { id: 'p3', sku: 'C', name: 'C', stock: 2 },
    ]
    const rows = [
      { productId: 'p1', delta: 5 },
      { productId: 'p3', delta: 4 },
      { productId: 'p3', delta: -1 },
      { productId: 'p9', delta: 7 },
    ]
    expect(findLedgerMismatches(products, rows)).toEqual([{ productId: 'p3', sku: 'C', name: 'C', stock: 2, ledgerSum: 3 }])
    expect(findLedgerMismatches([{ id: 'p4', sku: 'D', name: 'D', stock: 1 }], [])).toEqual([{ productId: 'p4', sku: 'D', name: 'D', stock: 1, ledgerSum: 0 }])
  })
})
