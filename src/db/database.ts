/**
 * The one Dexie database of the shop. Schema versions are listed in order; a version that
 * has shipped is never edited — add a new one, with its upgrade in db/migrations/.
 */
import Dexie, { type EntityTable, type Table } from 'dexie'
import type { CartItem } from '../domain/cart'
import type { Order } from '../domain/order'
import type { Product } from '../domain/product'
import type { User } from '../domain/user'

/** The device's logged-in person: one row, key 'current'. */
export interface SessionRow {
  key: 'current'
  userId: number
  startedAt: number
}

/** Small facts about this device's shop, such as whether the demo catalog was seeded. */
export interface MetaRow {
  key: string
  value: unknown
}

export const DB_NAME = 'offline-shop'

/** The meta key that marks the demo catalog as seeded on this device (see db/seed.ts). */
export const CATALOG_SEEDED_KEY = 'catalogSeeded'

export class ShopDatabase extends Dexie {
  users!: EntityTable<User, 'id'>
  products!: EntityTable<Product, 'id'>
  cartItems!: Table<CartItem, [number, number]>
  orders!: EntityTable<Order, 'id'>
  sessions!: EntityTable<SessionRow, 'key'>
  meta!: EntityTable<MetaRow, 'key'>

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
  }
}

/** The app's database. Tests make their own ShopDatabase over fake-indexeddb instead. */
export const db = new ShopDatabase()
