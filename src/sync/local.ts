/**
 * What the engine reads of this device's side: the change log's unpushed tail, records'
 * current revisions, the sync checkpoints in db.meta, and the stores a sync transaction needs.
 */
import type { Table } from 'dexie'
import { entriesOf, type ChangeEntry, type RecordKey } from '../db/changeLogRows'
import type { ShopDatabase, SyncRevRow } from '../db/database'
import { docIdOf, isSynced, SYNCED_TABLES, type SyncedTable } from './documents'
import { SYNC_PULL_SEQ_KEY, SYNC_PUSH_SEQ_KEY } from './types'

export type AnyRecord = Record<string, unknown>
export type RecordTable = Table<AnyRecord, unknown>

/** Every store a sync write touches (the change log's are added by its middleware anyway). */
export function syncStores(): string[] {
  return [...SYNCED_TABLES, 'syncRevs', 'changes', 'revisions']
}

export function tableOf(db: ShopDatabase, table: SyncedTable): RecordTable {
  return db.table(table) as RecordTable
}

/** A record key as syncRevs and documents hold it. */
export type SyncKey = string | string[]

export async function readSeq(db: ShopDatabase, key: typeof SYNC_PULL_SEQ_KEY | typeof SYNC_PUSH_SEQ_KEY): Promise<string | number | undefined> {
  const row = await db.meta.get(key)
  return typeof row?.value === 'string' || typeof row?.value === 'number' ? row.value : undefined
}

export async function readPushSeq(db: ShopDatabase): Promise<number> {
  const seq = await readSeq(db, SYNC_PUSH_SEQ_KEY)
  return typeof seq === 'number' ? seq : 0
}

/** The journal's last seq (0 when empty). */
export async function lastJournalSeq(db: ShopDatabase): Promise<number> {
  return ((await db.changes.orderBy(':id').lastKey()) as number | undefined) ?? 0
}

/** A record's latest change after the push checkpoint. */
export interface TailEntry extends ChangeEntry {
  table: SyncedTable
  key: SyncKey
  /** The journal row it is in. */
  seq: number
}

/**
 * The records changed after `afterSeq`, each with its latest entry, read row by row until
 * `maxRecords` distinct records (a row is never split). `throughSeq` is the last row read.
 */
export async function readTail(db: ShopDatabase, afterSeq: number, maxRecords = Infinity): Promise<{ latest: Map<string, TailEntry>; throughSeq: number; more: boolean }> {
  const latest = new Map<string, TailEntry>()
  let throughSeq = afterSeq
  for (;;) {
    const rows = await db.changes.where('seq').above(throughSeq).limit(100).toArray()
    for (const row of rows) {
      if (latest.size >= maxRecords) return { latest, throughSeq, more: true }
      for (const entry of entriesOf(row)) {
        if (!isSynced(entry.table, entry.key)) continue
        latest.set(docIdOf(entry.table, entry.key), { ...entry, table: entry.table as SyncedTable, key: entry.key as SyncKey, seq: row.seq ?? 0 })
      }
      throughSeq = row.seq ?? throughSeq
    }
    if (rows.length < 100) return { latest, throughSeq, more: false }
  }
}

/**
 * The current local revision of each record (the change log's: a record with no row there is
 * at 1 if it exists, `exists` says; else 0) and its syncRevs row. Inside the caller's transaction.
 */
export async function revisionsOf(
  db: ShopDatabase,
  records: readonly { table: SyncedTable; key: SyncKey }[],
  exists: (i: number) => boolean,
): Promise<{ rev: number; deleted: boolean; sync: SyncRevRow | undefined }[]> {
  const keys = records.map((r) => [r.table, r.key as RecordKey] as [string, RecordKey])
  const [revs, syncs] = await Promise.all([db.revisions.bulkGet(keys), db.syncRevs.bulkGet(keys as [string, SyncKey][])])
  return records.map((_, i) => {
    const row = revs[i]
    return { rev: row?.rev ?? (exists(i) ? 1 : 0), deleted: row?.deleted === true, sync: syncs[i] }
  })
}

/** The records of several tables by key, in the order asked, in as many bulk reads as tables. */
export async function recordsOf(db: ShopDatabase, records: readonly { table: SyncedTable; key: SyncKey }[]): Promise<(AnyRecord | undefined)[]> {
  const out: (AnyRecord | undefined)[] = Array.from({ length: records.length })
  const byTable = new Map<SyncedTable, number[]>()
  records.forEach((r, i) => {
    const list = byTable.get(r.table)
    if (list) list.push(i)
    else byTable.set(r.table, [i])
  })
  await Promise.all(
    [...byTable].map(async ([table, indexes]) => {
      const rows = await tableOf(db, table).bulkGet(indexes.map((i) => records[i]!.key))
      indexes.forEach((at, j) => (out[at] = rows[j]))
    }),
  )
  return out
}

/** A name a person knows a record by, for a refusal. */
export function labelOf(table: SyncedTable, key: SyncKey, record: AnyRecord | undefined): string {
  const text = (field: string) => (typeof record?.[field] === 'string' ? (record[field] as string) : undefined)
  switch (table) {
    case 'products':
      return text('name') ?? `product ${String(key)}`
    case 'orders':
      return `order ${text('number') ?? String(key)}`
    case 'users':
      return `the account ${text('username') ?? String(key)}`
    case 'stockLedger':
      return 'a stock change'
    case 'payments':
      return 'a payment'
    case 'cartItems':
      return 'a cart line'
    case 'meta':
      return 'the shop settings'
  }
}
