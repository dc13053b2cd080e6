import { afterAll, describe, expect, it } from 'vitest'
import { isSale, localDays, localWeekStart, summarizeSales } from '../../../src/domain/sales'
import { ORDER_STATUSES, type OrderStatus } from '../../../src/domain/order'
import { anOrder } from '../support'

// Days are the device's: these tests pin a zone with a daylight-saving change (Paris: the
// clocks go back on 25 October 2026 and forward on 29 March 2026). Vitest runs each test
// file in a process of its own, so this reaches no other file. Set as the file loads, since
// the describe blocks below compute their times while they are collected.
const zoneBefore = process.env.TZ
process.env.TZ = 'Europe/Paris'
afterAll(() => {
  process.env.TZ = zoneBefore
})

/** A local time in Paris: month 1-12. */
const at = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min).getTime()

describe('which orders are sales', () => {
  it.each(ORDER_STATUSES.map((s) => [s, s !== 'cancelled' && s !== 'refunded'] as const))('%s → %s', (status, sale) => {
    expect(isSale(status)).toBe(sale)
  })
})

describe('local days', () => {
  it('are calendar days in the device time zone, oldest first, ending today', () => {
    const days = localDays(at(2026, 12, 1, 0, 30), 3)
    expect(days.map((d) => d.date)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01'])
    expect(days[2]?.start).toBe(at(2026, 12, 1, 0, 0))
    expect(days[0]?.end).toBe(days[1]?.start)
    // Paris is UTC+1 in winter: local midnight is 23:00 UTC the day before.
    expect(new Date(days[2]?.start ?? 0).toISOString()).toBe('2026-11-30T23:00:00.000Z')
  })

  it('are 25 hours on the day the clocks go back and 23 on the day they go forward', () => {
    const [autumn] = localDays(at(2026, 10, 25), 1)
    expect(((autumn?.end ?? 0) - (autumn?.start ?? 0)) / 3_600_000).toBe(25)
    const [spring] = localDays(at(2026, 3, 29), 1)
    expect(((spring?.end ?? 0) - (spring?.start ?? 0)) / 3_600_000).toBe(23)
  })

  it('cross months and years', () => {
    expect(localDays(at(2027, 1, 2), 4).map((d) => d.date)).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02'])
  })
})

describe('the week', () => {
  // Tuesday 1 December 2026.
  it.each([
    [1, at(2026, 11, 30, 0)], // Monday
    [7, at(2026, 11, 29, 0)], // Sunday (en-US)
    [6, at(2026, 11, 28, 0)], // Saturday
    [2, at(2026, 12, 1, 0)], // a week starting today
  ])('with first day %i starts at local midnight of its first day', (firstDay, start) => {
    expect(localWeekStart(at(2026, 12, 1, 18), firstDay)).toBe(start)
  })
})

describe('summarizeSales', () => {
  const now = at(2026, 12, 1, 15) // Tuesday
  const days = localDays(now, 30)
  const todayStart = at(2026, 12, 1, 0)
  const weekStart = localWeekStart(now, 1)
  const options = { days, todayStart, weekStart, top: 2 }
  const sale = (createdAt: number, total: number, status: OrderStatus = 'paid', lines = anOrder().lines) => anOrder({ createdAt, total, status, lines })
  const line = (productId: string, name: string, quantity: number, unitPrice: number) => ({ productId, sku: productId, name, unitPrice, quantity, lineTotal: unitPrice * quantity })

  it('sums today, the week and each day, leaving out cancelled, refunded and older orders', () => {
    const summary = summarizeSales(
      [
        sale(at(2026, 12, 1, 0, 0), 1000), // today's first minute
        sale(at(2026, 12, 1, 14), 500, 'placed'), // paid on delivery: a sale already
        sale(at(2026, 12, 1, 14), 9999, 'cancelled'),
        sale(at(2026, 12, 1, 9), 7777, 'refunded'),
        sale(at(2026, 11, 30, 23, 59), 200, 'delivered'), // yesterday, this week (Monday)
        sale(at(2026, 11, 29, 12), 300, 'shipped'), // Sunday: last week
        sale(at(2026, 11, 2, 0, 0), 40), // the 30th day back: in the chart
        sale(at(2026, 11, 1, 23, 59), 50_000), // the day before: out
      ],
      options,
    )
    expect(summary.today).toEqual({ count: 2, revenue: 1500 })
    expect(summary.week).toEqual({ count: 3, revenue: 1700 })
    expect(summary.days).toHaveLength(30)
    expect(summary.days[0]).toEqual({ date: '2026-11-02', count: 1, revenue: 40 })
    expect(summary.days.at(-1)).toEqual({ date: '2026-12-01', count: 2, revenue: 1500 })
    expect(summary.days.at(-2)).toEqual({ date: '2026-11-30', count: 1, revenue: 200 })
    expect(summary.days.reduce((s, d) => s + d.revenue, 0)).toBe(2040)
    expect(summary.days.filter((d) => d.count === 0)).toHaveLength(26)
  })

  it('ranks products by revenue, then units, under the name of their latest sale', () => {
    const summary = summarizeSales(
      [
        sale(at(2026, 11, 20), 0, 'paid', [line('a', 'Mug', 3, 500), line('b', 'Teapot', 1, 1500)]),
        sale(at(2026, 11, 25), 0, 'paid', [line('a', 'Mug (blue)', 1, 500), line('c', 'Spoon', 10, 150)]),
        sale(at(2026, 11, 26), 0, 'cancelled', [line('c', 'Spoon', 100, 150)]),
      ],
      options,
    )
    // Mug 2000, Spoon 1500 (10 units), Teapot 1500 (1 unit): top 2.
    expect(summary.topProducts).toEqual([
      { productId: 'a', name: 'Mug (blue)', units: 4, revenue: 2000 },
      { productId: 'c', name: 'Spoon', units: 10, revenue: 1500 },
    ])
  })

  it('is all zeros with no orders', () => {
    const summary = summarizeSales([], options)
    expect(summary.today).toEqual({ count: 0, revenue: 0 })
    expect(summary.week).toEqual({ count: 0, revenue: 0 })
    expect(summary.days.every((d) => d.count === 0 && d.revenue === 0)).toBe(true)
    expect(summary.topProducts).toEqual([])
  })
})
