/**
 * The catalog benchmark's page (a Vite entry of its own, never in the shop's bundle). It
 * exposes `window.bench`, which bench/catalog.bench.ts drives from headless Chromium:
 * - seeding: our chunked seed (products + ledger rows, through Dexie), the same rows
 *   written with raw IndexedDB, and the naive single bulkAdd into an unindexed table;
 * - queries: our plan through Dexie, the very same plan through raw IndexedDB, and the
 *   naive approach (every product loaded into a Pinia array, then filtered and sorted);
 * - the DOM size of the virtualised list at 100 and 100,000 products;
 * - the owner's dashboard at 100k products and 10k orders (bench/dashboard.ts);
 * - sync: a device's join, an order's trip between devices, checkout with sync on (bench/sync.ts).
 */
import Dexie from 'dexie'
import { createPinia, defineStore, setActivePinia } from 'pinia'
import { createApp, defineComponent, h, nextTick, shallowRef } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import BaseVirtualList from '../src/components/base/BaseVirtualList.vue'
import ProductCard from '../src/components/product/ProductCard.vue'
import { useProductPages } from '../src/composables/useProductPages'
import { DEVICE_ID_KEY, type ChangeRow, type RecordKey, type RevisionRow } from '../src/db/changeLog'
import { ShopDatabase } from '../src/db/database'
import { decodeHlc, encodeHlc, tickHlc, type Hlc } from '../src/domain/hlc'
import { seedInChunks } from '../src/db/seed'
import { generateProducts } from '../src/db/synthetic'
import { compareInSort, DEFAULT_QUERY, sortKeyOf, type BrowseQuery } from '../src/domain/browse'
import { listingOf, productIndexFields, sameListing, wordsOf, type Listing, type NewProduct, type Product, type StoredProduct } from '../src/domain/product'
import { planOrder } from '../src/domain/order'
import { ledgerIdOf, ledgerRow } from '../src/domain/stock'
import type { Id } from '../src/domain/id'
import { newId } from '../src/db/newId'
import { placeOrder } from '../src/services/checkout'
import { browseProducts, type ProductPage } from '../src/services/catalog'
import { readPage, type CatalogReader, type IndexRange } from '../src/services/catalogPlan'
import '../src/styles.css'
import { dashboard } from './dashboard'
import { sync } from './sync'
import { request, done } from './rawIdb'

const OURS = 'bench-ours'
const RAW = 'bench-raw'
const NAIVE = 'bench-naive'
const DOM_SMALL = 'bench-dom'

function openRaw(name: string): Promise<IDBDatabase> {
  return request(indexedDB.open(name))
}

async function fresh(name: string): Promise<void> {
  await Dexie.delete(name)
}

// ---------------------------------------------------------------------------- seeding

async function seedOurs(name: string, products: NewProduct[]): Promise<number> {
  await fresh(name)
  const db = new ShopDatabase(name)
  await db.open()
  const start = performance.now()
  await seedInChunks(db, products, { chunkSize: 1_000 })
  const ms = performance.now() - start
  db.close()
  return ms
}

/** The same rows as our seed (products with index fields, their listings, 'initial' ledger rows), same chunks, raw IndexedDB. */
async function seedRaw(products: NewProduct[]): Promise<number> {
  await fresh(RAW)
  const schema = new ShopDatabase(RAW)
  await schema.open() // the same object stores and indexes
  schema.close()
  const idb = await openRaw(RAW)
  const start = performance.now()
  for (let i = 0; i < products.length; i += 1_000) {
    const tx = idb.transaction(['products', 'listings', 'stockLedger'], 'readwrite')
    const store = tx.objectStore('products')
    const listings = tx.objectStore('listings')
    const ledger = tx.objectStore('stockLedger')
    for (const p of products.slice(i, i + 1_000)) {
      const stored = { ...p, ...productIndexFields(p) }
      const add = store.add(stored)
      add.onsuccess = () => {
        const id = add.result as Id
        listings.add(listingOf({ ...stored, id }))
        ledger.add(ledgerRow(id, p.stock, { delta: p.stock, reason: 'initial', at: p.createdAt }, () => newId()))
      }
    }
    await done(tx)
  }
  const ms = performance.now() - start
  idb.close()
  await fresh(RAW)
  return ms
}

/** What many demo shops do: one table, no indexes, everything in one bulkAdd, no ledger. */
async function seedNaive(products: NewProduct[]): Promise<number> {
  await fresh(NAIVE)
  const db = new Dexie(NAIVE)
  db.version(1).stores({ products: '++id' })
  await db.open()
  const start = performance.now()
  await db.table('products').bulkAdd(products)
  const ms = performance.now() - start
  db.close()
  return ms
}

