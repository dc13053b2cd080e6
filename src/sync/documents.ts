/**
 * The shop's records as documents on the sync server, and back (pure: no database, no
 * network). `_id` is `<table>:<key>`; the body carries the table, the record as `data`, the
 * hybrid-clock stamp of its last change and the device that made it. A deletion is a
 * tombstone with no data. Products travel without their derived index fields, and a photo (a
 * Blob) as a data: URL.
 */
import { blobToDataUrl, dataUrlToBlob } from '../db/dataUrl'
import type { RecordKey } from '../db/changeLogRows'
import type { CouchDoc } from './couch'

/** The tables whose records sync, and `meta` for the shop's settings. */
export const SYNCED_TABLES = ['users', 'products', 'stockLedger', 'orders', 'payments', 'cartItems', 'meta'] as const
export type SyncedTable = (typeof SYNCED_TABLES)[number]

/** The db.meta keys that sync (the shop's settings); every other meta row is this device's. */
export const SYNCED_META_KEYS: ReadonlySet<string> = new Set(['shopSettings'])

/**
 * The products' fields the database derives on every write (db/database.ts): never sent.
 * `oversold` is one (present while stock < 0): a till's server refuses fields it does not know.
 */
const DERIVED_PRODUCT_FIELDS = ['nameKey', 'nameWords', 'listed', 'stocked', 'stockGap', 'oversold'] as const

/** The cart of this device's guest stays on the device: a guest is nobody on another till. */
const GUEST_ID = 'guest'

export interface ShopDoc extends CouchDoc {
  table: SyncedTable
  /** The record; absent on a deletion. */
  data?: Record<string, unknown>
  /** The stamp of the change this document carries (encodeHlc). */
  hlc: string
  device: string
}

/** What a document says about one record: its new value, or that it is gone. */
export interface DocRecord {
  table: SyncedTable
  key: string | string[]
  /** undefined when the record was deleted. */
  record: Record<string, unknown> | undefined
  hlc: string
  device: string
}

const isSyncedTable = (table: string): table is SyncedTable => (SYNCED_TABLES as readonly string[]).includes(table)

/** Whether the record `key` of `table` travels to the server at all. */
export function isSynced(table: string, key: RecordKey): boolean {
  if (!isSyncedTable(table)) return false
  if (table === 'meta') return typeof key === 'string' && SYNCED_META_KEYS.has(key)
  if (table === 'cartItems') return Array.isArray(key) && key.length === 2 && key[0] !== GUEST_ID
  return typeof key === 'string'
}

/** The document id of a record. */
export function docIdOf(table: string, key: RecordKey): string {
  return `${table}:${Array.isArray(key) ? key.join(':') : String(key)}`
}

/** The record a document id names, or undefined for a document that is not one of the shop's records (stock docs, design docs). */
export function parseDocId(id: string): { table: SyncedTable; key: string | string[] } | undefined {
  const colon = id.indexOf(':')
  if (colon <= 0) return undefined
  const table = id.slice(0, colon)
  const rest = id.slice(colon + 1)
  if (!isSyncedTable(table) || rest === '') return undefined
  if (table === 'cartItems') {
    const parts = rest.split(':')
    return parts.length === 2 && parts[0] && parts[1] ? { table, key: [parts[0], parts[1]] } : undefined
  }
  return isSynced(table, rest) ? { table, key: rest } : undefined
}

/**
 * The document for a record as it is now (`record` undefined: deleted). Async only because a
 * photo is read into a data: URL.
 */
export async function toDoc(
  table: SyncedTable,
  key: string | string[],
  record: Record<string, unknown> | undefined,
  meta: { rev?: string | undefined; hlc: string; device: string },
): Promise<ShopDoc> {
  const doc: ShopDoc = { _id: docIdOf(table, key), table, hlc: meta.hlc, device: meta.device }
  if (meta.rev) doc._rev = meta.rev
  if (record === undefined) {
    doc._deleted = true
    return doc
  }
  const data = { ...record }
  if (table === 'products') {
    for (const field of DERIVED_PRODUCT_FIELDS) delete data[field]
    if (data.image instanceof Blob) data.image = await blobToDataUrl(data.image)
  }
  doc.data = data
  return doc
}

/** What a document from the server says, or undefined when it is not a record of the shop (or is malformed). */
export function fromDoc(doc: CouchDoc): DocRecord | undefined {
  const named = parseDocId(doc._id)
  if (!named) return undefined
  const hlc = typeof doc.hlc === 'string' ? doc.hlc : ''
  const device = typeof doc.device === 'string' ? doc.device : ''
  if (doc._deleted === true) return { ...named, record: undefined, hlc, device }
  const data = doc.data
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined
  const record: Record<string, unknown> = { ...(data as Record<string, unknown>) }
  // The key fields come from the id, so a document can never put a record under another key.
  if (named.table === 'cartItems') {
    const [userId, productId] = named.key as string[]
    record.userId = userId
    record.productId = productId
  } else if (named.table === 'meta') record.key = named.key
  else record.id = named.key
  if (named.table === 'products') {
    for (const field of DERIVED_PRODUCT_FIELDS) delete record[field]
    if (typeof record.image === 'string') {
      const blob = dataUrlToBlob(record.image)
      if (blob) record.image = blob
      else delete record.image
    }
  }
  return { ...named, record, hlc, device }
}
