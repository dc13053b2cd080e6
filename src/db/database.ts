/**
 * The one Dexie database of the shop. Schema versions are listed in order; a version that
 * has shipped is never edited — add a new one, with its upgrade in db/migrations/.
 */
import Dexie, { type DBCore, type EntityTable, type Middleware, type Table } from 'dexie'
import type { CartItem } from '../domain/cart'
import type { Id } from '../domain/id'
import type { Order } from '../domain/order'
import { listingOf, productIndexFields, sameListing, type Listing, type NewProduct, type StoredProduct } from '../domain/product'
import type { StockMovement } from '../domain/stock'
import type { User } from '../domain/user'
import type { PaymentMethod } from '../domain/payment'
import { CHANGE_LOG_STORES_V6, changeLogMiddleware, type ChangeLogOptions, type ChangeRow, type RevisionRow } from './changeLog'
import { newId } from './newId'
import { prepareUpgrades, upgradeTo } from './upgradeLoader'

/**
 * One login: who, since when. Each tab holds the key of its session (services/session.ts);
 * a device upgraded from the one-session scheme may still have a row with key 'current'.
 */
export interface SessionRow {
  /** A random id made at login or registration. */
  key: string
  userId: Id
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

/**
 * The key in db.meta of this device's code, the start of its order numbers ("K7" in
 * "K7-1042", see domain/orderNumber.ts). Made once per device; never in a backup.
 */
export const DEVICE_CODE_KEY = 'deviceCode'

/**
 * What an address from before version 6 pointed at: `products:25` → the product's id now.
 * Written by the upgrade (and by restoring a version-1 backup), read to redirect old links
 * and bookmarks. This device's, like sessions: never in a backup.
 */
export interface LegacyIdRow {
  /** The table and the old numeric id: `products:25`, `users:2`. */
  key: string
  id: Id
}

/**
 * What this device knows of a record's copy on the sync server (src/sync/): the server's
 * `_rev` of it, and the local revision (the change log's) that copy matches. A record whose
 * local revision is past `localRev` has changes waiting to be pushed. This device's only:
 * never synced, never in a backup.
 */
export interface SyncRevRow {
  table: string
  key: string | string[]
  couchRev: string
  localRev: number
}

/** What may be written to the products table: the index fields are added on the way in, the id if missing. */
export type ProductInsert = NewProduct & { id?: Id }

/**
 * The products' index fields (name words, sort key, listed/stocked flags, low-stock gap)
 * are derived from the product on every add and put, whoever writes it — a service, the
 * checkout, an import, a test — so an index can never disagree with the product. The
 * product's listing (db.listings) follows in the same transaction, written only when it
 * changed: a sale that leaves a product in stock writes no listing. Deleting products
 * deletes their listings. This middleware sits above Dexie's own, so liveQuery sees the
 * derived fields and the listings change too.
 */
const productIndexMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'ProductIndexFields',
  create: (down) => ({
    ...down,
    // Whoever opens a readwrite transaction over products gets listings in it as well.
    transaction: (stores, mode, options) =>
      down.transaction(mode === 'readwrite' && stores.includes('products') && !stores.includes('listings') ? [...stores, 'listings'] : stores, mode, options),
    table(name) {
      const table = down.table(name)
      if (name !== 'products') return table
      return {
        ...table,
        mutate(req) {
          // Upgrades from before version 5 run without the listings store; version 5 fills it.
          const listings = (req.trans as IDBTransaction).objectStoreNames.contains('listings') ? down.table('listings') : undefined
          if (req.type !== 'add' && req.type !== 'put') {
            const deleted = table.mutate(req)
            return listings ? deleted.then((res) => listings.mutate({ ...req }).then(() => res)) : deleted
          }
          // `oversold` is there only while stock is below zero (a sparse index): dropped, then derived again.
          const values = req.values.map(({ oversold: _was, ...p }: StoredProduct) => ({ ...p, ...productIndexFields(p) }))
          const written = table.mutate({ ...req, values })
          if (!listings) return written
          // A put may leave a listing as it was: its stored listing is read alongside the write.
          const known = req.type === 'put' ? values.map((p) => p.id).filter((id): id is Id => typeof id === 'string') : []
          const stored: Promise<(Listing | undefined)[]> = known.length > 0 ? listings.getMany({ trans: req.trans, keys: known }) : Promise.resolve([])
          return Promise.all([written, stored]).then(([res, before]) => {
            const storedById = new Map(before.flatMap((l) => (l ? [[l.id, l] as const] : [])))
            const changed: Listing[] = []
            values.forEach((p, i) => {
              const id: unknown = res.results?.[i]
              if (res.failures[i] || typeof id !== 'string') return
              const row = listingOf({ ...p, id })
              const was = storedById.get(id)
              if (!was || !sameListing(was, row)) changed.push(row)
            })
            if (changed.length === 0) return res
            return listings.mutate({ trans: req.trans, type: 'put', values: changed }).then(() => res)
          })
        },
      }
    },
  }),
}

