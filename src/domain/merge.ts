/**
 * How two copies of the shop's records become one, when devices have changed them apart.
 * Every rule here is a join: commutative, associative and idempotent, so replicas that have
 * seen the same changes end in the same state whatever order the changes came in
 * (tests/unit/domain/merge.test.ts checks that with fast-check). Stamps are hybrid-clock
 * texts (domain/hlc.ts), so "later" is the clock's order, not the wall time alone.
 */
import { ORDER_STATUSES, type OrderStatus } from './order'

/** A stamp as encodeHlc writes it; '' is older than every stamp (a field never edited). */
export type Stamp = string

/** A record whose every field carries the stamp of its last edit. */
export interface Stamped<T extends object> {
  data: T
  stamps: Partial<Record<keyof T & string, Stamp>>
}

/** A deterministic order of any two JSON values, for the ties no stamp can break. */
function jsonOrder(a: unknown, b: unknown): number {
  const x = JSON.stringify(a) ?? ''
  const y = JSON.stringify(b) ?? ''
  return x < y ? -1 : x > y ? 1 : 0
}

function withoutKeys<T extends object, K extends keyof T>(record: T, keys: readonly K[]): Omit<T, K> {
  const copy = { ...record }
  for (const key of keys) delete copy[key]
  return copy
}

/**
 * Field by field, the later edit wins (a product's price edited on one device and its name on
 * another keep both). Equal stamps with different values (only a device that reused a stamp
 * could make them) are settled by the values' text, so every replica picks the same.
 */
export function mergeStamped<T extends object>(a: Stamped<T>, b: Stamped<T>): Stamped<T> {
  const data = { ...a.data } as Record<string, unknown>
  const stamps = { ...a.stamps } as Record<string, Stamp>
  const fromB = b.data as Record<string, unknown>
  const stampsB = b.stamps as Record<string, Stamp>
  for (const key of new Set([...Object.keys(fromB), ...Object.keys(stampsB)])) {
    const mine = stamps[key] ?? ''
    const theirs = stampsB[key] ?? ''
    const theirsWins = theirs > mine || (theirs === mine && jsonOrder(fromB[key], data[key]) > 0)
    if (!theirsWins) continue
    if (key in fromB) data[key] = fromB[key]
    else delete data[key]
    if (theirs === '') delete stamps[key]
    else stamps[key] = theirs
  }
  return { data: data as T, stamps: stamps as Stamped<T>['stamps'] }
}

/** The latest stamp of a record: when it was last edited at all. */
export function lastStamp<T extends object>(record: Stamped<T>): Stamp {
  return Object.values<Stamp | undefined>(record.stamps).reduce<Stamp>((latest, s) => (s !== undefined && s > latest ? s : latest), '')
}

/** Records keyed by id, merged per id with `mergeOne`; ids only one side has are kept. */
export function mergeById<T>(a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>, mergeOne: (x: T, y: T) => T): Map<string, T> {
  const merged = new Map(a)
  for (const [id, theirs] of b) {
    const mine = merged.get(id)
    merged.set(id, mine === undefined ? theirs : mergeOne(mine, theirs))
  }
  return merged
}

/**
 * The stock ledger merges by union: rows are never changed, so a row's id names one fact, and
 * an action that must happen once (the restock of a cancelled order) has an id made from what it
 * is about, so two devices doing it make one row. Two rows claiming one id with different
 * contents are settled by their text, the same way on every replica.
 */
