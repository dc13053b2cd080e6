/**
 * What component tests stand on: the app's own `db` over fake-indexeddb with a few rows put
 * in, and a fresh Pinia and router per test. Finding things on the page is Testing
 * Library's job (see queries.ts for the few readers built on it).
 */
import { createPinia, disposePinia, setActivePinia, type Pinia } from 'pinia'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { db } from '../../src/db/database'
import type { Product } from '../../src/domain/product'
import type { Role } from '../../src/domain/user'
import { routes } from '../../src/router'
import { SESSION_KEY_STORAGE } from '../../src/stores/session'
import type { Id } from '../../src/domain/id'

/** Empties every table, and forgets this "tab's" session key, so each test starts logged out. */
export async function clearDb(): Promise<void> {
  sessionStorage.clear()
  await Promise.all(db.tables.map((t) => t.clear()))
}

let skuCounter = 0

/** Adds a product to the real tables and returns it as stored. */
export async function addProduct(overrides: Partial<Omit<Product, 'id'>> = {}): Promise<Product> {
  skuCounter += 1
  const data: Omit<Product, 'id'> = {
    sku: `TEST-${skuCounter}`,
    name: `Product ${skuCounter}`,
    category: 'Kitchen',
    description: 'A thing for testing.',
    price: 1000,
    stock: 10,
    lowStockThreshold: 5,
    archived: false,
    updatedAt: 0,
    createdAt: 0,
    ...overrides,
  }
  const id = await db.products.add(data)
  return { ...data, id }
}

/** Adds an account (its password is never checked here) and returns its id. */
export async function addUser(username = 'alice', role: Role = 'customer'): Promise<Id> {
  return db.users.add({
    username,
    usernameKey: username.toLowerCase(),
    role,
    passwordHash: 'AAAA',
    salt: 'AAAA',
    iterations: 1,
    createdAt: 0,
    failedLogins: 0,
    lockedUntil: 0,
  })
}

/** Makes `userId` the person logged in in this "tab": a fresh session whose key the tab holds. */
export async function logIn(userId: Id): Promise<void> {
  const key = crypto.randomUUID()
  const now = Date.now()
  await db.sessions.put({ key, userId, startedAt: now, lastActiveAt: now })
  sessionStorage.setItem(SESSION_KEY_STORAGE, key)
}

export async function addUserAndLogIn(username = 'alice', role: Role = 'customer'): Promise<Id> {
  const id = await addUser(username, role)
  await logIn(id)
  return id
}

export async function putInCart(userId: Id, productId: Id, quantity: number, addedAt = Date.now()): Promise<void> {
  await db.cartItems.put({ userId, productId, quantity, addedAt })
}

/** Everything a use case could have written, to compare before and after. */
export async function snapshotTables() {
  const [products, cartItems, orders] = await Promise.all([
    db.products.orderBy('id').toArray(),
    db.cartItems.toArray(),
    db.orders.toArray(),
  ])
  return { products, cartItems, orders }
}

export interface TestApp {
  pinia: Pinia
  router: Router
}

/** A fresh Pinia and an in-memory router over the app's routes, already at `path`. */
export async function createTestApp(path = '/'): Promise<TestApp> {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  return { pinia, router }
}

/** Stops every store's live queries so they do not outlive their test. */
export function disposeTestApp(app: TestApp | undefined): void {
  if (app) disposePinia(app.pinia)
}
