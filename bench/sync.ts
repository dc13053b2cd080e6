/**
 * The sync benchmark's page side (bench/sync.bench.ts drives it through `window.bench.sync`):
 * - a fresh device joining a shop: ours (connect → the engine's join into Dexie), PouchDB 9's
 *   replicate() into its own IndexedDB, and the limit (the same _changes pages as ours,
 *   include_docs, written with raw IndexedDB into the same stores and indexes as ours);
 * - live devices (one per browser context, each its own IndexedDB): an order placed on one,
 *   the moment it is in another's database;
 * - checkout with sync running (claims on the server) against sync stopped, same device: as a
 *   person checks out (a card through the mock gateway, its usual wait), and paying on delivery
 *   with no gateway (where the claims' round trips are all there is to see).
 * PouchDB is imported here only, dynamically: the catalog bench's page does not load it.
 */
import Dexie, { liveQuery } from 'dexie'
import { ShopDatabase } from '../src/db/database'
import type { Id } from '../src/domain/id'
import { listingOf, productIndexFields, type StoredProduct } from '../src/domain/product'
import { checkout, checkoutAttemptId, placeOrder } from '../src/services/checkout'
import { connect, resume } from '../src/sync'
import { fromDoc } from '../src/sync/documents'
import { CATCH_UP_BATCH, CATCH_UP_PAGE_CHARS, nextLimit, PULL_BATCH } from '../src/sync/pull'
import type { SyncController } from '../src/sync/types'
import { request, done } from './rawIdb'

export interface ShopAccess {
  /** The database URL (http://127.0.0.1:PORT/shop-…). */
  url: string
  username: string
  password: string
}

export interface CheckoutTimes {
  /** The checkout service with a card through the mock gateway (its usual wait). */
  checkout: number[]
  /** The checkout service paying on delivery, no gateway: the claims' whole cost while sync runs. */
  checkoutNoGateway: number[]
  placeOrder: number[]
}

export interface JoinResult {
  ms: number
  /** Of `ms`, the time spent fetching _changes pages (request to the whole body): the server's share. */
  fetchMs: number
  pages: number
  products: number
  ledger: number
  docs: number
  /** IndexedDB requests made during the join, by kind (reads: get, getAll, cursors, count; writes: put, add, delete). */
  requests: { reads: number; writes: number }
}

/** Counts the IndexedDB requests this page makes until `stop` (wrappers on the prototypes: a small cost, the same on every side). */
function countRequests(): { stop(): { reads: number; writes: number } } {
  const counts = { reads: 0, writes: 0 }
  const restore: (() => void)[] = []
  const wrap = (proto: object, names: string[], kind: 'reads' | 'writes') => {
    for (const name of names) {
      const target = proto as Record<string, (...args: unknown[]) => unknown>
      const original = target[name]
      if (typeof original !== 'function') continue
      target[name] = function (this: unknown, ...args: unknown[]) {
        counts[kind]++
        return original.apply(this, args)
      }
      restore.push(() => (target[name] = original))
    }
  }
  wrap(IDBObjectStore.prototype, ['get', 'getAll', 'getAllKeys', 'getKey', 'openCursor', 'openKeyCursor', 'count'], 'reads')
  wrap(IDBIndex.prototype, ['get', 'getAll', 'getAllKeys', 'getKey', 'openCursor', 'openKeyCursor', 'count'], 'reads')
  wrap(IDBObjectStore.prototype, ['put', 'add', 'delete', 'clear'], 'writes')
  return {
    stop: () => {
      for (const r of restore) r()
      return { ...counts }
    },
  }
}

const wall = () => performance.timeOrigin + performance.now()

/** Resolves once the controller finished a whole round (its first: the join) without error. */
function firstRound(c: SyncController): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const s = c.status
      if (s.lastSyncedAt !== null && s.join === null) {
        off()
        resolve()
      } else if (s.phase === 'error' || s.phase === 'sign-in') {
        off()
        reject(new Error(`sync ${s.phase}: ${s.error?.message ?? ''}`))
      }
    }
    const off = c.onStatus(check)
    check()
  })
}