async function seed(n: number) {
  // The same ids in all three, so their answers can be compared product by product.
  const products = generateProducts(n, { now: 1_700_000_000_000 }).map((p) => ({ ...p, id: newId(p.createdAt) }))
  const ours = await seedOurs(OURS, products)
  const raw = await seedRaw(products)
  const naive = await seedNaive(products)
  return { ours, raw, naive }
}

// ---------------------------------------------------------------------------- queries

/** The plan's reads with raw IndexedDB, inside one readonly transaction (as ours uses one): listing index ranges, products by id. */
function rawReader(tx: IDBTransaction): CatalogReader {
  const store = tx.objectStore('products')
  const source = (range: IndexRange) => tx.objectStore('listings').index(range.index)
  const keyRange = (r: IndexRange) => IDBKeyRange.bound(r.lower, r.upper, r.lowerOpen, r.upperOpen)
  const count = (limit: number) => (Number.isFinite(limit) ? limit : undefined)
  // IndexedDB 3's getAllKeys with a direction (Chromium has it; lib.dom does not type it yet).
  type Idb3Keys = { getAllKeys(options: { query: IDBKeyRange; count?: number; direction: IDBCursorDirection }): IDBRequest<IDBValidKey[]> }
  const keys = (range: IndexRange, limit: number) =>
    request<IDBValidKey[]>(
      range.reverse
        ? (source(range) as unknown as Idb3Keys).getAllKeys({ query: keyRange(range), count: count(limit), direction: 'prev' })
        : source(range).getAllKeys(keyRange(range), count(limit)),
    ) as Promise<Id[]>
  const get = (ids: readonly Id[]) => Promise.all(ids.map((id) => request(store.get(id)) as Promise<StoredProduct | undefined>))
  return {
    values: async (range, limit) => (await get(await keys(range, limit))).filter((p) => p !== undefined),
    keys,
    get,
    bySku: (sku) => request(store.index('sku').get(sku)) as Promise<StoredProduct | undefined>,
  }
}

const useNaiveStore = defineStore('naive', () => {
  const products = shallowRef<Product[]>([])
  return { products }
})

