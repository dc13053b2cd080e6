/**
 * The shop's backup file: its format, one record schema per table (valibot), and every check
 * a file passes before anything is written — JSON, format and version, checksum, records,
 * then unique keys and references. The use cases that read and write the database are in
 * services/backup.ts.
 *
 * Growing the shop: a new field goes into its table's schema — as `v.optional(schema, default)`
 * when files from older versions lack it, so they still import. A new table gets an entry in
 * BACKUP_TABLES (with `optional: true` if older files lack it). A table that is device state
 * rather than shop data goes into DEVICE_TABLES; one derived from another table goes into
 * DERIVED_TABLES. Raise BACKUP_FORMAT_VERSION only when an
 * older reader would misunderstand a newer file; the compile-time checks at the bottom and
 * tests/unit/db/backup.test.ts fail until a new table or field is covered here.
 */
import * as v from 'valibot'
import { ValidationError } from '../domain/errors'
import type { CartItem } from '../domain/cart'
import type { Order } from '../domain/order'
import type { Product } from '../domain/product'
import type { User } from '../domain/user'
import type { StockMovement } from '../domain/stock'
import { DEVICE_SESSION_KEY, type MetaRow, type PaymentRecord, type ShopDatabase } from './database'
import { dataUrlToBlob } from './dataUrl'

export const BACKUP_FORMAT = 'offline-shop-backup'
export const BACKUP_FORMAT_VERSION = 1

/** Tables that describe this device rather than the shop (who is logged in here); never exported. */
export const DEVICE_TABLES = ['sessions'] as const

/** Tables the database derives from others as they are written (listings from products); never exported. */
export const DERIVED_TABLES = ['listings'] as const

// ---- Record schemas -------------------------------------------------------------------------

const id = v.pipe(v.number(), v.safeInteger(), v.minValue(1))
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0))
const positive = v.pipe(v.number(), v.safeInteger(), v.minValue(1))
const time = v.pipe(v.number(), v.safeInteger())
const money = count
const text = v.string()
const name = v.pipe(v.string(), v.nonEmpty())

const UserRecord = v.strictObject({
  id,
  username: name,
  usernameKey: name,
  role: v.picklist(['owner', 'customer']),
  // Wiped (empty) on a deleted account, whose row stays for the shop's order records.
  passwordHash: text,
  salt: text,
  iterations: positive,
  createdAt: time,
  // Files from before the accounts issue lack the lockout fields: they restore unlocked.
  failedLogins: v.optional(count, 0),
  lockedUntil: v.optional(time, 0),
  deletedAt: v.optional(time),
})

const ProductRecord = v.strictObject({
  id,
  sku: name,
  name,
  category: name,
  description: text,
  price: money,
  stock: count,
  lowStockThreshold: count,
  // The owner's photo as a data: URL (a Blob cannot go into JSON); absent for a drawn one.
  image: v.optional(v.pipe(v.string(), v.startsWith('data:image/'))),
  archived: v.boolean(),
  createdAt: time,
  updatedAt: time,
})

const StockMovementRecord = v.strictObject({
  id,
  productId: id,
  delta: v.pipe(v.number(), v.safeInteger()),
  reason: v.picklist(['initial', 'restock', 'adjustment', 'sale', 'cancellation']),
  stockAfter: count,
  orderId: v.optional(name),
  userId: v.optional(id),
  note: text,
  at: time,
})

const CartItemRecord = v.strictObject({
  userId: id,
  productId: id,
  quantity: positive,
  addedAt: time,
})

const OrderLineRecord = v.strictObject({
  productId: id,
  sku: name,
  name,
  unitPrice: money,
  quantity: positive,
  lineTotal: money,
})

