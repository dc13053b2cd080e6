/**
 * The owner's dashboard at scale (window.bench.dashboard, driven by bench/dashboard.bench.ts):
 * a shop of `products` products and `orders` orders spread over 60 days, the dashboard's
 * figures read three ways, each checked to give the same answer:
 * - ours: services/reads/dashboard.ts through Dexie, as the page reads it;
 * - raw: the very same index ranges in one readonly raw IndexedDB transaction, summed by the
 *   same pure function (domain/sales.ts), so the difference is Dexie's cost;
 * - naive: every order and every product loaded and filtered in memory.
 */
import Dexie from 'dexie'
import { ShopDatabase } from '../src/db/database'
import { seedInChunks } from '../src/db/seed'
import { generateProducts } from '../src/db/synthetic'
import { newId } from '../src/db/newId'
import type { Id } from '../src/domain/id'
import { ORDER_STATUSES, type Order, type OrderStatus } from '../src/domain/order'
import type { StoredProduct } from '../src/domain/product'
import { isSale, localDays, localWeekStart, SALE_STATUSES, summarizeSales } from '../src/domain/sales'
import { dashboardFigures, oversoldCount, type DashboardFigures } from '../src/services/reads/dashboard'
import { lowStockCount, ordersToFulfilCount, TO_FULFIL } from '../src/services/reads/ownerCounts'
import { request } from './rawIdb'

const NAME = 'bench-dashboard'
const DAY = 86_400_000
/** Every 500th product oversold, as two devices selling the last units would leave it. */
const OVERSOLD_EVERY = 500

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

/** A deterministic spread of orders: statuses mostly sold, some cancelled or refunded; 1–4 lines. */
function makeOrders(count: number, productIds: readonly Id[], products: ReadonlyMap<Id, StoredProduct>, now: number, buyer: Id): Order[] {
  const weights: [OrderStatus, number][] = [['placed', 10], ['paid', 15], ['processing', 10], ['shipped', 15], ['delivered', 40], ['cancelled', 6], ['refunded', 4]]
  const statusAt = (i: number): OrderStatus => {
    let r = (i * 7919) % 100
    for (const [status, w] of weights) if ((r -= w) < 0) return status
    return 'delivered'
  }
  return Array.from({ length: count }, (_, i) => {
    const createdAt = now - Math.floor(((i * 104_729) % count) / count * 60 * DAY)
    const lines = Array.from({ length: 1 + (i % 4) }, (_, j) => {
      const id = productIds[(i * 31 + j * 977) % productIds.length] ?? ''
      const p = products.get(id)
      const quantity = 1 + ((i + j) % 3)
      const unitPrice = p?.price ?? 1000
      return { productId: id, sku: p?.sku ?? '', name: p?.name ?? '', unitPrice, quantity, lineTotal: unitPrice * quantity }
    })
    const total = lines.reduce((s, l) => s + l.lineTotal, 0)
    const status = statusAt(i)
    return {
      id: newId(createdAt),
      number: `BD-${1000 + i}`,
      sequence: 1000 + i,
      userId: buyer,
      customerName: 'bench',
      createdAt,
      status,
      history: [{ status, at: createdAt, by: buyer, note: '' }],
      lines,
      currency: 'USD',
      subtotal: total,
      taxRate: 0,
      tax: 0,
      total,
      payment: { kind: 'on-delivery' },
    }
  })
}

/** The dashboard's reads through raw IndexedDB: the same index ranges as ours, in one readonly transaction. */
async function figuresRaw(idb: IDBDatabase, ownerId: Id, now: number, weekFirstDay: number): Promise<DashboardFigures> {
  const tx = idb.transaction(['users', 'orders', 'products'], 'readonly')
  const days = localDays(now, 30)
  const todayStart = days.at(-1)?.start ?? now
  const weekStart = localWeekStart(now, weekFirstDay)
  const from = Math.min(days[0]?.start ?? todayStart, weekStart)
  const orders = tx.objectStore('orders').index('[status+createdAt]')
  const gaps = tx.objectStore('products').index('[listed+stockGap+id]')
  const [owner, sales, toFulfil, lowStock, oversold] = await Promise.all([
    request(tx.objectStore('users').get(ownerId)),
    Promise.all(SALE_STATUSES.map((s) => request(orders.getAll(IDBKeyRange.bound([s, from], [s, Infinity]))))),
    Promise.all(TO_FULFIL.map((s) => request(orders.count(IDBKeyRange.bound([s, -Infinity], [s, Infinity]))))),
    request(gaps.count(IDBKeyRange.bound([1, -Infinity], [1, 0, [[]]]))),
    request(tx.objectStore('products').index('oversold').count(1)),
  ])
  if ((owner as { role?: string } | undefined)?.role !== 'owner') throw new Error('not the owner')
  const inCurrency = (sales.flat() as Order[]).filter((o) => o.currency === 'USD')
  return {
    ...summarizeSales(inCurrency, { days, todayStart, weekStart, top: 5 }),
    toFulfil: toFulfil.reduce((a, b) => a + b, 0),
    lowStock,
    oversold,
    weekStart,
  }
}

