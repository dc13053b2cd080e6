/**
 * The one Dexie database of the shop. Schema versions are listed in order; a version that
 * has shipped is never edited — add a new one, with its upgrade in db/migrations/.
 */
import Dexie, { type DBCore, type EntityTable, type Middleware, type Table } from 'dexie'
import type { CartItem } from '../domain/cart'
import type { Order } from '../domain/order'
import { productIndexFields, type NewProduct, type StoredProduct } from '../domain/product'
import type { StockMovement } from '../domain/stock'
import type { User } from '../domain/user'
import { upgradeV2 } from './migrations/v2'
import { upgradeV3 } from './migrations/v3'
import type { PaymentMethod } from '../domain/payment'
import { upgradeV4 } from './migrations/v4'

/**
 * One login: who, since when. Each tab holds the key of its session (services/session.ts);
 * a device upgraded from the one-session scheme may still have a row with key 'current'.
 */
export interface SessionRow {
  /** A random id made at login or registration. */
  key: string
  userId: number
  startedAt: number
  /** The last time the person did something; the idle timeout counts from here. */
  lastActiveAt: number
}

/**
 * The mock gateway's record of one checkout attempt's payment, keyed by the attempt id so
 * a retry or a second page never charges twice. Only the brand and last 4 digits are kept.
 */
export interface PaymentRecord {
  id: string
  orderId: string | null
  method: PaymentMethod
  status: 'authorized' | 'captured' | 'voided' | 'refunded'
  amount: number
  createdAt: number
}

/** Small facts about this device's shop, such as whether the demo catalog was seeded. */
export interface MetaRow {
  key: string
  value: unknown
}

export const DB_NAME = 'offline-shop'

/** The meta key that marks the demo catalog as seeded on this device (see db/seed.ts). */
export const CATALOG_SEEDED_KEY = 'catalogSeeded'

/**
 * The key in db.meta of the device's most recent session: its key, or null once that
 * session has ended. A tab that opens with no session of its own takes this one. It is
 * this device's, not the shop's, so a backup leaves it out.
 */
export const DEVICE_SESSION_KEY = 'deviceSession'
/** What may be written to the products table: the index fields are added on the way in. */
export type ProductInsert = NewProduct & { id?: number }

/**
 * The products' index fields (name words, sort key, listed/stocked flags, low-stock gap)
 * are derived from the product on every add and put, whoever writes it — a service, the
 * checkout, an import, a test — so an index can never disagree with the product. This
 * middleware sits above Dexie's own, so liveQuery sees the derived fields change too.
 */
const productIndexMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'ProductIndexFields',
  create: (down) => ({
    ...down,
    table(name) {
      const table = down.table(name)
      if (name !== 'products') return table
      return {
        ...table,
        mutate: (req) =>
          req.type === 'add' || req.type === 'put'
            ? table.mutate({ ...req, values: req.values.map((p: StoredProduct) => ({ ...p, ...productIndexFields(p) })) })
            : table.mutate(req),
      }
    },
  }),
}

/**
 * The products' indexes. Every listing reads one compound index whose leading parts are
 * the filter (listed or in stock, optionally a category) and whose tail is the sort value
 * and the id, so a page is one index range with a limit, starting right after the last row
 * shown (keyset paging): no table scan, no offset.
 */
const PRODUCT_INDEXES = [
  '++id',
  '&sku',
  'category',
  '*nameWords',
  ...['listed', 'stocked'].flatMap((scope) =>
    ['nameKey', 'price', 'createdAt'].flatMap((sort) => [`[${scope}+${sort}+id]`, `[category+${scope}+${sort}+id]`]),
  ),
  '[listed+stockGap+id]',
].join(', ')

export class ShopDatabase extends Dexie {
  users!: EntityTable<User, 'id'>
  products!: EntityTable<StoredProduct, 'id', ProductInsert>
  stockLedger!: EntityTable<StockMovement, 'id'>
  cartItems!: Table<CartItem, [number, number]>
  orders!: EntityTable<Order, 'id'>
  sessions!: EntityTable<SessionRow, 'key'>
  meta!: EntityTable<MetaRow, 'key'>
  payments!: EntityTable<PaymentRecord, 'id'>

  constructor(name = DB_NAME) {
    super(name)
    this.version(1).stores({
      users: '++id, &usernameKey',
      products: '++id, &sku, category, name',
      cartItems: '[userId+productId], userId',
      orders: 'id, &number, userId, [userId+createdAt]',
      sessions: 'key',
      meta: 'key',
    })
    // Accounts and security: lockout and idle-time fields (see migrations/v2.ts); `role`
    // is indexed so the last-owner rule can count owners.
    this.version(2)
      .stores({ users: '++id, &usernameKey, role' })
      .upgrade(upgradeV2)
    // Issue 4: catalog at scale, archived products, photos as Blobs, the stock ledger.
    this.version(3)
      .stores({
        products: PRODUCT_INDEXES,
        stockLedger: '++id, [productId+id]',
      })
      .upgrade(upgradeV3)
    this.use(productIndexMiddleware)
    // Issue 5: order lifecycle and payments.
    this.version(4)
      .stores({
        orders: 'id, &number, userId, [userId+createdAt], createdAt, status, [status+createdAt]',
        payments: 'id, orderId, createdAt',
      })
      .upgrade(upgradeV4)
  }
}

/** The app's database. Tests make their own ShopDatabase over fake-indexeddb instead. */
export const db = new ShopDatabase()
