/**
 * The change log: for every record of the shop that is written or deleted, one row in
 * db.changes saying which record, its revision, the hybrid-clock stamp of its last change and
 * the device that made it — written by one DBCore middleware in the same transaction as the
 * change, whoever writes (a service, the CSV import, a restore, an upgrade, a test). A sync
 * (the next issue) reads "every record changed since a checkpoint, in order" from the `hlc`
 * index and the records themselves from their tables.
 *
 * One row per record, not an append-only log: sync needs the latest state of each record,
 * never the steps in between, and a record rewritten by every sale (a product) would
 * otherwise grow the log by a row per sale. A deletion keeps its row (a tombstone) so the
 * deletion travels too.
 *
 * Device-local tables (sessions, listings, and db.meta except the shop's settings) are
 * never logged.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreRangeType, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie'
import { decodeHlc, encodeHlc, tickHlc, type Hlc } from '../domain/hlc'

/** The change log's table. */
export const CHANGES_TABLE = 'changes'

/**
 * Version 6's changes table: one row per record keyed by [table+key]; `hlc` orders "what
 * changed since". The stamp's text ends with the device id, so the index order is the clock's.
 */
export const CHANGES_INDEXES_V6 = '[table+key], hlc'

/** Tables whose every record is the shop's, logged whole. */
const SHOP_TABLES: ReadonlySet<string> = new Set(['users', 'products', 'stockLedger', 'cartItems', 'orders', 'payments'])

/**
 * db.meta is device-local but for the shop's settings, under this key (services/reads/settings.ts
 * owns the name; db/ may not import services, so it is repeated here and a test ties the two).
 */
export const LOGGED_META_KEYS: ReadonlySet<string> = new Set(['shopSettings'])

/** The db.meta key of this device's id: device-local, never in a backup. */
export const DEVICE_ID_KEY = 'deviceId'

/** A record's key: a number, a string, or an array of them (cart lines' [userId, productId]). */
export type RecordKey = number | string | Date | ArrayBuffer | RecordKey[]

/** The log's row for one record of the shop. */
export interface ChangeRow {
  /** The record's table, as Dexie names it ('products', 'meta' for the settings). */
  table: string
  key: RecordKey
  /** 1 when the record was first written, then one more per change (deletion included). */
  rev: number
  /** The hybrid-clock stamp of the record's last change, as encodeHlc writes it. */
  hlc: string
  /** The device that made the last change. */
  device: string
  /** Present, and true, when the last change deleted the record. */
  deleted?: true
}

/** Whether a write to `table` with key `key` belongs in the log. */
export function isLogged(table: string, key: unknown): boolean {
  return SHOP_TABLES.has(table) || (table === 'meta' && typeof key === 'string' && LOGGED_META_KEYS.has(key))
}

export interface ChangeLogOptions {
  /** The device id to stamp with, instead of the one kept in db.meta (tests). */
  deviceId?: string
  /** The wall clock, in ms since the epoch (tests set it backwards). */
  now?: () => number
}

/** A new device id: 8 random base-36 characters (about 41 bits), short because every stamp ends with it. */
export function newDeviceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8))
  return Array.from(bytes, (b) => (b % 36).toString(36)).join('')
}

/** What one transaction knows of the clock: read from the log once, then ticked in memory. */
interface TransactionLog {
  last: Hlc | undefined
  started: boolean
  /** The device id this transaction made, until it commits. */
  device?: string
  /** Log writes run one after another, so two writes to one record count its revision twice. */
  tail: Promise<unknown>
}

const keyText = (key: unknown) => JSON.stringify(key)

/**
 * The change-log middleware of one database. It sits below productIndexMiddleware (a lower
 * level), so it sees the products as written, index fields and all, and the listings, which
 * it leaves alone; and above Dexie's own, so liveQuery sees db.changes change too.
 */
