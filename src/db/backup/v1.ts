/**
 * Reading a format-version-1 backup (written before schema version 6): its records still
 * carry this device's numbers as ids and plain numbers as order numbers. They are converted
 * on the way in by the same rules as the version-6 upgrade (db/migrations/v6.ts, which is
 * frozen and so keeps its own copy): accounts, products and ledger rows get global ids, with
 * the record's own time and in the old numbering's order; the once-only ledger rows get the
 * ids of their actions; every reference follows (the guest's cart, account 0, goes under
 * GUEST_ID); order N becomes `${deviceCode}-N` with sequence N, so a printed receipt's number
 * is still found; checkout attempts (`checkout:2` in meta) follow their account.
 *
 * Works on the file's records before they are checked: anything that is not what version 1
 * wrote is left as it is, for the checks to refuse with their usual message.
 */
import { GUEST_ID } from '../../domain/cart'
import { idGenerator, type Id } from '../../domain/id'
import { ledgerIdOf, type StockReason } from '../../domain/stock'
import type { LegacyIdRow } from '../database'

type Row = Record<string, unknown>

const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value)
const time = (value: unknown) => (typeof value === 'number' ? value : 0)

/** Ids for one table's records, at each record's time, increasing in the table's order. */
function idsFor(rows: unknown[], timeOf: (row: Row) => number, random: (bytes: Uint8Array) => Uint8Array): Map<number, Id> {
  const next = idGenerator(() => 0, random)
  const ids = new Map<number, Id>()
  const numbered = rows.filter(isRow).filter((row) => typeof row.id === 'number') as (Row & { id: number })[]
  for (const row of [...numbered].sort((a, b) => a.id - b.id)) if (!ids.has(row.id)) ids.set(row.id, next(timeOf(row)))
  return ids
}

export interface ConvertedV1 {
  tables: Record<string, unknown[]>
  /** `products:25` → the product's id now, and accounts likewise: old addresses redirect. */
  legacyIds: LegacyIdRow[]
}

/** The tables of a version-1 file with version 2's ids and order numbers. */
export function convertV1Tables(
  tables: Record<string, unknown[]>,
  { deviceCode, random = (bytes) => crypto.getRandomValues(bytes as Uint8Array<ArrayBuffer>) }: { deviceCode: string; random?: (bytes: Uint8Array) => Uint8Array },
): ConvertedV1 {
  const userIds = idsFor(tables.users ?? [], (u) => time(u.createdAt), random)
  const productIds = idsFor(tables.products ?? [], (p) => time(p.createdAt), random)
  const ledgerIds = idsFor(tables.stockLedger ?? [], (m) => time(m.at), random)
  const user = (old: unknown) => (old === 0 ? GUEST_ID : typeof old === 'number' ? (userIds.get(old) ?? String(old)) : old)
  const product = (old: unknown) => (typeof old === 'number' ? (productIds.get(old) ?? String(old)) : old)
  const map = (name: string, convert: (row: Row) => Row) => (tables[name] ?? []).map((row) => (isRow(row) ? convert(row) : row))

  const onceIds = new Set<Id>()
  const converted: Record<string, unknown[]> = {
    ...tables,
    users: map('users', (u) => ({ ...u, id: user(u.id) })),
    products: map('products', (p) => ({ ...p, id: product(p.id) })),
    cartItems: map('cartItems', (c) => ({ ...c, userId: user(c.userId), productId: product(c.productId) })),
    orders: map('orders', (o) => ({
      ...o,
      userId: user(o.userId),
      ...(typeof o.number === 'number' ? { number: `${deviceCode}-${o.number}`, sequence: o.number } : {}),
      history: Array.isArray(o.history) ? o.history.map((e: unknown) => (isRow(e) ? { ...e, by: user(e.by) } : e)) : o.history,
      lines: Array.isArray(o.lines) ? o.lines.map((l: unknown) => (isRow(l) ? { ...l, productId: product(l.productId) } : l)) : o.lines,
    })),
    stockLedger: map('stockLedger', (m) => {
      const productId = product(m.productId)
      const once =
        typeof productId === 'string' ? ledgerIdOf(productId, { reason: m.reason as StockReason, orderId: typeof m.orderId === 'string' ? m.orderId : undefined }) : undefined
      const fresh = typeof m.id === 'number' ? ledgerIds.get(m.id) : undefined
      const id = once !== undefined && !onceIds.has(once) ? once : (fresh ?? m.id)
      if (typeof id === 'string') onceIds.add(id)
      return { ...m, id, productId, ...(m.userId === undefined ? {} : { userId: user(m.userId) }) }
    }),
    meta: map('meta', (row) => {
      const attempt = typeof row.key === 'string' ? /^checkout:(\d+)$/.exec(row.key) : null
      return attempt ? { ...row, key: `checkout:${String(user(Number(attempt[1])))}` } : row
    }),
  }
  const legacyIds = [
    ...[...productIds].map(([old, id]) => ({ key: `products:${old}`, id })),
    ...[...userIds].map(([old, id]) => ({ key: `users:${old}`, id })),
  ]
  return { tables: converted, legacyIds }
}
