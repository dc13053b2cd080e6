import { describe, expect, it } from 'vitest'
import { oversoldOf } from '../../../src/domain/oversold'
import type { StockReason } from '../../../src/domain/stock'

let n = 0
const row = (at: number, delta: number, reason: StockReason, orderId?: string) => ({ id: `r${String(n++).padStart(3, '0')}`, at, delta, reason, orderId })

describe('oversoldOf', () => {
  it.each<[string, ReturnType<typeof row>[], { by: number; orderIds: string[] }]>([
    ['no rows', [], { by: 0, orderIds: [] }],
    ['sold out exactly: not oversold', [row(1, 2, 'initial'), row(2, -2, 'sale', 'A')], { by: 0, orderIds: [] }],
    ['two devices sold the last unit', [row(1, 1, 'initial'), row(5, -1, 'sale', 'A'), row(6, -1, 'sale', 'B')], { by: 1, orderIds: ['B'] }],
    [
      'rows arrive in any order: they are walked by time',
      [row(6, -1, 'sale', 'B'), row(1, 1, 'initial'), row(7, -2, 'sale', 'C'), row(5, -1, 'sale', 'A')],
      { by: 3, orderIds: ['B', 'C'] },
    ],
    [
      'a restock back to zero or more clears what it covered',
      [row(1, 1, 'initial'), row(2, -2, 'sale', 'A'), row(3, 5, 'restock'), row(4, -4, 'sale', 'B'), row(5, -3, 'sale', 'C')],
      { by: 3, orderIds: ['C'] },
    ],
    [
      'a cancellation that does not reach zero keeps the orders',
      [row(1, 0, 'initial'), row(2, -3, 'sale', 'A'), row(3, 1, 'cancellation', 'X'), row(4, -1, 'sale', 'B')],
      { by: 3, orderIds: ['A', 'B'] },
    ],
    ['an adjustment below zero names no order', [row(1, 2, 'initial'), row(2, -3, 'adjustment')], { by: 1, orderIds: [] }],
  ])('%s', (_name, rows, expected) => {
    expect(oversoldOf(rows)).toEqual(expected)
  })

  it('breaks ties in time by row id, the same on every device', () => {
    const a = { id: 's:o1:p', at: 5, delta: -1, reason: 'sale' as const, orderId: 'o1' }
    const b = { id: 's:o2:p', at: 5, delta: -1, reason: 'sale' as const, orderId: 'o2' }
    const initial = { id: 'i:p', at: 1, delta: 1, reason: 'initial' as const }
    expect(oversoldOf([initial, b, a])).toEqual({ by: 1, orderIds: ['o2'] })
    expect(oversoldOf([a, initial, b])).toEqual({ by: 1, orderIds: ['o2'] })
  })
})