/**
 * Every record of the shop gets its global id (domain/id.ts) as it is written, whoever writes
 * it, when it comes without one: the tables whose key was an auto-increment number until
 * version 6 (accounts, products, ledger rows) keep that key path, and this fills it with a
 * fresh id instead, so IndexedDB never numbers a record again. Orders and payments come with
 * their checkout attempt's id; cart lines, sessions and settings are keyed by what they are.
 */
const globalIdMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'GlobalIds',
  create: (down) => ({
    ...down,
    table(name) {
      const table = down.table(name)
      const { keyPath, autoIncrement } = table.schema.primaryKey
      if (!autoIncrement || typeof keyPath !== 'string') return table
      return {
        ...table,
        mutate(req) {
          if (req.type !== 'add' && req.type !== 'put') return table.mutate(req)
          const values = req.values.map((value: Record<string, unknown>) => (value[keyPath] === undefined ? { ...value, [keyPath]: newId() } : value))
          return table.mutate({ ...req, values })
        },
      }
    },
  }),
}

/**
 * Version 5's indexes, exactly as shipped; a later change to them is a new version.
 * The products table keeps few, because every sale rewrites the product: the SKU, the
 * category (the filter's list) and the owner's low-stock list.
 */
const PRODUCT_INDEXES_V5 = '++id, &sku, category, [listed+stockGap+id]'

/** Version 7's products: version 5's and the sparse skuConflict and oversold indexes. */
const PRODUCT_INDEXES_V7 = `${PRODUCT_INDEXES_V5}, skuConflict, oversold`

/**
 * The listings table of version 5. Every listing reads one compound index whose leading
 * parts are the filter (listed or in stock, optionally a category) and whose tail is the
 * sort value and the id (services/catalogPlan.ts names them), so a page is one index range
 * with a limit, starting right after the last row shown (keyset paging): no table scan, no
 * offset. `nameWords` is the word-prefix search.
 */
const LISTINGS_V5 =
  'id, *nameWords, [listed+nameKey+id], [category+listed+nameKey+id], [listed+price+id], [category+listed+price+id], ' +
  '[listed+createdAt+id], [category+listed+createdAt+id], [stocked+nameKey+id], [category+stocked+nameKey+id], [stocked+price+id], ' +
  '[category+stocked+price+id], [stocked+createdAt+id], [category+stocked+createdAt+id]'

/**
 * Version 3's products indexes, exactly as shipped (the listing indexes on the products
 * themselves), written out like every shipped version's.
 */
const PRODUCT_INDEXES_V3 =
  '++id, &sku, category, *nameWords, [listed+nameKey+id], [category+listed+nameKey+id], [listed+price+id], [category+listed+price+id], ' +
  '[listed+createdAt+id], [category+listed+createdAt+id], [stocked+nameKey+id], [category+stocked+nameKey+id], [stocked+price+id], ' +
  '[category+stocked+price+id], [stocked+createdAt+id], [category+stocked+createdAt+id], [listed+stockGap+id]'

/**
 * Version 6's orders: the number is text now ("K7-1042"), and its sequence is indexed so an
 * old receipt's "1042" still finds the order and the next order's sequence is one read.
 */