/** The naive search: every product in memory, each name folded and split per query, sorted, the first 50. */
function naiveFilter(products: readonly Product[], query: BrowseQuery): Product[] {
  const words = wordsOf(query.text)
  const order = compareInSort(query.sort)
  const sku = query.text.trim().toUpperCase()
  return products
    .filter((p) => {
      if (p.archived) return false
      if (query.category && p.category !== query.category) return false
      if (query.inStockOnly && p.stock <= 0) return false
      if (words.length === 0) return true
      const nameWords = wordsOf(p.name)
      return p.sku === sku || words.every((w) => nameWords.some((n) => n.startsWith(w)))
    })
    .map((p) => ({ p, key: sortKeyOf({ ...p, nameKey: p.name.toLowerCase() }, query.sort) }))
    .sort((a, b) => order(a.key, b.key))
    .slice(0, 50)
    .map(({ p }) => p)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

async function time(run: () => Promise<unknown>, repeats: number): Promise<{ median: number; result: unknown }> {
  let result = await run() // warm-up
  const times: number[] = []
  for (let i = 0; i < repeats; i++) {
    const start = performance.now()
    result = await run()
    times.push(performance.now() - start)
  }
  return { median: median(times), result }
}

const ids = (page: { items: readonly { id: Id }[] }) => page.items.map((p) => p.id)

/**
 * Times one query three ways and checks the three give the same first 50 products, so the
 * comparison is of equal work.
 */
async function query(q: Partial<BrowseQuery>, repeats = 5) {
  const queryFull: BrowseQuery = { ...DEFAULT_QUERY, ...q }
  const ours = new ShopDatabase(OURS)
  await ours.open()
  const raw = await openRaw(OURS)
  const naiveDb = new Dexie(NAIVE)
  naiveDb.version(1).stores({ products: '++id' })
  await naiveDb.open()
  const range = { after: null, until: null }
  try {
    const oursRun = await time(() => browseProducts(ours, queryFull, range), repeats)
    const rawRun = await time(() => {
      const tx = raw.transaction(['listings', 'products'], 'readonly')
      return readPage(rawReader(tx), queryFull, range)
    }, repeats)
    const store = useNaiveStore()
    const naiveLoad = await time(async () => {
      store.products = await naiveDb.table('products').toArray()
      return naiveFilter(store.products, queryFull)
    }, Math.min(repeats, 3))
    const naiveFilterOnly = await time(async () => naiveFilter(store.products, queryFull), repeats)
    const oursIds = ids(oursRun.result as ProductPage)
    const same =
      JSON.stringify(oursIds) === JSON.stringify(ids(rawRun.result as ProductPage)) &&
      JSON.stringify(oursIds.slice(0, 50)) === JSON.stringify((naiveLoad.result as Product[]).map((p) => p.id))
    return { ours: oursRun.median, raw: rawRun.median, naive: naiveLoad.median, naiveFilterOnly: naiveFilterOnly.median, results: oursIds.length, same }
  } finally {
    ours.close()
    raw.close()
    naiveDb.close()
  }
}

// ---------------------------------------------------------------------------- DOM size

/** Mounts the shop's virtualised list (the same components as the Products page) over a database. */
async function listDom(name: string, scrollTargets: number[]) {
  const db = new ShopDatabase(name)
  await db.open()
  const host = document.createElement('div')
  host.className = 'container'
  document.body.replaceChildren(host)
  const List = defineComponent(() => {
    const pages = useProductPages(db, () => DEFAULT_QUERY)
    return () =>
      h(
        BaseVirtualList<StoredProduct>,
        {
          items: pages.items.value,
          itemKey: (p: StoredProduct) => p.id,
          label: 'Products',
          rowHeight: 136,
          minColumnWidth: 300,
          onRendered: (end: number) => pages.want(end + 50),
        },
        { default: ({ item }: { item: StoredProduct }) => h(ProductCard, { product: item }) },
      )
  })
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/products/:id', name: 'product', component: List }, { path: '/', component: List }] })
  const app = createApp(List)
  app.use(router)
  await router.push('/')
  app.mount(host)
  const settle = async () => {
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => requestAnimationFrame(() => r(null)))
      await nextTick()
    }
  }
  await settle()
  const counts: { scroll: number; listNodes: number; listItems: number; loaded: number }[] = []
  const list = host.querySelector('ul') as HTMLElement
  for (const target of scrollTargets) {
    // Scroll down as far as asked; the list reads further pages as it goes.
    for (let step = 0; step < 200 && window.scrollY < target - 1; step++) {
      const before = list.scrollHeight
      window.scrollTo(0, Math.min(target, document.documentElement.scrollHeight - window.innerHeight))
      await settle()
      if (window.scrollY < target - 1 && list.scrollHeight === before) await new Promise((r) => setTimeout(r, 50))
    }
    await new Promise((r) => setTimeout(r, 300))
    await settle()
    counts.push({
      scroll: Math.round(window.scrollY),
      listNodes: list.querySelectorAll('*').length + 1,
      listItems: list.querySelectorAll('li').length,
      loaded: Number(list.querySelector('li:last-child')?.getAttribute('aria-posinset') ?? 0),
    })
  }
  app.unmount()
  db.close()
  return counts
}

async function dom() {
  await seedOurs(DOM_SMALL, generateProducts(100, { now: 1 }))
  // The same scroll positions for both (top, and 2,000 px down: mid-list at 100 products),
  // then deeper into the large catalog, where only the large list can go.
  const small = await listDom(DOM_SMALL, [0, 2_000])
  const large = await listDom(OURS, [0, 2_000, 20_000, 100_000])
  await fresh(DOM_SMALL)
  return { small, large }
}

// ---------------------------------------------------------------------------- checkout

const CART_LINES = 20
const BUYER = 'bench-buyer'

/** A 20-line cart for the buyer, on products given plenty of stock (set-up, not timed). */
async function fillCart(db: ShopDatabase, ids: Id[]): Promise<void> {
  await db.transaction('rw', db.products, db.cartItems, async () => {
    for (const [i, id] of ids.entries()) {
      const product = await db.products.get(id)
      if (product && product.stock < 1_000) await db.products.put({ ...product, stock: 1_000_000 })
      await db.cartItems.put({ userId: BUYER, productId: id, quantity: 1 + (i % 3), addedAt: i })
    }
  })
}

/**
 * The change log's work for one write, raw (what src/db/changeLog.ts does): the records'
 * revisions (and, for a put or a delete, whether they exist) read before the write, then
 * one journal row and the revisions past 1. The clock is read from the journal once per
 * transaction (`clock.read`), then ticked in memory.
 */
interface RawLog {
  tx: IDBTransaction
  device: string
  clock: { last: Hlc | undefined; read: Promise<void> | undefined }
}

