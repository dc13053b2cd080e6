/**
 * Version 1 of the schema exactly as it shipped. Never change it: it is what devices hold, and
 * every migration test starts from it (src/db/database.ts declares the same version(1)).
 */
import Dexie, { type Table } from 'dexie'

export const SHIPPED_V1_SCHEMA = {
  users: '++id, &usernameKey',
  products: '++id, &sku, category, name',
  cartItems: '[userId+productId], userId',
  orders: 'id, &number, userId, [userId+createdAt]',
  sessions: 'key',
  meta: 'key',
}

/** A database at the shipped version 1, to fill with old data before the app upgrades it. */
export class ShippedV1Database extends Dexie {
  users!: Table<Record<string, unknown>, number>
  products!: Table<Record<string, unknown>, number>
  cartItems!: Table<Record<string, unknown>, [number, number]>
  orders!: Table<Record<string, unknown>, string>
  sessions!: Table<Record<string, unknown>, string>
  meta!: Table<Record<string, unknown>, string>

  constructor(name: string) {
    super(name)
    this.version(1).stores(SHIPPED_V1_SCHEMA)
  }
}
