/** Devices for the sync tests: a ShopDatabase on fake-indexeddb and a client signed in to a FakeCouch. Not a test file. */
import { ShopDatabase } from '../../../src/db/database'
import type { NewProduct } from '../../../src/domain/product'
import { CouchClient } from '../../../src/sync/couch'
import { aNewProduct } from '../support'
import { FAKE_DB, type FakeCouch } from './fakeCouch'

export interface Device {
  db: ShopDatabase
  client: CouchClient
}

export async function aDevice(couch: FakeCouch, deviceId: string, user = 'owner', password = 'secret'): Promise<Device> {
  const db = new ShopDatabase(`test-${deviceId}-${crypto.randomUUID()}`, { deviceId })
  const client = new CouchClient(FAKE_DB, { fetch: couch.fetch, timeoutMs: 2_000 })
  await client.signIn(user, password)
  return { db, client }
}

/** A product with its initial ledger row, as the inventory service makes them. */
export async function addProduct(db: ShopDatabase, id: string, overrides: Partial<NewProduct> = {}): Promise<void> {
  const product = { id, ...aNewProduct({ sku: `SKU-${id.toUpperCase()}`, ...overrides }) }
  await db.transaction('rw', db.products, db.stockLedger, async () => {
    await db.products.add(product)
    await db.stockLedger.add({ id: `i:${id}`, productId: id, delta: product.stock, reason: 'initial', stockAfter: product.stock, note: '', at: 0 })
  })
}

/** A ledger row of `delta` for a product, and its stock with it. */
export async function moveStock(db: ShopDatabase, productId: string, delta: number, id: string): Promise<void> {
  await db.transaction('rw', db.products, db.stockLedger, async () => {
    const p = (await db.products.get(productId))!
    await db.products.put({ ...p, stock: p.stock + delta })
    await db.stockLedger.add({ id, productId, delta, reason: 'adjustment', stockAfter: p.stock + delta, note: '', at: 1 })
  })
}

/** Every synced record of a device, for comparing two devices (derived and device-local fields left out). */
export async function shopOf(db: ShopDatabase) {
  const strip = ({ nameKey: _a, nameWords: _b, listed: _c, stocked: _d, stockGap: _e, ...rest }: Record<string, unknown>) => rest
  return {
    products: (await db.products.toArray()).map((p) => strip(p as unknown as Record<string, unknown>)).sort(byId),
    stockLedger: (await db.stockLedger.toArray()).sort(byId),
    orders: (await db.orders.toArray()).sort(byId),
    users: (await db.users.toArray()).sort(byId),
  }
}

const byId = (a: { id?: unknown }, b: { id?: unknown }) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0)

/**
 * Counts the records written to IndexedDB (puts and adds, by store and key) until `stop`: what
 * a test of "written once" counts, whatever the change log journals (a pull's fast path
 * journals nothing of the server's copies).
 */
export function recordWrites(): { keys(store: string): unknown[]; stop(): void } {
  const writes: { store: string; key: unknown }[] = []
  const proto = IDBObjectStore.prototype
  const originals = { put: proto.put, add: proto.add }
  const keyOf = (store: IDBObjectStore, value: Record<string, unknown>, key?: IDBValidKey) => {
    if (key !== undefined) return key
    const path = store.keyPath
    return Array.isArray(path) ? path.map((p) => value[p]) : typeof path === 'string' ? value[path] : undefined
  }
  for (const name of ['put', 'add'] as const) {
    proto[name] = function (this: IDBObjectStore, value: Record<string, unknown>, key?: IDBValidKey) {
      writes.push({ store: this.name, key: keyOf(this, value, key) })
      return originals[name].call(this, value, key)
    }
  }
  return {
    keys: (store) => writes.filter((w) => w.store === store).map((w) => w.key),
    stop: () => Object.assign(proto, originals),
  }
}