function rawLogBefore(log: RawLog, table: string, keys: IDBValidKey[], checkExists: boolean) {
  const revisions = log.tx.objectStore('revisions')
  const store = log.tx.objectStore(table)
  return {
    revisions: Promise.all(keys.map((key) => request(revisions.get([table, key])) as Promise<RevisionRow | undefined>)),
    existed: checkExists ? Promise.all(keys.map((key) => request(store.get(key)).then((row) => row !== undefined))) : undefined,
  }
}

async function rawLogWrite(log: RawLog, table: string, keys: IDBValidKey[], before: ReturnType<typeof rawLogBefore>, deleted: boolean): Promise<void> {
  const changes = log.tx.objectStore('changes')
  log.clock.read ??= request(changes.openCursor(null, 'prev')).then((cursor) => {
    const row = cursor?.value as ChangeRow | undefined
    const first = row ? decodeHlc(row.hlc) : undefined
    log.clock.last = first && row ? { ...first, counter: first.counter + row.keys.length - 1 } : undefined
  })
  const [revisions, existed] = await Promise.all([before.revisions, before.existed, log.clock.read])
  const revs = keys.map((_, i) => (revisions[i]?.rev ?? (existed?.[i] ? 1 : 0)) + 1)
  const wall = Date.now()
  const first = tickHlc(log.clock.last, wall, log.device)
  log.clock.last = first
  for (let i = 1; i < keys.length; i++) log.clock.last = tickHlc(log.clock.last, wall, log.device)
  const row: ChangeRow = { table, keys: keys as RecordKey[], revs, hlc: encodeHlc(first), device: log.device, ...(deleted ? { deleted: true as const } : {}) }
  const writes = [request(changes.add(row))]
  const revisionStore = log.tx.objectStore('revisions')
  keys.forEach((key, i) => {
    if (revs[i]! > 1 || deleted) writes.push(request(revisionStore.put({ table, key: key as RecordKey, rev: revs[i]!, ...(deleted ? { deleted: true as const } : {}) })))
  })
  await Promise.all(writes)
}

/**
 * What placeOrder reads and writes, in one raw IndexedDB readwrite transaction over the same
 * stores: the attempt's order, the settings, the cart by its index, each product, a product
 * put, its listing read (and rewritten only if it changed) and a ledger row per line, the
 * buyer, the last order number, the order, the cart and the attempt deleted; and the change
 * log's rows for the products, ledger rows, order and cart lines (rawLogWrite).
 */
async function placeOrderRaw(idb: IDBDatabase, orderId: string, device: string): Promise<void> {
  const tx = idb.transaction(['products', 'listings', 'stockLedger', 'cartItems', 'orders', 'meta', 'payments', 'users', 'changes', 'revisions'], 'readwrite')
  const log: RawLog = { tx, device, clock: { last: undefined, read: undefined } }
  const products = tx.objectStore('products')
  const listings = tx.objectStore('listings')
  const orders = tx.objectStore('orders')
  const meta = tx.objectStore('meta')
  const carts = tx.objectStore('cartItems')
  await request(orders.get(orderId))
  await request(meta.get('shopSettings'))
  const items = (await request(carts.index('userId').getAll(BUYER))) as { productId: Id; quantity: number; addedAt: number }[]
  items.sort((a, b) => a.addedAt - b.addedAt)
  const rows = (await Promise.all(items.map((i) => request(products.get(i.productId))))) as StoredProduct[]
  const plan = planOrder(rows.map((product, i) => ({ product, quantity: items[i]!.quantity })))
  const now = Date.now()
  // A sale's ledger row is keyed by its order and product: placeOrder looks for them first.
  const ledger = tx.objectStore('stockLedger')
  await Promise.all(rows.map((product) => request(ledger.get(ledgerIdOf(product.id, { reason: 'sale', orderId }) ?? ''))))
  const written: StoredProduct[] = []
  const productKeys = rows.map((p) => p.id)
  const productsBefore = rawLogBefore(log, 'products', productKeys, true)
  const ledgerKeys: Promise<IDBValidKey>[] = []
  for (const [i, product] of rows.entries()) {
    const stock = product.stock - items[i]!.quantity
    const next = { ...product, stock, updatedAt: now }
    const storedNext = { ...next, ...productIndexFields(next) }
    written.push(storedNext)
    products.put(storedNext)
    ledgerKeys.push(request(ledger.add(ledgerRow(product.id, stock, { delta: -items[i]!.quantity, reason: 'sale', orderId, userId: BUYER, at: now }, () => newId()))))
  }
  await rawLogWrite(log, 'products', productKeys, productsBefore, false)
  const newLedgerKeys = await Promise.all(ledgerKeys)
  await rawLogWrite(log, 'stockLedger', newLedgerKeys, rawLogBefore(log, 'stockLedger', [], false), false)
  const stored = (await Promise.all(written.map((p) => request(listings.get(p.id))))) as (Listing | undefined)[]
  for (const [i, p] of written.entries()) {
    const before = stored[i]
    if (!before || !sameListing(before, listingOf(p))) listings.put(listingOf(p))
  }
  await request(tx.objectStore('users').get(BUYER))
  const cursor = await request(orders.index('sequence').openCursor(null, 'prev'))
  const code = (await request(meta.get('deviceCode'))) as { value?: string } | undefined
  const sequence = ((cursor?.value as { sequence?: number } | undefined)?.sequence ?? 1000) + 1
  const orderBefore = rawLogBefore(log, 'orders', [orderId], false)
  orders.add({ id: orderId, number: `${code?.value ?? 'BB'}-${sequence}`, sequence, userId: BUYER, customerName: 'bench', createdAt: now, status: 'placed', history: [], lines: plan.lines, currency: 'USD', subtotal: plan.subtotal, taxRate: 0, tax: 0, total: plan.total, payment: { kind: 'on-delivery' } })
  const cartKeys = items.map((item) => [BUYER, item.productId])
  const cartBefore = rawLogBefore(log, 'cartItems', cartKeys, true)
  for (const key of cartKeys) carts.delete(key)
  meta.delete(`checkout:${BUYER}`)
  await Promise.all([rawLogWrite(log, 'orders', [orderId], orderBefore, false), rawLogWrite(log, 'cartItems', cartKeys, cartBefore, true)])
  await done(tx)
}