async function signIn(access: ShopAccess): Promise<void> {
  const root = new URL(access.url).origin
  const res = await fetch(`${root}/_session`, {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: access.username, password: access.password }),
  })
  if (!res.ok) throw new Error(`sign-in: ${res.status}`)
}

/** A fetch that times the _changes pages, each until its whole body is in (handed on as a new Response). */
function timedFetch() {
  const timing = { ms: 0, pages: 0 }
  const fetchFn = async (input: string, init?: RequestInit): Promise<Response> => {
    if (!input.includes('/_changes')) return fetch(input, init)
    const start = performance.now()
    const res = await fetch(input, init)
    const body = await res.arrayBuffer()
    timing.ms += performance.now() - start
    timing.pages++
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers })
  }
  return { timing, fetchFn }
}

/** Ours: a fresh ShopDatabase, connect (sign-in, checks, then the join), until its first round is done. */
async function joinOurs(access: ShopAccess): Promise<JoinResult> {
  const name = 'bench-sync-ours'
  await Dexie.delete(name)
  const db = new ShopDatabase(name)
  await db.open()
  const { timing, fetchFn } = timedFetch()
  const counter = countRequests()
  const start = performance.now()
  const c = await connect(db, access, { waitMs: 60_000, fetch: fetchFn })
  await firstRound(c)
  const ms = performance.now() - start
  const requests = counter.stop()
  await c.stop()
  const [products, ledger] = await Promise.all([db.products.count(), db.stockLedger.count()])
  db.close()
  await Dexie.delete(name)
  return { ms, fetchMs: timing.ms, pages: timing.pages, products, ledger, docs: products + ledger, requests }
}

interface PouchLike {
  info(): Promise<{ doc_count: number }>
  destroy(): Promise<unknown>
  replicate: { from(source: PouchLike, options?: object): Promise<{ docs_written: number }> }
}
type PouchStatic = (new (name: string, options?: object) => PouchLike) & { fetch: typeof fetch }

/** PouchDB 9: replicate() from the same server (same cookie sign-in) into IndexedDB, its defaults. */
async function joinPouch(access: ShopAccess): Promise<JoinResult> {
  const PouchDB = (await import('pouchdb-browser')).default as unknown as PouchStatic
  const local = new PouchDB('bench-sync-pouch')
  await local.destroy()
  const target = new PouchDB('bench-sync-pouch')
  const counter = countRequests()
  const start = performance.now()
  await signIn(access)
  const remote = new PouchDB(access.url, { skip_setup: true, fetch: (url: string, opts: RequestInit) => PouchDB.fetch(url, { ...opts, credentials: 'include' }) })
  const replicated = await target.replicate.from(remote)
  const ms = performance.now() - start
  const requests = counter.stop()
  const info = await target.info()
  await target.destroy()
  return { ms, fetchMs: NaN, pages: NaN, products: -1, ledger: -1, docs: Math.max(info.doc_count, replicated.docs_written), requests }
}

/**
 * The limit: the same pages as ours (_changes, include_docs, sized as ours are, each asked for while the one before it is written) written with
 * raw IndexedDB into our schema, one transaction per page: each record into its table (products
 * with their derived index fields, their listing), the server's _rev of each product into
 * syncRevs and the checkpoint into meta. No change log, no merge, no stock sums: what any
 * client must do at least.
 */