export function changeLogMiddleware(options: ChangeLogOptions = {}): Middleware<DBCore> & {
  /** Reads this device's id from db.meta, if it has one yet; run when the database opens. */
  loadDeviceId(meta: { get(key: string): PromiseLike<{ value: unknown } | undefined> }): Promise<void>
} {
  const now = options.now ?? (() => Date.now())
  // The device id, read once per open (see loadDeviceId) and kept: it never changes on a device.
  let device: string | undefined = options.deviceId
  const logs = new WeakMap<DBCoreTransaction, TransactionLog>()

  /**
   * The device id inside `trans`: the one read at open, else read from db.meta or, on the
   * device's first logged write, made there (such transactions have meta in them, see
   * `transaction` below; an upgrade's has every store).
   */
  async function deviceIn(down: DBCore, trans: DBCoreTransaction, tx: TransactionLog): Promise<string> {
    if (device) return device
    if (tx.device) return tx.device
    if (!(trans as IDBTransaction).objectStoreNames.contains('meta')) throw new Error('The change log needs the device id, and db.meta is not in this transaction.')
    const meta = down.table('meta')
    const row = (await meta.get({ trans, key: DEVICE_ID_KEY })) as { value: unknown } | undefined
    if (typeof row?.value === 'string' && row.value) return (device = row.value)
    const made = newDeviceId()
    throwOnFailure(await meta.mutate({ trans, type: 'put', values: [{ key: DEVICE_ID_KEY, value: made }] }))
    // Kept for good only once the transaction commits: an aborted one leaves no id in db.meta.
    ;(trans as IDBTransaction).addEventListener('complete', () => (device ??= made))
    return (tx.device = made)
  }

  /** Writes the log rows of `keys` of `table` (deleted or written) after the previous log write of this transaction. */
  function log(down: DBCore, trans: DBCoreTransaction, table: string, keys: readonly unknown[], deleted: boolean): Promise<void> {
    const logged = keys.filter((key) => isLogged(table, key))
    if (logged.length === 0) return Promise.resolve()
    let state = logs.get(trans)
    if (!state) logs.set(trans, (state = { last: undefined, started: false, tail: Promise.resolve() }))
    const tx = state
    const changes = down.table(CHANGES_TABLE)
    const step = tx.tail.then(async () => {
      const ids = logged.map((key) => [table, key])
      const [before, deviceId] = await Promise.all([
        changes.getMany({ trans, keys: ids }) as Promise<(ChangeRow | undefined)[]>,
        deviceIn(down, trans, tx),
        tx.started ? undefined : latestStamp(changes, trans).then((last) => ((tx.last = last), (tx.started = true))),
      ])
      const revs = new Map<string, number>()
      const rows: ChangeRow[] = logged.map((key, i) => {
        const text = keyText(key)
        const rev = (revs.get(text) ?? before[i]?.rev ?? 0) + 1
        revs.set(text, rev)
        tx.last = tickHlc(tx.last, now(), deviceId)
        const row: ChangeRow = { table, key: key as RecordKey, rev, hlc: encodeHlc(tx.last), device: deviceId }
        if (deleted) row.deleted = true
        return row
      })
      throwOnFailure(await changes.mutate({ trans, type: 'put', values: rows }))
    })
    // A failed step fails its write (and so the transaction); later steps still run in order.
    tx.tail = step.catch(() => undefined)
    return step
  }

  return {
    stack: 'dbcore',
    name: 'ChangeLog',
    level: 9,
    loadDeviceId: async (meta) => {
      if (options.deviceId) return
      const row = await meta.get(DEVICE_ID_KEY)
      device = typeof row?.value === 'string' && row.value ? row.value : undefined
    },
    create: (down) => {
      const hasLog = down.schema.tables.some((t) => t.name === CHANGES_TABLE)
      return {
        ...down,
        // Every readwrite transaction that may write a logged table gets the log in it as well,
        // and db.meta until the device has an id (made there by its first logged write).
        transaction: (stores, mode, opts) => {
          if (!hasLog || mode !== 'readwrite' || !stores.some((s) => SHOP_TABLES.has(s) || s === 'meta')) return down.transaction(stores, mode, opts)
          const needed = device ? [CHANGES_TABLE] : [CHANGES_TABLE, 'meta']
          return down.transaction([...stores, ...needed.filter((s) => !stores.includes(s))], mode, opts)
        },
        table(name) {
          const table = down.table(name)
          if (!SHOP_TABLES.has(name) && name !== 'meta') return table
          return { ...table, mutate: (req) => logged(down, table, req) }
        },
      }
    },
  }

  function logged(down: DBCore, table: DBCoreTable, req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
    // Upgrades from before version 6 run without the log's store: nothing to log then.
    if (!(req.trans as IDBTransaction).objectStoreNames.contains(CHANGES_TABLE)) return table.mutate(req)
    const name = table.name
    switch (req.type) {
      case 'add':
      case 'put':
        return table.mutate(req).then((res) => {
          const keys = (res.results ?? []).filter((_, i) => !res.failures[i])
          return log(down, req.trans, name, keys, false).then(() => res)
        })
      case 'delete':
        return table.mutate(req).then((res) => log(down, req.trans, name, req.keys, true).then(() => res))
      case 'deleteRange': {
        // A clear (a restore's) removes records the log must hear of: their keys are read first.
        const removed = table.query({ trans: req.trans, values: false, query: { index: table.schema.primaryKey, range: req.range } })
        return removed.then(({ result }) => table.mutate(req).then((res) => log(down, req.trans, name, result, true).then(() => res)))
      }
    }
  }
}

/** The latest stamp in the log (this device's or, once sync brings them, another's), or none. */
async function latestStamp(changes: DBCoreTable, trans: DBCoreTransaction): Promise<Hlc | undefined> {
  const index = changes.schema.getIndexByKeyPath('hlc')
  if (!index) throw new Error('The change log has no hlc index.')
  const { result } = await changes.query({ trans, values: true, limit: 1, direction: 'prev', query: { index, range: { type: 3 as DBCoreRangeType.Any, lower: -Infinity, upper: [[]] } } })
  const row = result[0] as ChangeRow | undefined
  return row ? decodeHlc(row.hlc) : undefined
}

function throwOnFailure(res: DBCoreMutateResponse): void {
  if (res.numFailures > 0) throw Object.values(res.failures)[0] ?? new Error('The change log could not be written.')
}