/** What a dashboard without indexes does: every order and every product into memory, then filter. */
async function figuresNaive(db: ShopDatabase, now: number, weekFirstDay: number): Promise<DashboardFigures> {
  const [orders, products] = await db.transaction('r', db.orders, db.products, () => Promise.all([db.orders.toArray(), db.products.toArray()]))
  const days = localDays(now, 30)
  const todayStart = days.at(-1)?.start ?? now
  const weekStart = localWeekStart(now, weekFirstDay)
  const sales = orders.filter((o) => isSale(o.status) && o.currency === 'USD')
  return {
    ...summarizeSales(sales, { days, todayStart, weekStart, top: 5 }),
    toFulfil: orders.filter((o) => TO_FULFIL.includes(o.status)).length,
    lowStock: products.filter((p) => !p.archived && p.stock - p.lowStockThreshold <= 0).length,
    oversold: products.filter((p) => p.stock < 0).length,
    weekStart,
  }
}

export interface DashboardBench {
  products: number
  orders: number
  seedMs: number
  ours: number
  raw: number
  naive: number
  /** Of ours: each read alone (ms, median). */
  parts: Record<string, number>
  same: boolean
  figures: { today: number; week: number; toFulfil: number; lowStock: number; oversold: number; salesIn30Days: number }
}

export async function dashboard(productCount: number, orderCount: number, repeats = 9): Promise<DashboardBench> {
  await Dexie.delete(NAME)
  const db = new ShopDatabase(NAME)
  await db.open()
  const seedStart = performance.now()
  const generated = generateProducts(productCount, { now: 1_700_000_000_000 }).map((p, i) => ({
    ...p,
    id: newId(p.createdAt),
    ...(i % OVERSOLD_EVERY === 0 ? { stock: -1 } : {}),
  }))
  await seedInChunks(db, generated, { chunkSize: 1_000 })
  const ownerId = await db.users.add({ username: 'owner', usernameKey: 'owner', role: 'owner', passwordHash: 'AAAA', salt: 'AAAA', iterations: 1, createdAt: 0, failedLogins: 0, lockedUntil: 0 })
  const stored = await db.products.bulkGet(generated.map((p) => p.id))
  const byId = new Map(stored.flatMap((p) => (p ? [[p.id, p] as const] : [])))
  const now = Date.now()
  const orders = makeOrders(orderCount, generated.map((p) => p.id), byId, now, ownerId)
  for (let i = 0; i < orders.length; i += 1_000) await db.orders.bulkAdd(orders.slice(i, i + 1_000))
  const seedMs = performance.now() - seedStart
  if (!ORDER_STATUSES.every((s) => orders.some((o) => o.status === s))) throw new Error('The bench orders miss a status.')

  const weekFirstDay = 1
  const time = async (run: () => Promise<DashboardFigures>) => {
    let result = await run() // warm-up
    const times: number[] = []
    for (let r = 0; r < repeats; r++) {
      const start = performance.now()
      result = await run()
      times.push(performance.now() - start)
    }
    return { ms: median(times), result }
  }
  const ours = await time(() => dashboardFigures(db, ownerId, { now, currency: 'USD', weekFirstDay }))
  const naive = await time(() => figuresNaive(db, now, weekFirstDay))
  // Where ours spends its time: each read alone, through Dexie.
  const parts: Record<string, number> = {}
  const part = async (label: string, run: () => Promise<unknown>) => {
    const times: number[] = []
    for (let r = 0; r < repeats; r++) {
      const start = performance.now()
      await run()
      times.push(performance.now() - start)
    }
    parts[label] = median(times)
  }
  const from = localDays(now, 30)[0]?.start ?? now
  await part('the sales of 30 days (whole orders)', () =>
    Promise.all(SALE_STATUSES.map((st) => db.orders.where('[status+createdAt]').between([st, from], [st, Infinity], true, true).toArray())),
  )
  await part('orders to fulfil (count)', () => ordersToFulfilCount(db))
  await part('low stock (count)', () => lowStockCount(db))
  await part('oversold (count)', () => oversoldCount(db))
  db.close()
  const idb = await request(indexedDB.open(NAME))
  const raw = await time(() => figuresRaw(idb, ownerId, now, weekFirstDay))
  idb.close()
  await Dexie.delete(NAME)

  const json = (f: DashboardFigures) => JSON.stringify(f)
  const f = ours.result
  return {
    products: productCount,
    orders: orderCount,
    seedMs,
    ours: ours.ms,
    raw: raw.ms,
    naive: naive.ms,
    parts,
    same: json(f) === json(raw.result) && json(f) === json(naive.result),
    figures: {
      today: f.today.count,
      week: f.week.count,
      toFulfil: f.toFulfil,
      lowStock: f.lowStock,
      oversold: f.oversold,
      salesIn30Days: f.days.reduce((s, d) => s + d.count, 0),
    },
  }
}