async function joinRaw(access: ShopAccess): Promise<JoinResult> {
  const name = 'bench-sync-raw'
  await Dexie.delete(name)
  const schema = new ShopDatabase(name)
  await schema.open()
  schema.close()
  const idb = await request(indexedDB.open(name))
  const counter = countRequests()
  const start = performance.now()
  await signIn(access)
  let products = 0
  let ledger = 0
  const timing = { ms: 0, pages: 0 }
  type Page = { results: { id: string; doc?: { _id: string; _rev?: string } & Record<string, unknown> }[]; last_seq: string | number; pending?: number }
  // One page, timed from its request until its whole body is parsed (with prefetch, that overlaps the writes).
  const ask = async (from: string | number, limit: number) => {
    const fetched = performance.now()
    const res = await fetch(`${access.url}/_changes?since=${encodeURIComponent(String(from))}&include_docs=true&limit=${limit}`, { credentials: 'include' })
    if (!res.ok) throw new Error(`_changes: ${res.status}`)
    const text = await res.text()
    const page = JSON.parse(text) as Page
    timing.ms += performance.now() - fetched
    timing.pages++
    return { page, chars: text.length, limit }
  }
  // The same pages as ours: the first of PULL_BATCH, the next ones as their weight allows, up to
  // CATCH_UP_BATCH, each asked for while the one before it is written (as ours does).
  let next = ask(0, PULL_BATCH)
  for (;;) {
    const { page, chars, limit } = await next
    const last = page.results.length < limit || page.pending === 0
    if (!last) next = ask(page.last_seq, nextLimit({ received: page.results.length, chars }, CATCH_UP_PAGE_CHARS, CATCH_UP_BATCH))
    const tx = idb.transaction(['products', 'listings', 'stockLedger', 'users', 'orders', 'payments', 'cartItems', 'meta', 'syncRevs'], 'readwrite')
    for (const change of page.results) {
      const record = change.doc ? fromDoc(change.doc) : undefined
      if (!record?.record) continue
      if (record.table === 'products') {
        const stored = { ...record.record, ...productIndexFields(record.record as unknown as StoredProduct) } as StoredProduct
        tx.objectStore('products').put(stored)
        tx.objectStore('listings').put(listingOf(stored))
        tx.objectStore('syncRevs').put({ table: 'products', key: record.key, couchRev: change.doc?._rev ?? '', localRev: 1 })
        products++
      } else {
        tx.objectStore(record.table).put(record.record)
        if (record.table === 'stockLedger') ledger++
      }
    }
    tx.objectStore('meta').put({ key: 'syncPullSeq', value: page.last_seq })
    await done(tx)
    if (last) break
  }
  const ms = performance.now() - start
  const requests = counter.stop()
  idb.close()
  await Dexie.delete(name)
  return { ms, fetchMs: timing.ms, pages: timing.pages, products, ledger, docs: products + ledger, requests }
}

// ---------------------------------------------------------------------------- live devices

let device: { db: ShopDatabase; controller: SyncController | undefined; access: ShopAccess } | undefined

/** This page becomes one device of the shop: its own database, joined and syncing live. */
async function startDevice(access: ShopAccess, name: string): Promise<{ products: number }> {
  await Dexie.delete(name)
  const db = new ShopDatabase(name)
  await db.open()
  const controller = await connect(db, access, { waitMs: 60_000 })
  await firstRound(controller)
  device = { db, controller, access }
  return { products: await db.products.count() }
}

function theDevice() {
  if (!device) throw new Error('startDevice first')
  return device
}

/** Resolves with the wall-clock time (ms) at which order `id` is in this device's database. */
function whenOrderArrives(id: string, timeoutMs = 30_000): Promise<number> {
  const { db } = theDevice()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (sub.unsubscribe(), reject(new Error(`order ${id} did not arrive in ${timeoutMs} ms`))), timeoutMs)
    const sub = liveQuery(() => db.orders.get(id)).subscribe({
      next: (order) => {
        if (!order) return
        const at = wall()
        clearTimeout(timer)
        queueMicrotask(() => sub.unsubscribe())
        resolve(at)
      },
      error: reject,
    })
  })
}

const BUYER = 'bench-buyer'
const DETAILS = { contactName: 'Bench Buyer', phone: '+1 555 0100', email: 'bench@example.com', fulfilment: 'pickup' as const, line1: '', line2: '', city: '', postalCode: '', country: '', note: '' }

async function fillCart(db: ShopDatabase, ids: readonly Id[]): Promise<void> {
  await db.cartItems.bulkPut(ids.map((productId, i) => ({ userId: BUYER, productId, quantity: 1, addedAt: Date.now() + i })))
}

async function cartProducts(db: ShopDatabase, lines: number, offset: number): Promise<Id[]> {
  const all = (await db.products.orderBy(':id').primaryKeys()) as Id[]
  return Array.from({ length: lines }, (_, i) => all[(offset * lines + i * 7) % all.length]!)
}

