import { describe, expect, it } from 'vitest'
import { lowStockCount, ordersToFulfilCount } from '../../../src/services/reads/ownerCounts'
import { aNewProduct, anOrder, createTestDb } from '../support'

describe('owner counts', () => {
  it('counts orders by the statuses still to hand over, and listed products at or below their threshold', async () => {
    const db = createTestDb()
    const statuses = ['placed', 'paid', 'processing', 'shipped', 'cancelled'] as const
    await db.orders.bulkAdd(statuses.map((status, i) => anOrder({ id: `o${i}`, number: `K7-${1000 + i}`, sequence: 1000 + i, status })))
    expect(await ordersToFulfilCount(db)).toBe(3)
    const product = (sku: string, stock: number, archived = false) => aNewProduct({ sku, stock, lowStockThreshold: 5, archived })
    await db.products.bulkAdd([product('A', 5), product('B', 0), product('C', 6), product('D', 1, true), product('E', -2)])
    expect(await lowStockCount(db)).toBe(3)
  })
})
