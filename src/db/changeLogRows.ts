/**
 * The change log's rows and the pure facts about them (which tables and keys are logged, how a
 * journal row spells out its records, a device id): what a sync or a test reads without the
 * middleware that writes them (db/changeLog.ts).
 */
import { decodeHlc, encodeHlc } from '../domain/hlc'

/** The journal: one row per logged write, in order. */
export const CHANGES_TABLE = 'changes'
/** Revisions past 1, and deletions, per record. */
export const REVISIONS_TABLE = 'revisions'

/** Version 6's stores of the change log (see the file's header). */
export const CHANGE_LOG_STORES_V6 = { [CHANGES_TABLE]: '++seq', [REVISIONS_TABLE]: '[table+key]' }

/** Tables whose every record is the shop's, logged whole. */
export const SHOP_TABLES: ReadonlySet<string> = new Set(['users', 'products', 'stockLedger', 'cartItems', 'orders', 'payments'])

/**
 * db.meta is device-local but for the shop's settings, under this key (services/reads/settings.ts
 * owns the name; db/ may not import services, so it is repeated here and a test ties the two).
 */
export const LOGGED_META_KEYS: ReadonlySet<string> = new Set(['shopSettings'])

/** The db.meta key of this device's id: device-local, never in a backup. */
export const DEVICE_ID_KEY = 'deviceId'

/** A record's key: a number, a string, or an array of them (cart lines' [userId, productId]). */
export type RecordKey = number | string | Date | ArrayBuffer | RecordKey[]

/**
 * One row of the journal: one write of `keys.length` records of one table, all written or all
 * deleted. Their stamps follow each other from `hlc` (same wall time, counter one up each),
 * which keeps the row small; entriesOf lists them.
 */
export interface ChangeRow {
  /** The journal's order (auto-increment). */
  seq?: number
  /** The records' table, as Dexie names it ('meta' for the settings). */
  table: string
  keys: RecordKey[]
  /** Each record's revision after this change. */
  revs: number[]
  /** The first record's stamp (encodeHlc). */
  hlc: string
  /** The device that made the change. */
  device: string
  /** Present, and true, when the records were deleted. */
  deleted?: true
}

/** A record's revision once it is past 1 or deleted. */
export interface RevisionRow {
  table: string
  key: RecordKey
  rev: number
  deleted?: true
}

/** One record's change, as a sync reads it. */
export interface ChangeEntry {
  table: string
  key: RecordKey
  rev: number
  hlc: string
  device: string
  deleted: boolean
}

/** The journal row's changes, one per record, in the order they were made. */
export function entriesOf(row: ChangeRow): ChangeEntry[] {
  const first = decodeHlc(row.hlc)
  return row.keys.map((key, i) => ({
    table: row.table,
    key,
    rev: row.revs[i] ?? 1,
    hlc: encodeHlc({ ...first, counter: first.counter + i }),
    device: row.device,
    deleted: row.deleted === true,
  }))
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