export function mergeLedger<R extends { id: string }>(a: readonly R[], b: readonly R[]): R[] {
  const rows = new Map<string, R>()
  for (const row of [...a, ...b]) {
    const known = rows.get(row.id)
    if (known === undefined || jsonOrder(row, known) < 0) rows.set(row.id, row)
  }
  return [...rows.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
}

/**
 * How far along the lifecycle a status is. Two devices may move an order apart (one ships it,
 * another cancels it); the merge keeps the furthest, so an order never goes back. The two
 * endings come last, refunded after cancelled: money returned is the last word.
 */
export const LIFECYCLE_RANK: Readonly<Record<OrderStatus, number>> = Object.fromEntries(ORDER_STATUSES.map((s, i) => [s, i])) as Record<OrderStatus, number>

/** What a merge needs of an order's history entry; `stamp` orders entries made in one millisecond. */
export interface MergeableEvent {
  status: OrderStatus
  at: number
  stamp: Stamp
}

export interface MergeableOrder<E extends MergeableEvent = MergeableEvent> {
  id: string
  status: OrderStatus
  history: E[]
}

/**
 * An order's status merges along the lifecycle (never backwards) and its history is the union
 * of both, in time order. The rest of an order (its lines and totals) is written once at
 * checkout and never changes; of two differing copies the merge keeps one, the same everywhere.
 */
export function mergeOrder<E extends MergeableEvent, O extends MergeableOrder<E>>(a: O, b: O): O {
  const events = new Map<string, E>()
  for (const event of [...a.history, ...b.history]) events.set(JSON.stringify(event), event)
  const history = [...events.entries()]
    .sort(([kx, x], [ky, y]) => x.at - y.at || (x.stamp < y.stamp ? -1 : x.stamp > y.stamp ? 1 : 0) || (kx < ky ? -1 : kx > ky ? 1 : 0))
    .map(([, event]) => event)
  const status = LIFECYCLE_RANK[b.status] > LIFECYCLE_RANK[a.status] ? b.status : a.status
  const restA = withoutKeys(a, ['history', 'status'])
  const restB = withoutKeys(b, ['history', 'status'])
  const rest = jsonOrder(restA, restB) <= 0 ? restA : restB
  return { ...rest, status, history } as O
}

/** A value with the stamp of the write that made it: a cart line, say. */
export interface Written<T> {
  value: T
  stamp: Stamp
}

/** Last write wins: a cart line keyed by (account, product) is what was written last, a removal included (value null). */
export function lastWriteWins<T>(a: Written<T>, b: Written<T>): Written<T> {
  if (a.stamp !== b.stamp) return a.stamp > b.stamp ? a : b
  return jsonOrder(a.value, b.value) <= 0 ? a : b
}

/** What the account merge needs of an account. */
export interface MergeableAccount {
  role: 'owner' | 'customer'
  deletedAt?: number
  /**
   * The stamp of the edit that took the owner role away (a demotion or a deletion). Kept by
   * the merge like any field, it tells who was an owner last when a merge would leave none.
   */
  ownerUntil?: Stamp
}

function isLiveOwner(account: MergeableAccount): boolean {
  return account.role === 'owner' && account.deletedAt === undefined
}

/**
 * Accounts merge field by field by their edit time: role changes, deletions and password
 * changes each carry their own stamp. This is a pure join; see ownerToRestore for the rule
 * that the shop never ends a merge with no owner.
 */
export function mergeAccounts<A extends MergeableAccount>(a: ReadonlyMap<string, Stamped<A>>, b: ReadonlyMap<string, Stamped<A>>): Map<string, Stamped<A>> {
  return mergeById(a, b, mergeStamped)
}

/**
 * The account to make owner again after a merge left the shop with none, or undefined when
 * there is an owner (or never was one). Two devices that each demoted or deleted a different
 * owner, each while the other was still there, would leave none: then the account that stopped
 * being an owner last is chosen, a kept account before a deleted one. The choice depends only
 * on the merged records, so every replica makes the same one.
 */
export function ownerToRestore<A extends MergeableAccount>(accounts: ReadonlyMap<string, Stamped<A>>): string | undefined {
  const all = [...accounts.entries()]
  if (all.some(([, acc]) => isLiveOwner(acc.data))) return undefined
  let best: { id: string; kept: boolean; until: Stamp } | undefined
  for (const [id, acc] of all) {
    const until = acc.data.ownerUntil
    if (until === undefined) continue
    const candidate = { id, kept: acc.data.deletedAt === undefined, until }
    if (!best || (candidate.kept && !best.kept) || (candidate.kept === best.kept && (until > best.until || (until === best.until && id > best.id)))) best = candidate
  }
  return best?.id
}

/**
 * Makes `id` an owner again, as an edit stamped `stamp` (the restoring device's clock), so
 * the restoration itself merges like any other edit. Unchanged when the id is unknown.
 */
export function restoreOwner<A extends MergeableAccount>(accounts: ReadonlyMap<string, Stamped<A>>, id: string, stamp: Stamp): Map<string, Stamped<A>> {
  const result = new Map(accounts)
  const account = accounts.get(id)
  if (!account) return result
  result.set(id, { data: { ...withoutKeys(account.data, ['deletedAt']), role: 'owner' } as A, stamps: { ...account.stamps, role: stamp, deletedAt: stamp } })
  return result
}