/** Waits until the device has nothing waiting and its last round is done (not timed). */
async function settle(c: SyncController | undefined): Promise<void> {
  if (c) await c.syncNow()
}

/**
 * Places an order on this device the way the checkout page does (the checkout service, stock
 * claimed on the server while sync runs, no gateway delay): the order's id up front, the
 * wall-clock time its local transaction committed, and how long the checkout took.
 */
async function placeOrderNow(lines: number, offset: number): Promise<{ id: string; placedAt: number; ms: number }> {
  const { db, controller } = theDevice()
  await fillCart(db, await cartProducts(db, lines, offset))
  await settle(controller)
  const id = await checkoutAttemptId(db, BUYER)
  const start = performance.now()
  await checkout(db, BUYER, id, { kind: 'on-delivery' }, DETAILS, { delayMs: 0, stock: controller })
  const placedAt = wall()
  return { id, placedAt, ms: performance.now() - start }
}

/** The id the next order on this device will have (the checkout attempt, made now). */
async function nextOrderId(): Promise<string> {
  const { db } = theDevice()
  return checkoutAttemptId(db, BUYER)
}

/** Stops (keeping the config) or resumes this device's sync. */
async function setSync(on: boolean): Promise<void> {
  const d = theDevice()
  if (!on && d.controller) {
    await d.controller.stop()
    d.controller = undefined
  }
  if (on && !d.controller) {
    const c = await resume(d.db, { waitMs: 60_000 })
    if (!c) throw new Error('no sync config')
    await firstRound(c)
    d.controller = c
  }
}

/** A card the mock gateway approves. */
const CARD = { kind: 'card' as const, card: { number: '4242 4242 4242 4242', expiry: '12/39', cvc: '123', name: 'Bench Buyer' } }

/**
 * Checkout timings on this device with sync as it is now (setSync): each run fills a cart of
 * `lines` products (untimed, then lets sync settle), then times the checkout service as a
 * person checks out (a card through the mock gateway, with its usual wait; the claims while
 * sync runs), the checkout service paying on delivery with no gateway at all (the claims'
 * whole cost shows there) and, apart, placeOrder alone. Milliseconds per run. `watch`: see below.
 */
async function checkoutTimes(runs: number, lines: number, offset: number, watch = false): Promise<CheckoutTimes> {
  const { db } = theDevice()
  const out: CheckoutTimes = { checkout: [], checkoutNoGateway: [], placeOrder: [] }
  // `watch`: sync stopped, but the engine's one live query (the journal's last seq) subscribed: its share of sync's cost.
  const sub = watch ? liveQuery(() => db.changes.orderBy(':id').lastKey()).subscribe({ next: () => undefined }) : undefined
  for (let r = 0; r < runs; r++) {
    const ids = await cartProducts(db, lines, offset + 2 * r)
    await fillCart(db, ids)
    await settle(theDevice().controller)
    let start = performance.now()
    await checkout(db, BUYER, await checkoutAttemptId(db, BUYER), CARD, DETAILS, { stock: theDevice().controller })
    out.checkout.push(performance.now() - start)

    await fillCart(db, await cartProducts(db, lines, offset + 3 * r + 2))
    await settle(theDevice().controller)
    const id = await checkoutAttemptId(db, BUYER)
    start = performance.now()
    await checkout(db, BUYER, id, { kind: 'on-delivery' }, DETAILS, { delayMs: 0, stock: theDevice().controller })
    out.checkoutNoGateway.push(performance.now() - start)

    await fillCart(db, await cartProducts(db, lines, offset + 2 * r + 1))
    await settle(theDevice().controller)
    start = performance.now()
    await placeOrder(db, BUYER, { orderId: await checkoutAttemptId(db, BUYER) })
    out.placeOrder.push(performance.now() - start)
  }
  await settle(theDevice().controller)
  sub?.unsubscribe()
  return out
}

async function stopDevice(): Promise<void> {
  if (!device) return
  await device.controller?.stop()
  device.db.close()
  device = undefined
}

export const sync = { joinOurs, joinPouch, joinRaw, startDevice, whenOrderArrives, placeOrderNow, nextOrderId, setSync, checkoutTimes, stopDevice }
