/**
 * The shop's backup file: its envelope (format, version, checksum) and every check a file
 * passes before anything is written — JSON, format and version, checksum, records, then
 * unique keys and references. What each table's records look like is schemas.ts's; what they
 * mean (stock, totals, payments, settings, security fields) is meaning.ts's; moving them
 * between file and database is tables.ts's; the use cases are in services/backup.ts.
 *
 * Raise BACKUP_FORMAT_VERSION only when an older reader would misunderstand a newer file.
 */
import * as v from 'valibot'
import { localDateStamp } from '../../domain/dateStamp'
import { refuse } from './refuse'
import type { LegacyIdRow } from '../database'
import { BACKUP_TABLE_NAMES, BACKUP_TABLES, time, type BackupTableName, type BackupTables } from './schemas'
import { convertV1Tables } from './v1'

export const BACKUP_FORMAT = 'offline-shop-backup'
/**
 * 2: global ids (strings) and order numbers with the device's code ("K7-1042", with its
 * sequence). Files of version 1 (numeric ids and order numbers) are still read: v1.ts
 * converts them on the way in.
 */
export const BACKUP_FORMAT_VERSION = 2
/** The oldest format version this reader converts. */
const OLDEST_READABLE_VERSION = 1

/** A backup as written to the file. */
export interface ShopBackupFile {
  format: typeof BACKUP_FORMAT
  formatVersion: typeof BACKUP_FORMAT_VERSION
  /** The app version that wrote the file. */
  appVersion: string
  /** The database schema version the records come from. */
  schemaVersion: number
  exportedAt: number
  /** "sha256:" and the hex SHA-256 of JSON.stringify(tables). */
  checksum: string
  tables: BackupTables
}

// ---- Writing --------------------------------------------------------------------------------

async function sha256(textToHash: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(textToHash))
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** The checksum of a file's tables, exactly as they are written (key order included). */
export async function checksumOf(tables: unknown): Promise<string> {
  return `sha256:${await sha256(JSON.stringify(tables))}`
}

/** Builds the backup file for `tables`. Uses WebCrypto: call it outside any transaction. */
export async function createBackup(
  tables: BackupTables,
  { appVersion, schemaVersion, exportedAt }: { appVersion: string; schemaVersion: number; exportedAt: number },
): Promise<ShopBackupFile> {
  // Table order is the registry's, whatever order the caller built the object in.
  const ordered = Object.fromEntries(BACKUP_TABLE_NAMES.map((name) => [name, tables[name]])) as BackupTables
  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    appVersion,
    schemaVersion,
    exportedAt,
    checksum: await checksumOf(ordered),
    tables: ordered,
  }
}

export function serializeBackup(file: ShopBackupFile): string {
  return JSON.stringify(file, null, 1)
}

/** offline-shop-backup-2024-05-31.json, dated the day it was exported where it was exported. */
export function backupFileName(file: Pick<ShopBackupFile, 'exportedAt'>): string {
  return `offline-shop-backup-${localDateStamp(file.exportedAt)}.json`
}

// ---- Reading --------------------------------------------------------------------------------

const Envelope = v.object({
  format: v.literal(BACKUP_FORMAT),
  formatVersion: v.number(),
  appVersion: v.string(),
  schemaVersion: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  exportedAt: time,
  checksum: v.pipe(v.string(), v.regex(/^sha256:[0-9a-f]{64}$/)),
  tables: v.record(v.string(), v.array(v.unknown())),
})

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue)
  return path ? `${path}: ${issue.message}` : issue.message
}

function checkRecords<K extends BackupTableName>(tableName: K, rows: unknown[]): BackupTables[K] {
  const { schema, noun } = BACKUP_TABLES[tableName]
  return rows.map((row, index) => {
    const result = v.safeParse(schema, row)
    if (!result.success) {
      refuse(`The ${noun} at position ${index + 1} of “${tableName}” is not valid (${describeIssue(result.issues[0])}).`)
    }
    return result.output
  }) as BackupTables[K]
}

function checkUnique(tables: BackupTables): void {
  for (const tableName of BACKUP_TABLE_NAMES) {
    const { noun, unique } = BACKUP_TABLES[tableName]
    const rows = tables[tableName] as never[]
    for (const [label, keyOf] of Object.entries(unique) as [string, (row: never) => unknown][]) {
      const seen = new Set<unknown>()
      for (const row of rows) {
        const key = keyOf(row)
        if (seen.has(key)) refuse(`Two ${noun}s in “${tableName}” have the same ${label} (${String(key)}).`)
        seen.add(key)
      }
    }
  }
}

