/**
 * Small builders and helpers shared by the unit tests. Not a test file itself (no `.test.`),
 * so Vitest does not collect it.
 */
import { emptyDetailsInput, type OrderDetailsInput } from '../../src/domain/orderDetails'
import { ShopDatabase } from '../../src/db/database'
import type { CartLine } from '../../src/domain/cart'
import type { Id } from '../../src/domain/id'
import type { Order } from '../../src/domain/order'
import { productIndexFields, type NewProduct, type Product, type StoredProduct } from '../../src/domain/product'
import type { Role, User } from '../../src/domain/user'

/** A product ready for `db.products.add` (no id), with sensible defaults. */
export function aNewProduct(overrides: Partial<NewProduct> = {}): NewProduct {
  return {
    sku: 'KIT-0001',
    name: 'Stoneware Mug',
    category: 'Kitchen',
    description: 'Hand-glazed 350 ml stoneware mug.',
    price: 1499,
    stock: 10,
    lowStockThreshold: 5,
    archived: false,
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  }
}

/** A product as stored, index fields included; override only what the test is about. */
export function aProduct({ id = 'product-1', ...overrides }: Partial<Product> = {}): StoredProduct {
  const product = { id, ...aNewProduct(overrides) }
  return { ...product, ...productIndexFields(product) }
}

export function aLine(product: Partial<Product>, quantity: number): CartLine {
  return { product: aProduct(product), quantity }
}

/** An order as stored; a `number` given ("K7-1002") brings its sequence (1002) unless one is given too. */
export function anOrder(overrides: Partial<Order> = {}): Order {
  const sequence = overrides.number === undefined ? 1001 : Number(overrides.number.split('-')[1])
  return {
    id: crypto.randomUUID(),
    number: 'K7-1001',
    sequence,
    userId: 'user-1',
    customerName: 'alice',
    createdAt: 1_000,
    status: 'placed',
    history: [{ status: 'placed', at: 1_000, by: 'user-1', note: '' }],
    lines: [{ productId: 'product-1', sku: 'KIT-0001', name: 'Stoneware Mug', unitPrice: 1499, quantity: 1, lineTotal: 1499 }],
    currency: 'USD',
    subtotal: 1499,
    taxRate: 0,
    tax: 0,
    total: 1499,
    payment: { kind: 'on-delivery' },
    ...overrides,
  }
}

/** An account ready for `db.users.add` (no id); its password is never checked in service tests. */
export function aNewUser(username: string, role: Role = 'customer', overrides: Partial<Omit<User, 'id'>> = {}): Omit<User, 'id'> {
  return {
    username,
    usernameKey: username.toLowerCase(),
    role,
    passwordHash: 'AAAA',
    salt: 'AAAA',
    failedLogins: 0,
    lockedUntil: 0,
    iterations: 1,
    createdAt: 0,
    ...overrides,
  }
}

/** A fresh, uniquely named database over fake-indexeddb. */
export function createTestDb(): ShopDatabase {
  return new ShopDatabase('test-' + crypto.randomUUID())
}

/** A clock that says whatever time the test sets. */
export function manualClock(start = 1_000): { now(): number; set(time: number): void } {
  let time = start
  return {
    now: () => time,
    set: (next: number) => {
      time = next
    },
  }
}

export function fixedClock(time: number): { now(): number } {
  return { now: () => time }
}

/** The error `fn` throws; fails the test if it returns instead. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('Expected the call to throw, but it returned normally.')
}

/** The reason `promise` rejects with; fails the test if it resolves instead. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (err) {
    return err
  }
  throw new Error('Expected the promise to reject, but it resolved.')
}

export function base64Bytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
}

interface RawObjectStore {
  name: string
  storeRecord(...args: unknown[]): unknown
}

/**
 * Makes fake-indexeddb fail every write to the object store `storeName` the way a full disk
 * does in a browser: the request errors with a QuotaExceededError DOMException and the
 * transaction aborts. Returns a function that stops it.
 */
export async function simulateQuotaExceeded(storeName: string): Promise<() => void> {
  const probe = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('quota-probe-' + crypto.randomUUID(), 1)
    request.onupgradeneeded = () => request.result.createObjectStore('probe')
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  // fake-indexeddb's internal record store, shared by every database it holds.
  const store = probe.transaction('probe').objectStore('probe') as unknown as { _rawObjectStore: RawObjectStore }
  const proto = Object.getPrototypeOf(store._rawObjectStore) as RawObjectStore
  probe.close()
  const original = proto.storeRecord
  proto.storeRecord = function (this: RawObjectStore, ...args: unknown[]) {
    // Only a request's write carries the transaction's rollback log (the third argument);
    // an abort putting back what it undid must still succeed, as in a browser.
    if (this.name === storeName && args[2] !== undefined) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    return original.apply(this, args)
  }
  return () => {
    proto.storeRecord = original
  }
}

/** Puts a line in a cart as the cart service would have stored it. */
export async function putCartLine(db: ShopDatabase, userId: Id, productId: Id, quantity: number, addedAt: number): Promise<void> {
  await db.cartItems.put({ userId, productId, quantity, addedAt })
}

/** A person's cart lines, by product id. */
export async function cartOf(db: ShopDatabase, userId: Id) {
  const items = await db.cartItems.where('userId').equals(userId).toArray()
  return items.sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))
}

/**
 * The ids of the products in the database in the order they were created (createdAt, then id:
 * seeded products' ids are made from their SKU and say nothing of order, see idFromKey):
 * `(await productIds(db))[0]` is the first product seeded.
 */
export async function productIds(db: ShopDatabase): Promise<Id[]> {
  const products = await db.products.toArray()
  products.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return products.map((p) => p.id)
}

/**
 * A spy on every write to the stock ledger, below Dexie's own layers, whoever makes it: the
 * ledger is only ever added to, so a test expects `changed()` to stay empty. Dexie builds its
 * middleware stack when the database opens, so an open database is closed and opened again.
 */
export async function watchLedgerWrites(db: ShopDatabase): Promise<{ changed: () => string[] }> {
  const changed: string[] = []
  if (db.isOpen()) db.close({ disableAutoOpen: false })
  db.use({
    stack: 'dbcore',
    name: 'LedgerWriteSpy',
    create: (down) => ({
      ...down,
      table(name) {
        const table = down.table(name)
        if (name !== 'stockLedger') return table
        return {
          ...table,
          mutate(req) {
            if (req.type !== 'add') changed.push(req.type)
            return table.mutate(req)
          },
        }
      },
    }),
  })
  await db.open()
  return { changed: () => [...changed] }
}

/** A product id for a test's own rows, ordered like `n` (zero-padded, so 'p0010' sorts after 'p0009'). */
export function pid(n: number): Id {
  return 'p' + String(n).padStart(4, '0')
}

/** Checkout details as a customer would type them for a pickup (the checkout asks for them). */
export function pickupDetails(overrides: Partial<OrderDetailsInput> = {}): OrderDetailsInput {
  return { ...emptyDetailsInput(), contactName: 'Grace Hopper', phone: '+44 20 7946 0000', ...overrides }
}

/** Checkout details for a delivery, every address field filled. */
export function deliveryDetails(overrides: Partial<OrderDetailsInput> = {}): OrderDetailsInput {
  return pickupDetails({ fulfilment: 'delivery', line1: '12 Analytical Row', city: 'London', postalCode: 'NW1 6XE', country: 'United Kingdom', ...overrides })
}

/** Waits until `what` holds (polled every 10 ms); throws after `ms`. */
export async function until(what: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}
