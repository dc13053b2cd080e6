/**
 * The change log, written by one DBCore middleware in the same transaction as every write to
 * the shop's records, whoever writes (a service, the CSV import, a restore, an upgrade, a
 * test). For each record written or deleted it says which record (table and key), its
 * revision (1, 2, 3… per record), a hybrid-clock stamp that never goes backwards, and the
 * device; a deletion says so. Device-local tables (sessions, listings, and db.meta but for the
 * shop's settings) are never logged.
 *
 * Two tables, because Chromium's IndexedDB spends about 110 bytes on every row and as much
 * again on every index entry, whatever the row holds (measured: one row per record with an
 * `hlc` index came to 625 bytes per product, its product and ledger row, against 3,201 for
 * the whole catalog):
 * - `changes`, the journal: one row per write (a put of 20 products is one row listing their
 *   keys and revisions), in order by `seq`; "everything changed since a checkpoint, in
 *   order" is the rows after the checkpoint's seq (entriesOf spells out one row);
 * - `revisions`, keyed [table+key]: a record's revision, kept only once it is past 1 or
 *   deleted. A record with no row here is at revision 1 if it exists, so a catalog that was
 *   only seeded (products and ledger rows never change) costs no row per record at all.
 * Measured with `window.bench.storage(100000)`: 3,210 bytes per product, against 3,201 before
 * the log (+0.3 %).
 */
import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreRangeType, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie'
import { decodeHlc, encodeHlc, tickHlc, type Hlc } from '../domain/hlc'
import {
  CHANGES_TABLE,
  REVISIONS_TABLE,
  DEVICE_ID_KEY,
  SHOP_TABLES,
  isLogged,
  newDeviceId,
  type ChangeLogOptions,
  type ChangeRow,
  type RecordKey,
  type RevisionRow,
} from './changeLogRows'

export * from './changeLogRows'

/** What one transaction knows: the clock (read from the journal once, then ticked in memory) and the revisions it wrote. */
interface TransactionLog {
  last: Hlc | undefined
  started: boolean
  /** The device id this transaction made, until it commits. */
  device?: string
  /** Revisions this transaction gave, by record (keyText); they win over what was read before them. */
  revs: Map<string, { rev: number; deleted: boolean }>
  /** Log steps run one after another, in the order the writes were made. */
  tail: Promise<unknown>
}

const keyText = (table: string, key: unknown) => JSON.stringify([table, key])

/** Per transaction, the records a sync vouched for as the server's copies (see serverCopiesIn). */
const serverCopies = new WeakMap<object, Set<string>>()

/**
 * Tells the log that, in this readwrite transaction (Dexie's `Transaction.idbtrans`), the next
 * writes of these records put the server's copies of records this device does not hold
 * (no row, no revision row) or holds settled with the server: they are not journaled and
 * their revision does not move (an absent record becomes revision 1, as a first write would).
 * Nothing of the device's own is in them, so nothing is to be pushed, and the log spends no
 * reads on them. Used by the sync's join into a device with nothing waiting
 * (src/sync/applyFresh.ts), which checks those facts in the same transaction first. A write
 * naming any other record is logged as usual.
 */
export function serverCopiesIn(trans: object, table: string, keys: readonly unknown[]): void {
  let set = serverCopies.get(trans)
  if (!set) serverCopies.set(trans, (set = new Set()))
  for (const key of keys) set.add(keyText(table, key))
}

/** Whether every record `req` writes is one vouched for (serverCopiesIn). */
function onlyServerCopies(table: DBCoreTable, req: DBCoreMutateRequest): boolean {
  const vouched = serverCopies.get(req.trans)
  if (!vouched || (req.type !== 'add' && req.type !== 'put')) return false
  const extract = table.schema.primaryKey.extractKey
  return req.values.length > 0 && req.values.every((value, i) => {
    const key: unknown = req.keys?.[i] ?? extract?.(value)
    return key !== undefined && vouched.has(keyText(table.name, key))
  })
}