function checkReferences(tables: BackupTables): void {
  const users = new Set(tables.users.map((u) => u.id))
  const products = new Set(tables.products.map((p) => p.id))
  const orders = new Set(tables.orders.map((o) => o.id))
  for (const item of tables.cartItems) {
    if (!users.has(item.userId)) refuse(`A cart line belongs to account ${item.userId}, which is not in the backup.`)
    if (!products.has(item.productId)) refuse(`A cart line holds product ${item.productId}, which is not in the backup.`)
  }
  for (const order of tables.orders) {
    if (!users.has(order.userId)) refuse(`Order #${order.number} belongs to account ${order.userId}, which is not in the backup.`)
    order.lines.forEach((line, i) => {
      if (!products.has(line.productId)) refuse(`Order #${order.number}: line ${i + 1} (${line.name}) is of product ${line.productId}, which is not in the backup.`)
    })
  }
  for (const movement of tables.stockLedger) {
    if (!products.has(movement.productId)) refuse(`Stock movement ${movement.id} is of product ${movement.productId}, which is not in the backup.`)
    if (movement.orderId !== undefined && !orders.has(movement.orderId)) {
      refuse(`Stock movement ${movement.id} belongs to order ${movement.orderId}, which is not in the backup.`)
    }
  }
  for (const payment of tables.payments) {
    if (payment.orderId !== null && !orders.has(payment.orderId)) refuse(`Payment ${payment.id} belongs to order ${payment.orderId}, which is not in the backup.`)
  }
  // A deleted account keeps no role worth the name: the restored shop needs an owner who can log in.
  if (!tables.users.some((u) => u.role === 'owner' && u.deletedAt === undefined)) refuse('The backup has no owner account, so nobody could run the restored shop.')
}

/** A file as read: in version 2's shape whatever version it was, with what a version-1 file's old ids became. */
export type ParsedBackup = ShopBackupFile & {
  /** Old numeric addresses of a version-1 file's records (`products:25` → id); empty for version 2. */
  legacyIds: LegacyIdRow[]
}

/**
 * Reads a backup file's text and checks all of it, in this order: JSON, format, format
 * version, envelope, tables (unknown and missing), checksum, every record, unique keys and
 * references. A version-1 file is converted (v1.ts) after its checksum is checked and before
 * its records are, with `deviceCode` starting its order numbers. Throws a ValidationError for
 * the `file` field saying what is wrong; writes nothing. Uses WebCrypto: call it outside any
 * transaction.
 */
export async function parseBackup(fileText: string, { deviceCode }: { deviceCode?: string } = {}): Promise<ParsedBackup> {
  let data: unknown
  try {
    data = JSON.parse(fileText)
  } catch {
    refuse('This file is not valid JSON, so it is not a shop backup (it may be damaged or cut short).')
  }
  if (!isRecord(data) || data.format !== BACKUP_FORMAT) refuse('This file is not an Offline Shop backup.')
  const readable = typeof data.formatVersion === 'number' && data.formatVersion >= OLDEST_READABLE_VERSION && data.formatVersion <= BACKUP_FORMAT_VERSION
  if (!readable || !Number.isInteger(data.formatVersion)) {
    const found = typeof data.formatVersion === 'number' ? `format version ${data.formatVersion}` : 'an unknown format version'
    refuse(
      `This backup uses ${found}; this version of the shop reads format versions ${OLDEST_READABLE_VERSION} to ${BACKUP_FORMAT_VERSION}.` +
        (typeof data.formatVersion === 'number' && data.formatVersion > BACKUP_FORMAT_VERSION ? ' Update the shop, then try again.' : ''),
    )
  }
  const envelope = v.safeParse(Envelope, data)
  if (!envelope.success) refuse(`The backup file is incomplete (${describeIssue(envelope.issues[0])}).`)
  const { tables: rawTables, checksum } = envelope.output

  const unknown = Object.keys(rawTables).filter((tableName) => !(tableName in BACKUP_TABLES))
  if (unknown.length > 0) {
    refuse(`The backup holds ${unknown.length === 1 ? 'a table' : 'tables'} this version of the shop does not know: ${unknown.map((t) => `“${t}”`).join(', ')}.`)
  }
  const missing = BACKUP_TABLE_NAMES.filter((tableName) => !(tableName in rawTables) && !BACKUP_TABLES[tableName].optional)
  if (missing.length > 0) refuse(`The backup is missing ${missing.map((t) => `“${t}”`).join(', ')}.`)

  // Over the tables exactly as parsed, so any change to the file since export shows.
  if ((await checksumOf(data.tables)) !== checksum) {
    refuse('The backup file was damaged or changed after it was exported: its checksum does not match.')
  }

  let legacyIds: LegacyIdRow[] = []
  let fileTables = rawTables
  if (envelope.output.formatVersion === 1) {
    if (deviceCode === undefined) throw new Error('parseBackup: a version-1 file needs the device code for its order numbers')
    ;({ tables: fileTables, legacyIds } = convertV1Tables(rawTables, { deviceCode }))
  }
  const tables = Object.fromEntries(
    BACKUP_TABLE_NAMES.map((tableName) => [tableName, checkRecords(tableName, fileTables[tableName] ?? [])]),
  ) as BackupTables
  checkUnique(tables)
  checkReferences(tables)

  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    appVersion: envelope.output.appVersion,
    schemaVersion: envelope.output.schemaVersion,
    exportedAt: envelope.output.exportedAt,
    checksum,
    tables,
    legacyIds,
  }
}

/** What a person is told about a file before restoring it. */
export interface BackupSummary {
  appVersion: string
  exportedAt: number
  counts: { [K in BackupTableName]: number }
}

export function summarizeBackup(file: ShopBackupFile): BackupSummary {
  const counts = Object.fromEntries(BACKUP_TABLE_NAMES.map((tableName) => [tableName, file.tables[tableName].length]))
  return { appVersion: file.appVersion, exportedAt: file.exportedAt, counts: counts as BackupSummary['counts'] }
}