const OrderStatusRecord = v.picklist(['placed', 'paid', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded'])

const PaymentMethodRecord = v.variant('kind', [
  v.strictObject({
    kind: v.literal('card'),
    // Only the brand and the last four digits of a card are ever kept.
    card: v.strictObject({
      brand: v.picklist(['Visa', 'Mastercard', 'American Express', 'Discover', 'Card']),
      last4: v.pipe(v.string(), v.regex(/^\d{4}$/)),
    }),
  }),
  v.strictObject({ kind: v.literal('on-delivery') }),
])

const OrderRecord = v.strictObject({
  id: name,
  number: positive,
  userId: id,
  customerName: text,
  createdAt: time,
  status: OrderStatusRecord,
  history: v.pipe(v.array(v.strictObject({ status: OrderStatusRecord, at: time, by: id, note: text })), v.minLength(1)),
  lines: v.pipe(v.array(OrderLineRecord), v.minLength(1)),
  currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/)),
  subtotal: money,
  taxRate: v.pipe(count, v.maxValue(10_000)),
  tax: money,
  total: money,
  payment: PaymentMethodRecord,
  restockedAt: v.optional(time),
})

const PaymentRecordSchema = v.strictObject({
  id: name,
  orderId: v.nullable(name),
  method: PaymentMethodRecord,
  status: v.picklist(['authorized', 'captured', 'voided', 'refunded']),
  amount: money,
  createdAt: time,
})

const MetaRecord = v.strictObject({
  key: name,
  value: v.unknown(),
})

interface TableSpec<S extends v.GenericSchema> {
  schema: S
  /** What one record is called in messages. */
  noun: string
  /** Keys no two records may share (the primary key first), by what a person calls them. */
  unique: Record<string, (record: v.InferOutput<S>) => unknown>
  /** Files from before this table existed lack it; it then restores as empty. */
  optional?: boolean
}

function table<S extends v.GenericSchema>(spec: TableSpec<S>): TableSpec<S> {
  return spec
}

/** Every table a backup holds, in the order the file lists and the import writes them. */
export const BACKUP_TABLES = {
  users: table({ schema: UserRecord, noun: 'account', unique: { id: (u) => u.id, username: (u) => u.usernameKey } }),
  products: table({ schema: ProductRecord, noun: 'product', unique: { id: (p) => p.id, SKU: (p) => p.sku } }),
  cartItems: table({
    schema: CartItemRecord,
    noun: 'cart line',
    unique: { 'account and product': (c) => `${c.userId}/${c.productId}` },
  }),
  orders: table({ schema: OrderRecord, noun: 'order', unique: { id: (o) => o.id, number: (o) => o.number } }),
  meta: table({ schema: MetaRecord, noun: 'setting', unique: { key: (m) => m.key } }),
  payments: table({ schema: PaymentRecordSchema, noun: 'payment', unique: { id: (p) => p.id } }),
  stockLedger: table({ schema: StockMovementRecord, noun: 'stock movement', unique: { id: (m) => m.id } }),
}

export type BackupTableName = keyof typeof BACKUP_TABLES
export const BACKUP_TABLE_NAMES = Object.keys(BACKUP_TABLES) as BackupTableName[]

export type BackupTables = { [K in BackupTableName]: v.InferOutput<(typeof BACKUP_TABLES)[K]['schema']>[] }

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

/** offline-shop-backup-2024-05-31.json */
export function backupFileName(file: Pick<ShopBackupFile, 'exportedAt'>): string {
  return `offline-shop-backup-${new Date(file.exportedAt).toISOString().slice(0, 10)}.json`
}

/** Reads every backed-up table. Call inside a transaction over them, for one consistent snapshot. */
export async function readBackupTables(db: ShopDatabase): Promise<StoredTables> {
  return {
    users: await db.users.toArray(),
    products: await db.products.toArray(),
    cartItems: await db.cartItems.toArray(),
    orders: await db.orders.toArray(),
    meta: await db.meta.filter((row) => row.key !== DEVICE_SESSION_KEY).toArray(),
    payments: await db.payments.toArray(),
    stockLedger: await db.stockLedger.toArray(),
  }
}

/** The Dexie tables a backup covers, for a transaction's scope. */
export function backupTablesOf(db: ShopDatabase) {
  return BACKUP_TABLE_NAMES.map((tableName) => db.table(tableName))
}

/** The backed-up tables as the database holds them: products with their photo as a Blob. */
export type StoredTables = Omit<BackupTables, 'products'> & { products: Product[] }

const INDEX_FIELDS = ['nameKey', 'nameWords', 'listed', 'stocked', 'stockGap'] as const

