/**
 * What a backup holds: one record schema per table (valibot) and the registry of tables,
 * in the order the file lists and the import writes them.
 *
 * Growing the shop: a new field goes into its table's schema — as `v.optional(schema, default)`
 * when files from older versions lack it, so they still import. A new table gets an entry in
 * BACKUP_TABLES (with `optional: true` if older files lack it). A table that is device state
 * rather than shop data goes into DEVICE_TABLES; one derived from another table goes into
 * DERIVED_TABLES. The compile-time checks at the bottom and tests/unit/db/backup.test.ts fail
 * until a new table or field is covered here.
 */
import * as v from 'valibot'
import type { CartItem } from '../../domain/cart'
import type { Order } from '../../domain/order'
import type { Product } from '../../domain/product'
import { SHIPPED_PICTURE } from '../../domain/productArt'
import type { User } from '../../domain/user'
import type { StockMovement } from '../../domain/stock'
import type { MetaRow, PaymentRecord } from '../database'

/**
 * Tables that describe this device rather than the shop (who is logged in here, what its old
 * numeric addresses pointed at, what it knows of the sync server's copies); never exported.
 */
export const DEVICE_TABLES = ['sessions', 'legacyIds', 'syncRevs'] as const

/**
 * Tables the database derives from others as they are written (listings from products, the
 * change log from every write: a restore logs what it writes); never exported.
 */
export const DERIVED_TABLES = ['listings', 'changes', 'revisions'] as const

// ---- Record schemas -------------------------------------------------------------------------

/**
 * A record's id (domain/id.ts), a ledger row's id made from its action ('s:…:…'), or a
 * reference to one. Format version 1 had numbers here; its files are converted on the way in
 * (v1.ts).
 */
const id = v.pipe(v.string(), v.nonEmpty(), v.maxLength(200))
/** An account's or a product's own id: always one made by domain/id.ts (a product's is its address, /products/…). */
const recordId = v.pipe(v.string(), v.regex(/^[-0-9A-Za-z_]{13}$/, 'Expected a 13-character id'))
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0))
const positive = v.pipe(v.number(), v.safeInteger(), v.minValue(1))
/** A time in milliseconds since 1970, as every table stores it. */
export const time = v.pipe(v.number(), v.safeInteger())
const money = count
/**
 * A product's stock, or the stock a ledger row left: below zero only when devices that sold
 * apart have synced (the product is then oversold, domain/oversold.ts), so a backup of such
 * a shop restores; the meaning checks still hold it to its ledger's sum.
 */
const stockLevel = v.pipe(v.number(), v.safeInteger())
const text = v.string()
const name = v.pipe(v.string(), v.nonEmpty())

const UserRecord = v.strictObject({
  id: recordId,
  username: name,
  usernameKey: name,
  role: v.picklist(['owner', 'customer']),
  // Wiped (empty, and 0 iterations) on a deleted account, whose row stays for the shop's
  // order records; an active account's count is checked against the shop's minimum (meaning.ts).
  passwordHash: text,
  salt: text,
  iterations: count,
  createdAt: time,
  // Files from before the accounts issue lack the lockout fields: they restore unlocked.
  failedLogins: v.optional(count, 0),
  lockedUntil: v.optional(time, 0),
  deletedAt: v.optional(time),
  // The username a sync clash took (domain/usernameClash.ts).
  usernameConflict: v.optional(name),
})

const ProductRecord = v.strictObject({
  id: recordId,
  sku: name,
  name,
  category: name,
  description: text,
  price: money,
  stock: stockLevel,
  lowStockThreshold: count,
  // The owner's photo as a data: URL (a Blob cannot go into JSON); absent for a drawn one.
  image: v.optional(v.pipe(v.string(), v.startsWith('data:image/'))),
  // A picture the app ships (the demo catalog's): only those paths, never another address.
  picture: v.optional(v.pipe(v.string(), v.regex(SHIPPED_PICTURE))),
  archived: v.boolean(),
  createdAt: time,
  updatedAt: time,
  // The SKU a sync clash took from it (domain/skuClash.ts), until the owner settles it.
  skuConflict: v.optional(name),
})

const StockMovementRecord = v.strictObject({
  id,
  productId: id,
  delta: v.pipe(v.number(), v.safeInteger()),
  reason: v.picklist(['initial', 'restock', 'adjustment', 'sale', 'cancellation']),
  stockAfter: stockLevel,
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

/** An order's checkout details (domain/orderDetails.ts): checked again by its rules when the backup's meaning is. */
const OrderDetailsRecord = v.strictObject({
  contact: v.strictObject({ name: text, phone: v.optional(text), email: v.optional(text) }),
  fulfilment: v.variant('kind', [
    v.strictObject({ kind: v.literal('pickup') }),
    v.strictObject({
      kind: v.literal('delivery'),
      address: v.strictObject({ line1: text, line2: v.optional(text), city: text, postalCode: text, country: text }),
    }),
  ]),
  note: text,
})

const OrderRecord = v.strictObject({
  id: name,
  // "K7-1042": the placing device's code and its sequence (domain/orderNumber.ts).
  number: v.pipe(v.string(), v.regex(/^[0-9A-Z]{2,}-[1-9]\d*$/)),
  sequence: positive,
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
  details: v.optional(OrderDetailsRecord),
  restockedAt: v.optional(time),
  // Placed while sync was set up but the server out of reach (stock not claimed online).
  offline: v.optional(v.literal(true)),
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

/** The backed-up tables as the database holds them: products with their photo as a Blob. */
export type StoredTables = Omit<BackupTables, 'products'> & { products: Product[] }

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