const ORDER_INDEXES_V6 = 'id, &number, sequence, userId, [userId+createdAt], createdAt, status, [status+createdAt]'

export class ShopDatabase extends Dexie {
  users!: EntityTable<User, 'id'>
  products!: EntityTable<StoredProduct, 'id', ProductInsert>
  /** Derived from products (see productIndexMiddleware); never written directly. */
  listings!: EntityTable<Listing, 'id'>
  stockLedger!: EntityTable<StockMovement, 'id'>
  cartItems!: Table<CartItem, [Id, Id]>
  orders!: EntityTable<Order, 'id'>
  sessions!: EntityTable<SessionRow, 'key'>
  meta!: EntityTable<MetaRow, 'key'>
  payments!: EntityTable<PaymentRecord, 'id'>
  /** The change log's journal and revisions (db/changeLog.ts): written by its middleware only. */
  changes!: EntityTable<ChangeRow, 'seq'>
  revisions!: Table<RevisionRow, [string, RevisionRow['key']]>
  /** This device's map from old numeric ids to global ones (see LegacyIdRow). */
  legacyIds!: EntityTable<LegacyIdRow, 'key'>
  /** Sync's record of the server's revisions (see SyncRevRow); written by src/sync/ only. */
  syncRevs!: Table<SyncRevRow, [string, SyncRevRow['key']]>

  constructor(name = DB_NAME, changeLog: ChangeLogOptions = {}) {
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
      .upgrade(upgradeTo(2))
    // Issue 4: catalog at scale, archived products, photos as Blobs, the stock ledger.
    this.version(3)
      .stores({
        products: PRODUCT_INDEXES_V3,
        stockLedger: '++id, [productId+id]',
      })
      .upgrade(upgradeTo(3))
    this.use(productIndexMiddleware)
    // Issue 5: order lifecycle and payments.
    this.version(4)
      .stores({
        orders: 'id, &number, userId, [userId+createdAt], createdAt, status, [status+createdAt]',
        payments: 'id, orderId, createdAt',
      })
      .upgrade(upgradeTo(4))
    // Issue 5's benchmark: a sale rewrites a product, so the listing and search indexes move
    // to their own table, written only when a listing changes.
    this.version(5)
      .stores({ products: PRODUCT_INDEXES_V5, listings: LISTINGS_V5 })
      .upgrade(upgradeTo(5))
    this.use(globalIdMiddleware)
    // Issue 11: global ids, order numbers per device, the ledger by product and time (a row's
    // id no longer says when it was written: some are made from their action), and the change
    // log, in the same transaction as every change to the shop's records. The log sits below
    // the global ids (level 9), so it sees every record with its id.
    this.version(6)
      .stores({ stockLedger: '++id, [productId+at]', orders: ORDER_INDEXES_V6, legacyIds: 'key', ...CHANGE_LOG_STORES_V6 })
      .upgrade(upgradeTo(6))
    // Issue 12: sync through CouchDB keeps the server's revision of each record it has seen.
    // Products gain two sparse indexes (only the few records with the field are in them): the
    // SKU a sync clash took (domain/skuClash.ts) and `oversold` (stock below zero), for the
    // owner's inventory.
    this.version(7).stores({ syncRevs: '[table+key]', products: PRODUCT_INDEXES_V7 })
    const log = changeLogMiddleware(changeLog)
    this.use(log)
    // The device id is read once per open, before any other transaction (made by the first logged write).
    this.on('ready', (vip) => log.loadDeviceId(vip.table('meta')), true)
  }

  private upgradesReady?: Promise<void>

  /**
   * Opens the database, first loading the upgrades if this device's copy is older than the app.
   * Dexie's own opening on the first query comes through here too.
   */
  override open() {
    this.upgradesReady ??= prepareUpgrades(this.name, this.verno)
    return Dexie.Promise.resolve(this.upgradesReady).then(() => super.open())
  }
}

/** The app's database. Tests make their own ShopDatabase over fake-indexeddb instead. */
export const db = new ShopDatabase()