async function blobToDataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return `data:${blob.type || 'image/jpeg'};base64,${btoa(binary)}`
}

/** The tables as a file holds them: photos as data: URLs, no derived index fields. Outside any transaction. */
export async function toFileTables(stored: StoredTables): Promise<BackupTables> {
  const products = await Promise.all(
    stored.products.map(async (product) => {
      const record: Record<string, unknown> = { ...product }
      for (const field of INDEX_FIELDS) delete record[field]
      if (product.image) record.image = await blobToDataUrl(product.image)
      else delete record.image
      return record as BackupTables['products'][number]
    }),
  )
  return { ...stored, products }
}

/** The tables as the database holds them: photos back as Blobs. Outside any transaction. */
export function fromFileTables(file: BackupTables): StoredTables {
  const products = file.products.map(({ image, ...product }) => {
    if (!image) return product
    const blob = dataUrlToBlob(image)
    if (!blob) refuse(`The photo of product ${product.id} is not a readable image.`)
    return { ...product, image: blob }
  })
  return { ...file, products }
}

/** Replaces every backed-up table with `tables`. Call inside one readwrite transaction over them. */
export async function replaceBackupTables(db: ShopDatabase, tables: StoredTables): Promise<void> {
  for (const tableName of BACKUP_TABLE_NAMES) await db.table(tableName).clear()
  for (const tableName of BACKUP_TABLE_NAMES) await db.table(tableName).bulkAdd(tables[tableName])
}

// ---- Reading --------------------------------------------------------------------------------

/** Every refusal is a ValidationError for the file field, so the message shows next to it. */
function refuse(message: string): never {
  throw new ValidationError('file', `${message} Nothing was imported.`)
}

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
  for (const item of tables.cartItems) {
    if (!users.has(item.userId)) refuse(`A cart line belongs to account ${item.userId}, which is not in the backup.`)
    if (!products.has(item.productId)) refuse(`A cart line holds product ${item.productId}, which is not in the backup.`)
  }
  for (const order of tables.orders) {
    if (!users.has(order.userId)) refuse(`Order #${order.number} belongs to account ${order.userId}, which is not in the backup.`)
  }
  if (!tables.users.some((u) => u.role === 'owner')) refuse('The backup has no owner account, so nobody could run the restored shop.')
}

/**
 * Reads a backup file's text and checks all of it, in this order: JSON, format, format
 * version, envelope, tables (unknown and missing), checksum, every record, unique keys and
 * references. Throws a ValidationError for the `file` field saying what is wrong; writes
 * nothing. Uses WebCrypto: call it outside any transaction.
 */
export async function parseBackup(fileText: string): Promise<ShopBackupFile> {
  let data: unknown
  try {
    data = JSON.parse(fileText)
  } catch {
    refuse('This file is not valid JSON, so it is not a shop backup (it may be damaged or cut short).')
  }
  if (!isRecord(data) || data.format !== BACKUP_FORMAT) refuse('This file is not an Offline Shop backup.')
  if (data.formatVersion !== BACKUP_FORMAT_VERSION) {
    const found = typeof data.formatVersion === 'number' ? `format version ${data.formatVersion}` : 'an unknown format version'
    refuse(
      `This backup uses ${found}; this version of the shop reads format version ${BACKUP_FORMAT_VERSION}.` +
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

  const tables = Object.fromEntries(
    BACKUP_TABLE_NAMES.map((tableName) => [tableName, checkRecords(tableName, rawTables[tableName] ?? [])]),
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

// ---- Compile-time checks: each schema describes exactly what its table stores ---------------

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const schemasMatchTheDatabase: [
  Same<BackupTables['users'][number], User>,
  Same<StoredTables['products'][number], Product>,
  Same<BackupTables['cartItems'][number], CartItem>,
  Same<BackupTables['orders'][number], Order>,
  Same<BackupTables['meta'][number], MetaRow>,
  Same<BackupTables['payments'][number], PaymentRecord>,
  Same<BackupTables['stockLedger'][number], StockMovement>,
] = [true, true, true, true, true, true, true]
void schemasMatchTheDatabase
