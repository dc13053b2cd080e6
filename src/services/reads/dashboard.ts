/**
 * The owner's dashboard: sales today and this week, orders to fulfil, low and oversold stock,
 * revenue per day and the best sellers over the last 30 days. One read-only transaction of
 * indexed ranges, safe inside liveQuery; only an owner may read it.
 */
import type { Id } from '../../domain/id'
import { localDays, localWeekStart, SALE_STATUSES, summarizeSales, type SalesSummary } from '../../domain/sales'
import type { Order } from '../../domain/order'
import type { ShopDatabase } from '../../db/database'
import { requireOwner } from '../authz'
import { lowStockCount, ordersToFulfilCount } from './ownerCounts'

export interface DashboardFigures extends SalesSummary {
  /** Orders placed, paid or processing: still to hand over. */
  toFulfil: number
  /** Products on sale at or below their low-stock threshold. */
  lowStock: number
  /** Products with less than no stock: sold on two devices before they synced. */
  oversold: number
  /** Local midnight at the start of this week, for saying which week it is. */
  weekStart: number
}

export interface DashboardOptions {
  /** The time now (a clock's now()): "today" is the calendar day of this moment on this device. */
  now: number
  /** The shop's currency: only orders in it are summed (see below). */
  currency: string
  /** The week's first day, 1 Monday … 7 Sunday (Intl.Locale's weekInfo); Monday unless told. */
  weekFirstDay?: number
  /** How many days the chart and the best sellers cover, today included. */
  days?: number
  /** How many best sellers to list. */
  top?: number
}

/** The dashboard's figures; throws AuthorizationError unless `actorId` is an owner. */
export function dashboardFigures(db: ShopDatabase, actorId: Id | undefined, options: DashboardOptions): Promise<DashboardFigures> {
  const { now, currency, weekFirstDay = 1, days: dayCount = 30, top = 5 } = options
  return db.transaction('r', [db.users, db.orders, db.products], async () => {
    await requireOwner(db, actorId)
    const days = localDays(now, dayCount)
    const todayStart = days.at(-1)?.start ?? now
    const weekStart = localWeekStart(now, weekFirstDay)
    // The window reaches back far enough for every figure: the chart's first day, or the week's
    // start if the window is shorter than the week so far.
    const from = Math.min(days[0]?.start ?? todayStart, weekStart)
    const [orders, toFulfil, lowStock, oversold] = await Promise.all([
      salesSince(db, from),
      ordersToFulfilCount(db),
      lowStockCount(db),
      oversoldCount(db),
    ])
    // A currency changes only while the shop has no products, so an order in another currency
    // belongs to the shop as it was before: its amounts cannot be added to today's.
    const inCurrency = orders.filter((o) => o.currency === currency)
    return { ...summarizeSales(inCurrency, { days, todayStart, weekStart, top }), toFulfil, lowStock, oversold, weekStart }
  })
}

/**
 * The sales placed at or after `from`: one [status+createdAt] range per sale status, so a
 * cancelled or refunded order is never read, and an order older than the window neither.
 */
async function salesSince(db: ShopDatabase, from: number): Promise<Order[]> {
  const ranges = await Promise.all(
    SALE_STATUSES.map((status) => db.orders.where('[status+createdAt]').between([status, from], [status, Infinity], true, true).toArray()),
  )
  return ranges.flat()
}

/**
 * Products, on sale or archived, whose stock is below zero: one count of the sparse `oversold`
 * index (schema version 7), which holds those products only. Archived ones count too: units
 * sold that do not exist are owed to a customer whether or not the product is still sold.
 */
export function oversoldCount(db: ShopDatabase): Promise<number> {
  return db.products.where('oversold').equals(1).count()
}