/** What a write needs read before it is made: revisions, and whether the records exist. */
interface Before {
  keys: readonly unknown[]
  revisions: Promise<(RevisionRow | undefined)[]>
  /** Whether each record existed just before the write; undefined when the write says (an add did not, a range did). */
  existed: Promise<boolean[]> | undefined
}

const ANY_RANGE = { type: 3 as DBCoreRangeType.Any, lower: -Infinity, upper: [[]] }

/**
 * The change-log middleware of one database. It sits below productIndexMiddleware (a lower
 * level), so it sees the products as written, and the listings, which it leaves alone; and
 * above Dexie's own, so liveQuery sees the log change too.
 */
export function changeLogMiddleware(options: ChangeLogOptions = {}): Middleware<DBCore> & {
  /** Reads this device's id from db.meta, if it has one yet; run when the database opens. */
  loadDeviceId(meta: { get(key: string): PromiseLike<{ value: unknown } | undefined> }): Promise<void>
} {
  const now = options.now ?? (() => Date.now())
  // The device id, read once per open (loadDeviceId) and kept: it never changes on a device.
  let device: string | undefined = options.deviceId
  const logs = new WeakMap<DBCoreTransaction, TransactionLog>()

  function logOf(trans: DBCoreTransaction): TransactionLog {
    let state = logs.get(trans)
    if (!state) logs.set(trans, (state = { last: undefined, started: false, revs: new Map(), tail: Promise.resolve() }))
    return state
  }

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

  /** Reads what the log needs before `req` is made; issued just before it, so it sees the records as they were. */
  function readBefore(down: DBCore, table: DBCoreTable, req: DBCoreMutateRequest): Promise<Before> {
    const { trans } = req
    const revisionsOf = (keys: readonly unknown[]) =>
      keys.length === 0 ? Promise.resolve([]) : (down.table(REVISIONS_TABLE).getMany({ trans, keys: keys.map((key) => [table.name, key]) }) as Promise<(RevisionRow | undefined)[]>)
    const exists = (keys: readonly unknown[]) =>
      keys.length === 0 ? Promise.resolve([]) : table.getMany({ trans, keys: [...keys] }).then((rows) => rows.map((row) => row !== undefined))
    const logged = (keys: readonly unknown[]) => keys.filter((key) => isLogged(table.name, key))
    switch (req.type) {
      case 'add':
      case 'put': {
        // Keys the write names (a key made by auto-increment is new, and read after the write).
        const extract = table.schema.primaryKey.extractKey
        const named = req.values.map((value, i) => req.keys?.[i] ?? extract?.(value)).filter((key) => key !== undefined)
        const keys = logged(named)
        return Promise.resolve({ keys, revisions: revisionsOf(keys), existed: req.type === 'put' ? exists(keys) : undefined })
      }
      case 'delete': {
        const keys = logged(req.keys)
        return Promise.resolve({ keys, revisions: revisionsOf(keys), existed: exists(keys) })
      }
      case 'deleteRange': {
        // A clear (a restore's) removes records the log must hear of: their keys are read first
        // (just before the deletion, so exactly what it removes; the revisions after).
        const found = table.query({ trans, values: false, query: { index: table.schema.primaryKey, range: req.range } })
        return found.then(({ result }) => {
          const keys = logged(result)
          return { keys, revisions: revisionsOf(keys), existed: undefined }
        })
      }
    }
  }

  /** Writes the journal row and the revisions of one write, after the log steps of earlier writes in its transaction. */
  async function log(down: DBCore, req: DBCoreMutateRequest, tableName: string, before: Before, res: DBCoreMutateResponse, tx: TransactionLog): Promise<void> {
    const { trans } = req
    const deleted = req.type === 'delete' || req.type === 'deleteRange'
    const [revisions, existed] = await Promise.all([before.revisions, before.existed])
    const named = new Map(before.keys.map((key, i) => [keyText(tableName, key), { revision: revisions[i], existed: existed?.[i] ?? req.type === 'deleteRange' }]))
    // The records the write changed: the ones it wrote (keys made by auto-increment included), or deleted.
    const keys = deleted ? before.keys : (res.results ?? []).filter((key, i) => !res.failures[i] && isLogged(tableName, key))
    const changed: { key: unknown; rev: number }[] = []
    for (const key of keys) {
      const text = keyText(tableName, key)
      const read = named.get(text)
      const prior = tx.revs.get(text) ?? (read?.revision ? { rev: read.revision.rev, deleted: read.revision.deleted === true } : { rev: read?.existed ? 1 : 0, deleted: !read?.existed })
      // Deleting what is not there changes nothing.
      if (deleted && prior.deleted) continue
      const rev = prior.rev + 1
      tx.revs.set(text, { rev, deleted })
      changed.push({ key, rev })
    }
    if (changed.length === 0) return
    const [deviceId] = await Promise.all([
      deviceIn(down, trans, tx),
      tx.started ? undefined : latestStamp(down.table(CHANGES_TABLE), trans).then((last) => ((tx.last = last), (tx.started = true))),
    ])
    // One wall-clock reading for the write: its records' stamps follow each other (see ChangeRow).
    const wall = now()
    const first = tickHlc(tx.last, wall, deviceId)
    tx.last = first
    for (let i = 1; i < changed.length; i++) tx.last = tickHlc(tx.last, wall, deviceId)
    const row: ChangeRow = { table: tableName, keys: changed.map((c) => c.key as RecordKey), revs: changed.map((c) => c.rev), hlc: encodeHlc(first), device: deviceId }
    if (deleted) row.deleted = true
    const revisionRows: RevisionRow[] = changed
      .filter((c) => c.rev > 1 || deleted)
      .map((c) => (deleted ? { table: tableName, key: c.key as RecordKey, rev: c.rev, deleted: true } : { table: tableName, key: c.key as RecordKey, rev: c.rev }))
    const written = await Promise.all([
      down.table(CHANGES_TABLE).mutate({ trans, type: 'add', values: [row] }),
      revisionRows.length > 0 ? down.table(REVISIONS_TABLE).mutate({ trans, type: 'put', values: revisionRows }) : undefined,
    ])
    for (const r of written) if (r) throwOnFailure(r)
  }

  function logged(down: DBCore, table: DBCoreTable, req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
    // Upgrades from before version 6 run without the log's stores: nothing to log then.
    const idbTx = req.trans as IDBTransaction
    if (!idbTx.objectStoreNames.contains(CHANGES_TABLE)) return table.mutate(req)
    // An upgrade never takes records out of the shop, it rewrites them (version 6 gave every
    // record a new id): what it deletes was only this device's old copy, so only its writes
    // are logged. Otherwise every record upgraded would leave a tombstone under its old key.
    if (idbTx.mode === 'versionchange' && (req.type === 'delete' || req.type === 'deleteRange')) return table.mutate(req)
    if (onlyServerCopies(table, req)) return table.mutate(req)
    const tx = logOf(req.trans)
    // Read, then write at once: IndexedDB runs a transaction's requests in order, so the reads see the records as they were.
    const before = readBefore(down, table, req)
    const written = table.mutate(req)
    const step = tx.tail.then(() => Promise.all([written, before]).then(([res, b]) => log(down, req, table.name, b, res, tx).then(() => res)))
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
          const needed = device ? [CHANGES_TABLE, REVISIONS_TABLE] : [CHANGES_TABLE, REVISIONS_TABLE, 'meta']
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
}

/** The latest stamp in the journal: its last row's last record's. */
async function latestStamp(changes: DBCoreTable, trans: DBCoreTransaction): Promise<Hlc | undefined> {
  const { result } = await changes.query({ trans, values: true, limit: 1, direction: 'prev', query: { index: changes.schema.primaryKey, range: ANY_RANGE } })
  const row = result[0] as ChangeRow | undefined
  if (!row) return undefined
  const first = decodeHlc(row.hlc)
  return { ...first, counter: first.counter + row.keys.length - 1 }
}

function throwOnFailure(res: DBCoreMutateResponse): void {
  if (res.numFailures > 0) throw Object.values(res.failures)[0] ?? new Error('The change log could not be written.')
}
