import { describe, expect, it } from 'vitest'
import { liveQuery } from 'dexie'
import { AuthorizationError } from '../../../src/domain/errors'
import { dashboardFigures, oversoldCount } from '../../../src/services/reads/dashboard'
import type { OrderStatus } from '../../../src/domain/order'
import { aNewProduct, aNewUser, anOrder, createTestDb, rejection } from '../support'

// A fixed clock: Tuesday 1 December 2026, 15:00 on this device.
const NOW = new Date(2026, 11, 1, 15).getTime()
const local = (month: number, day: number, hour = 12) => new Date(2026, month - 1, day, hour).getTime()

async function shop() {
  const db = createTestDb()
  const ownerId = await db.users.add(aNewUser('olga', 'owner'))
  const customerId = await db.users.add(aNewUser('bob'))
  let n = 1000
  const order = (createdAt: number, total: number, status: OrderStatus = 'paid', currency = 'USD') => {
    n++
    return anOrder({ id: `o${n}`, number: `K7-${n}`, createdAt, total, status, currency })
  }
  return { db, ownerId, customerId, order }
}

describe('the dashboard read', () => {
  it('gives the owner today, the week, the 30 days, the best sellers and the stock counts', async () => {
    const { db, ownerId, order } = await shop()
    await db.orders.bulkAdd([
      order(local(12, 1, 9), 1000, 'placed'),
      order(local(12, 1, 10), 2500, 'processing'),
      order(local(12, 1, 11), 4000, 'cancelled'),
      order(local(11, 30), 700, 'delivered'), // Monday: this week
      order(local(11, 29), 300, 'shipped'), // Sunday: last week (the week starts on Monday)
      order(local(11, 25), 600, 'refunded'),
      order(local(11, 2, 0), 50), // the chart's first day
      order(local(11, 1, 23), 90_000), // before it
      order(local(12, 1, 8), 123, 'paid', 'EUR'), // another currency: not added in
    ])
    await db.products.bulkAdd([
      aNewProduct({ sku: 'LOW', stock: 2, lowStockThreshold: 5 }),
      aNewProduct({ sku: 'OUT', stock: 0, lowStockThreshold: 5 }),
      aNewProduct({ sku: 'OVER', stock: -3, lowStockThreshold: 5 }),
      aNewProduct({ sku: 'OVER0', stock: -1, lowStockThreshold: 0 }),
      aNewProduct({ sku: 'ARCHIVED-OVER', stock: -2, lowStockThreshold: 5, archived: true }),
      aNewProduct({ sku: 'FINE', stock: 50, lowStockThreshold: 5 }),
    ])

    const figures = await dashboardFigures(db, ownerId, { now: NOW, currency: 'USD' })
    expect(figures.today).toEqual({ count: 2, revenue: 3500 })
    expect(figures.week).toEqual({ count: 3, revenue: 4200 })
    expect(figures.days).toHaveLength(30)
    expect(figures.days[0]).toEqual({ date: '2026-11-02', count: 1, revenue: 50 })
    expect(figures.days.at(-1)).toEqual({ date: '2026-12-01', count: 2, revenue: 3500 })
    expect(figures.days.reduce((sum, d) => sum + d.count, 0)).toBe(5)
    // Every order of the builder sells one Stoneware Mug at 14.99.
    expect(figures.topProducts).toEqual([{ productId: 'product-1', name: 'Stoneware Mug', units: 5, revenue: 5 * 1499 }])
    // Placed, processing, and the paid ones: the EUR one and the two of November, however old.
    expect(figures.toFulfil).toBe(5)
    expect(figures.lowStock).toBe(4) // LOW, OUT, OVER, OVER0 (the archived one is not on sale)
    expect(figures.oversold).toBe(3) // OVER, OVER0 and the archived one
  })

  it('starts the week on the day it is told', async () => {
    const { db, ownerId, order } = await shop()
    await db.orders.bulkAdd([order(local(11, 29), 300), order(local(11, 28), 100)])
    expect((await dashboardFigures(db, ownerId, { now: NOW, currency: 'USD', weekFirstDay: 7 })).week).toEqual({ count: 1, revenue: 300 })
    expect((await dashboardFigures(db, ownerId, { now: NOW, currency: 'USD', weekFirstDay: 6 })).week).toEqual({ count: 2, revenue: 400 })
  })

  it('is refused to a customer and to nobody', async () => {
    const { db, customerId } = await shop()
    expect(await rejection(dashboardFigures(db, customerId, { now: NOW, currency: 'USD' }))).toBeInstanceOf(AuthorizationError)
    expect(await rejection(dashboardFigures(db, undefined, { now: NOW, currency: 'USD' }))).toBeInstanceOf(AuthorizationError)
  })

  it('counts oversold products only below zero', async () => {
    const { db } = await shop()
    await db.products.bulkAdd([aNewProduct({ sku: 'A', stock: 0, lowStockThreshold: 0 }), aNewProduct({ sku: 'B', stock: -1, lowStockThreshold: 0 })])
    expect(await oversoldCount(db)).toBe(1)
  })

  it('follows new orders inside a live query', async () => {
    const { db, ownerId, order } = await shop()
    const seen: number[] = []
    const subscription = liveQuery(() => dashboardFigures(db, ownerId, { now: NOW, currency: 'USD' })).subscribe((f) => seen.push(f.today.count))
    await expect.poll(() => seen).toEqual([0])
    await db.orders.add(order(local(12, 1, 14), 999))
    await expect.poll(() => seen).toEqual([0, 1])
    subscription.unsubscribe()
  })
})

describe('the oversold flag', () => {
  it('follows the stock on every write: set below zero, gone at zero or above, indexed only while set', async () => {
    const { db } = await shop()
    const id = await db.products.add(aNewProduct({ sku: 'A', stock: -2 }))
    expect((await db.products.get(id))?.oversold).toBe(1)
    expect(await db.products.where('oversold').equals(1).primaryKeys()).toEqual([id])
    const product = await db.products.get(id)
    await db.products.put({ ...product!, stock: 0 })
    const after = await db.products.get(id)
    expect(after).toBeDefined()
    expect(after && 'oversold' in after).toBe(false)
    expect(await oversoldCount(db)).toBe(0)
    await db.products.update(id, { stock: -1 })
    expect(await oversoldCount(db)).toBe(1)
  })
})