/** Placing an order for a 20-line cart, ours (placeOrder through Dexie) and raw, alternately; medians in ms. */
async function checkout(repeats = 31): Promise<{ ours: number; raw: number }> {
  const db = new ShopDatabase(OURS)
  await db.open()
  const count = await db.products.count()
  const step = Math.max(1, Math.floor(count / CART_LINES))
  const all = (await db.products.orderBy(':id').primaryKeys()) as Id[]
  const ids = Array.from({ length: CART_LINES }, (_, i) => all[i * step] ?? '')
  // The device id our side stamps with (made by the seed's first write), for the raw side's log rows.
  const device = (await db.meta.get(DEVICE_ID_KEY))?.value
  if (typeof device !== 'string') throw new Error('The seeded database has no device id.')
  const ours: number[] = []
  const raw: number[] = []
  for (let r = 0; r < repeats; r++) {
    await fillCart(db, ids)
    let start = performance.now()
    await placeOrder(db, BUYER, { orderId: `bench-ours-${r}` })
    ours.push(performance.now() - start)

    await fillCart(db, ids)
    db.close()
    const idb = await openRaw(OURS)
    start = performance.now()
    await placeOrderRaw(idb, `bench-raw-${r}`, device)
    raw.push(performance.now() - start)
    idb.close()
    await db.open()
  }
  db.close()
  return { ours: median(ours), raw: median(raw) }
}

// ---------------------------------------------------------------------------- storage

const STORAGE = 'bench-storage'

/** The origin's usage as the browser reports it, read until two readings a second apart agree (Chromium updates it lazily). */
async function settledUsage(): Promise<number> {
  let last = -1
  for (let i = 0; i < 20; i++) {
    const usage = (await navigator.storage.estimate()).usage ?? 0
    if (usage === last) return usage
    last = usage
    await new Promise((resolve) => setTimeout(resolve, 1_000))
  }
  return last
}

/**
 * What a catalog of `n` products costs the device: the origin's storage (navigator.storage.estimate)
 * with only our database on it, seeded as the shop seeds, less what the empty origin used.
 */
async function storage(n: number): Promise<{ products: number; bytes: number; bytesPerProduct: number }> {
  for (const info of await indexedDB.databases()) if (info.name) await Dexie.delete(info.name)
  const before = await settledUsage()
  await seedOurs(STORAGE, generateProducts(n, { now: 1_700_000_000_000 }))
  const bytes = (await settledUsage()) - before
  await fresh(STORAGE)
  return { products: n, bytes, bytesPerProduct: Math.round(bytes / n) }
}

setActivePinia(createPinia())
Object.assign(window, { bench: { seed, query, dom, checkout, storage, dashboard, sync } })
