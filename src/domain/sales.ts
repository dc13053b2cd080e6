/**
 * The owner's sales figures: which orders are sales, the calendar days they fall on, and
 * their sums. Pure: the time is passed in; days are calendar days in the device's time zone
 * (what the owner calls "today"), so a day is 23 or 25 hours long when the clocks change.
 */
import { sumMinor, type Minor } from './money'
import type { Id } from './id'
import type { Order, OrderStatus } from './order'

/**
 * The statuses that count as a sale: every order placed and not undone. A placed order paid
 * on delivery counts at once (the goods are promised and the stock has left the shelves);
 * a cancelled order never happened as far as money goes, and a refunded one gave its money
 * back; both returned their stock too.
 */
export const SALE_STATUSES: readonly OrderStatus[] = ['placed', 'paid', 'processing', 'shipped', 'delivered']

export function isSale(status: OrderStatus): boolean {
  return SALE_STATUSES.includes(status)
}

/** A calendar day where the device is: from `start` (local midnight) up to `end` (the next one). */
export interface LocalDay {
  /** "2026-12-01". */
  date: string
  start: number
  end: number
}

const two = (n: number) => String(n).padStart(2, '0')

function dayAt(year: number, month: number, day: number): LocalDay {
  // Date normalises day 0 or 32 into the month before or after; midnight in local time.
  const start = new Date(year, month, day)
  const end = new Date(year, month, day + 1)
  return { date: `${String(start.getFullYear()).padStart(4, '0')}-${two(start.getMonth() + 1)}-${two(start.getDate())}`, start: start.getTime(), end: end.getTime() }
}

/** The `count` calendar days ending with the day of `now`, oldest first. */
export function localDays(now: number, count: number): LocalDay[] {
  const today = new Date(now)
  return Array.from({ length: count }, (_, i) => dayAt(today.getFullYear(), today.getMonth(), today.getDate() - (count - 1 - i)))
}

/**
 * Local midnight at the start of the week holding `now`. `firstDay` is the week's first day
 * as Intl.Locale's weekInfo numbers it: 1 Monday … 7 Sunday.
 */
export function localWeekStart(now: number, firstDay: number): number {
  const today = new Date(now)
  // getDay(): 0 Sunday … 6 Saturday; weekInfo's 7 is Sunday.
  const back = (today.getDay() - (firstDay % 7) + 7) % 7
  return dayAt(today.getFullYear(), today.getMonth(), today.getDate() - back).start
}

export interface SalesTotal {
  count: number
  revenue: Minor
}

export interface DaySales extends SalesTotal {
  date: string
}

export interface ProductSales {
  productId: Id
  /** The name on its most recent sale. */
  name: string
  units: number
  revenue: Minor
}

export interface SalesSummary {
  today: SalesTotal
  week: SalesTotal
  /** One entry per day of the period, oldest first, days without sales included. */
  days: DaySales[]
  /** The best sellers of the period by revenue, then units; at most `top`. */
  topProducts: ProductSales[]
}

/**
 * Sums `orders` (sales only: see SALE_STATUSES; others are skipped) into today's, this week's
 * and each day's count and revenue, and the best-selling products. Revenue is what the
 * customer was charged (the order's total, tax included); a product's revenue is its lines'
 * totals (before tax, which is charged on the order). Orders outside `days` are ignored.
 */
export function summarizeSales(
  orders: readonly Pick<Order, 'createdAt' | 'status' | 'total' | 'lines'>[],
  { days, todayStart, weekStart, top }: { days: readonly LocalDay[]; todayStart: number; weekStart: number; top: number },
): SalesSummary {
  const first = days[0]
  const byDay = days.map((d) => ({ date: d.date, count: 0, revenue: 0 }))
  const today = { count: 0, revenue: 0 }
  const week = { count: 0, revenue: 0 }
  const products = new Map<Id, ProductSales & { lastAt: number }>()
  for (const order of orders) {
    if (!first || !isSale(order.status) || order.createdAt < first.start) continue
    // Days are contiguous and few (30): a scan is clearer than a search.
    const index = days.findIndex((d) => order.createdAt < d.end)
    const day = byDay[index]
    if (!day) continue
    day.count++
    day.revenue = sumMinor([day.revenue, order.total])
    if (order.createdAt >= todayStart) {
      today.count++
      today.revenue = sumMinor([today.revenue, order.total])
    }
    if (order.createdAt >= weekStart) {
      week.count++
      week.revenue = sumMinor([week.revenue, order.total])
    }
    for (const line of order.lines) {
      const known = products.get(line.productId)
      const revenue = line.lineTotal
      if (!known) {
        products.set(line.productId, { productId: line.productId, name: line.name, units: line.quantity, revenue, lastAt: order.createdAt })
        continue
      }
      known.units += line.quantity
      known.revenue = sumMinor([known.revenue, revenue])
      if (order.createdAt >= known.lastAt) {
        known.name = line.name
        known.lastAt = order.createdAt
      }
    }
  }
  const topProducts = [...products.values()]
    .sort((a, b) => b.revenue - a.revenue || b.units - a.units || a.name.localeCompare(b.name))
    .slice(0, top)
    .map(({ productId, name, units, revenue }) => ({ productId, name, units, revenue }))
  return { today, week, days: byDay, topProducts }
}
