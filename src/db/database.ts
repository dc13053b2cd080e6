/**
 * The one Dexie database of the shop. Schema versions are listed in order; a version that
 * has shipped is never edited — add a new one, with its upgrade in db/migrations/.
 */
import Dexie, { type EntityTable, type Table } from 'dexie'
import type { CartItem } from '../domain/cart'
import type { Order } from '../domain/order'
import type { Product } from '../domain/product'
import type { PaymentMethod } from '../domain/payment'
import type { User } from '../domain/user'
import { upgradeV2 } from './migrations/v2'
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

export class ShopDatabase extends Dexie {
  users!: EntityTable<User, 'id'>
  products!: EntityTable<Product, 'id'>
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
