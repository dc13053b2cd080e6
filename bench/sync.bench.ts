/**
 * `npm run bench:sync`: the sync engine against PouchDB 9 and against raw IndexedDB, in headless
 * Chromium, through a real test server this bench starts and stops (scripts/sync-server.mjs).
 * 1. A fresh device joining a shop of SYNC_BENCH_SIZES products (default 10000,100000), each
 *    with its ledger row: ours (connect → join into Dexie), PouchDB's replicate() into
 *    IndexedDB, and the limit (the same _changes pages written with raw IndexedDB).
 * 2. An order placed on device A until it is in device B's database (two browser contexts,
 *    each its own IndexedDB, both syncing live): p50 and p95 over SYNC_BENCH_ORDERS orders.
 * 3. Checkout with sync running (stock claimed on the server) against sync stopped, same device:
 *    a card through the mock gateway with its usual wait (as a person checks out; the target), and
 *    paying on delivery with no gateway (the claims alone, for comparison).
 * The server is seeded from node with _bulk_docs, the documents exactly as src/sync/documents.ts
 * makes them. Writes bench/results/sync-<time>.json (and sync-latest.json) and prints a table;
 * the targets are reported, not asserted.
 */
import { expect, test, type Page } from '@playwright/test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { setupShopDatabase } from '../scripts/sync-setup.mjs'
import { upsertShopUser } from '../scripts/sync-user.mjs'
// @ts-expect-error -- a plain .mjs script without type declarations (scripts/sync-server.mjs)
import { startTestServer } from '../scripts/sync-server.mjs'
import { generateProducts } from '../src/db/synthetic'
import { newId } from '../src/db/newId'
import { encodeHlc, tickHlc, type Hlc } from '../src/domain/hlc'
import { ledgerRow } from '../src/domain/stock'
import { toDoc, type ShopDoc } from '../src/sync/documents'
import type { CheckoutTimes, JoinResult, ShopAccess } from './sync'
import { SYNC_ORIGIN } from './playwright.sync.config'

const SIZES = (process.env.SYNC_BENCH_SIZES ?? '10000,100000').split(',').map(Number)
const ORDERS = Number(process.env.SYNC_BENCH_ORDERS ?? 20)
/** Checkout runs per block, blocks alternate sync off / on. */
const CHECKOUT_RUNS = Number(process.env.SYNC_BENCH_CHECKOUTS ?? 10)
const CHECKOUT_BLOCKS = 2
const CART_LINES = 3
const LIVE_PRODUCTS = 500
/** SYNC_BENCH_PROFILE=1: ours' join is run under Chromium's CPU profiler; the top functions are printed, the profile saved in bench/results/. */
const PROFILE = process.env.SYNC_BENCH_PROFILE === '1'
/** Which parts to run (all by default): join, trip, checkout (the last two share device A). */
const PARTS = new Set((process.env.SYNC_BENCH_PARTS ?? 'join,trip,checkout').split(','))
/** Which sides of the join to run (all by default: the report needs all three): raw, ours, pouch. */
const SIDES = new Set((process.env.SYNC_BENCH_SIDES ?? 'raw,ours,pouch').split(','))
const OWNER = { name: 'bench-owner', password: 'bench-owner-password' }
/** The shop's documents in the feed: 'chunks' (as a seeding device pushes them, the default) or 'catalog-first'. */
const SEED_ORDER = process.env.SYNC_BENCH_ORDER === 'catalog-first' ? 'catalog-first' : 'chunks'
/** seedInChunks' default chunk (src/db/seed.ts). */
const SEED_CHUNK = 500

interface Server {
  url: string
  admin: { name: string; password: string }
  stop(): Promise<void>
}

type SyncBench = {
  joinOurs(a: ShopAccess): Promise<JoinResult>
  joinPouch(a: ShopAccess): Promise<JoinResult>
  joinRaw(a: ShopAccess): Promise<JoinResult>
  startDevice(a: ShopAccess, name: string): Promise<{ products: number }>
  whenOrderArrives(id: string): Promise<number>
  placeOrderNow(lines: number, offset: number): Promise<{ id: string; placedAt: number; ms: number }>
  nextOrderId(): Promise<string>
  setSync(on: boolean): Promise<void>
  checkoutTimes(runs: number, lines: number, offset: number, watch?: boolean): Promise<CheckoutTimes>
  stopDevice(): Promise<void>
}

function call<K extends keyof SyncBench>(page: Page, name: K, ...args: Parameters<SyncBench[K]>): Promise<Awaited<ReturnType<SyncBench[K]>>> {
  return page.evaluate(([n, a]) => (window as unknown as { bench: { sync: Record<string, (...x: unknown[]) => unknown> } }).bench.sync[n as string]?.(...(a as unknown[])), [
    name,
    args,
  ] as const) as Promise<Awaited<ReturnType<SyncBench[K]>>>
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0))
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN
}
const median = (values: number[]) => quantile(values, 0.5)

/** A new shop database on the server, with n products and their 'initial' ledger rows, documents as a device pushes them. */
async function seedShop(server: Server, name: string, n: number, stock?: number): Promise<{ access: ShopAccess; docs: number; seedMs: number }> {
  const dbUrl = `${server.url}/${name}`
  await setupShopDatabase({ dbUrl, user: server.admin.name, password: server.admin.password, origins: [SYNC_ORIGIN] })
  const start = performance.now()
  const device = 'benchseed'
  let last: Hlc | undefined
  const hlc = () => encodeHlc((last = tickHlc(last, Date.now(), device)))
  const products = generateProducts(n, { now: 1_700_000_000_000 }).map((p) => ({ ...p, ...(stock === undefined ? {} : { stock }), id: newId(p.createdAt) }))
  const docs: ShopDoc[] = []
  // The order a seeding device's journal pushes them in: seedInChunks' transactions (src/db/seed.ts),
  // each SEED_CHUNK products then their 'initial' ledger rows. SYNC_BENCH_ORDER=catalog-first: every
  // product, then every row (the join's worst case: each product waits pages for its row).
  const chunk = SEED_ORDER === 'catalog-first' ? products.length : SEED_CHUNK
  for (let start = 0; start < products.length; start += chunk) {
    const some = products.slice(start, start + chunk)
    for (const p of some) docs.push(await toDoc('products', p.id, p as unknown as Record<string, unknown>, { hlc: hlc(), device }))
    for (const p of some) {
      const row = ledgerRow(p.id, p.stock, { delta: p.stock, reason: 'initial', at: p.createdAt }, () => newId())
      docs.push(await toDoc('stockLedger', row.id, row as unknown as Record<string, unknown>, { hlc: hlc(), device }))
    }
  }
  const auth = `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}`
  for (let i = 0; i < docs.length; i += 2_000) {
    const res = await fetch(`${dbUrl}/_bulk_docs`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ docs: docs.slice(i, i + 2_000) }) })
    const answer = (await res.json()) as { error?: string }[]
    if (!res.ok || answer.some((a) => a.error)) throw new Error(`seeding ${name}: ${res.status} ${JSON.stringify(answer.find((a) => a.error) ?? answer).slice(0, 300)}`)
  }
  // Read the whole feed once (untimed), so no side of the comparison is the one that warms the server.
  let since: unknown = 0
  for (;;) {
    const res = await fetch(`${dbUrl}/_changes?since=${encodeURIComponent(String(since))}&include_docs=true&limit=5000`, { headers: { authorization: auth } })
    const page = (await res.json()) as { results: unknown[]; last_seq: unknown }
    since = page.last_seq
    if (page.results.length < 5_000) break
  }
  return { access: { url: dbUrl, username: OWNER.name, password: OWNER.password }, docs: docs.length, seedMs: performance.now() - start }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]
  samples?: number[]
  timeDeltas?: number[]
}

/** Prints the functions with the most self time (and by script), and saves the profile for DevTools. */
function reportProfile(profile: CpuProfile, label: string): void {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  const byUrl = new Map<string, number>()
  ;(profile.samples ?? []).forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame
    const us = profile.timeDeltas?.[i] ?? 0
    if (!frame) return
    const file = frame.url.split('/').pop() || '(native)'
    const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`
    self.set(key, (self.get(key) ?? 0) + us)
    byUrl.set(file, (byUrl.get(file) ?? 0) + us)
  })
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, us]) => `  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`)
  console.log([`[bench:sync] CPU profile of ours' ${label} (self time)`, ...top(self, 25), '  by script:', ...top(byUrl, 8)].join('\n'))
  const dir = fileURLToPath(new URL('./results/', import.meta.url))
  mkdirSync(dir, { recursive: true })
  writeFileSync(`${dir}sync-${label}.cpuprofile`, JSON.stringify(profile))
}

test('sync benchmark', async ({ browser }) => {
  test.setTimeout(3 * 60 * 60_000)
  const server = (await startTestServer()) as Server
  const lines: string[] = []
  const row = (cells: string[]) => lines.push(cells.map((c, i) => (i === 0 ? c.padEnd(44) : c.padStart(12))).join(' '))
  const newPage = async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    page.on('console', (m) => {
      // A stock document not made yet is a 404 the claim expects: not worth a line.
      if (m.type() === 'error' && !m.text().includes('status of 404')) console.log('page error:', m.text())
    })
    await page.goto('/')
    await page.waitForFunction(() => 'bench' in window)
    return { context, page }
  }
  try {
    await upsertShopUser({ serverUrl: server.url, name: OWNER.name, role: 'owner', userPassword: OWNER.password, user: server.admin.name, password: server.admin.password })

    // ------------------------------------------------------------------ 1. join
    const joins: { products: number; docs: number; seedMs: number; ours: JoinResult; pouch: JoinResult; raw: JoinResult }[] = []
    for (const n of PARTS.has('join') ? SIZES : []) {
      const shop = await seedShop(server, `shop-bench-join-${n}`, n)
      console.log(`[bench:sync] seeded ${shop.docs} documents in ${ms(shop.seedMs)} ms`)
      const { context, page } = await newPage()
      const skipped: JoinResult = { ms: NaN, fetchMs: NaN, pages: NaN, products: n, ledger: n, docs: shop.docs, requests: { reads: NaN, writes: NaN } }
      const raw = SIDES.has('raw') ? await call(page, 'joinRaw', shop.access) : skipped
      console.log(`[bench:sync] ${n}: raw ${ms(raw.ms)} ms`)
      const cdp = PROFILE ? await context.newCDPSession(page) : undefined
      if (cdp) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.setSamplingInterval', { interval: 500 })).then(() => cdp.send('Profiler.start'))
      const ours = SIDES.has('ours') ? await call(page, 'joinOurs', shop.access) : skipped
      if (cdp) reportProfile((await cdp.send('Profiler.stop')).profile, `join-${n}`)
      console.log(`[bench:sync] ${n}: ours ${ms(ours.ms)} ms`)
      const pouch = SIDES.has('pouch') ? await call(page, 'joinPouch', shop.access) : skipped
      console.log(`[bench:sync] ${n}: pouch ${ms(pouch.ms)} ms`)
      await context.close()
      joins.push({ products: n, docs: shop.docs, seedMs: shop.seedMs, ours, pouch, raw })
    }

    // ------------------------------------------------------------------ 2. A → B
    const live = await seedShop(server, 'shop-bench-live', LIVE_PRODUCTS, 1_000_000)
    const a = await newPage()
    const b = await newPage()
    await Promise.all([call(a.page, 'startDevice', live.access, 'bench-device-a'), call(b.page, 'startDevice', live.access, 'bench-device-b')])
    const trips: { latency: number; checkoutMs: number }[] = []
    for (let i = 0; i < (PARTS.has('trip') ? ORDERS : 0); i++) {
      const id = await call(a.page, 'nextOrderId')
      const arrival = call(b.page, 'whenOrderArrives', id)
      await new Promise((r) => setTimeout(r, 50))
      const placed = await call(a.page, 'placeOrderNow', 1 + (i % CART_LINES), i)
      expect(placed.id).toBe(id)
      trips.push({ latency: (await arrival) - placed.placedAt, checkoutMs: placed.ms })
      // Orders at irregular moments, not in step with the changes feed's wait.
      await new Promise((r) => setTimeout(r, 150 + ((i * 137) % 350)))
    }
    await call(b.page, 'stopDevice')
    await b.context.close()
    const latencies = trips.map((t) => t.latency)

    // ------------------------------------------------------------------ 3. checkout, sync on / off
    const times = (): CheckoutTimes => ({ checkout: [], checkoutNoGateway: [], placeOrder: [] })
    const on = times()
    const off = times()
    // Sync stopped but the engine's live query on the journal subscribed: how much of "on" that is.
    const watched = times()
    for (let block = 0; block < (PARTS.has('checkout') ? CHECKOUT_BLOCKS : 0); block++) {
      for (const [state, into, watch] of [[false, off, false], [true, on, false], [false, watched, true]] as const) {
        await call(a.page, 'setSync', state)
        const times = await call(a.page, 'checkoutTimes', CHECKOUT_RUNS, CART_LINES, 1_000 + block * 100 + (state ? 30 : watch ? 60 : 0), watch)
        into.checkout.push(...times.checkout)
        into.checkoutNoGateway.push(...times.checkoutNoGateway)
        into.placeOrder.push(...times.placeOrder)
      }
    }
    await call(a.page, 'stopDevice')
    await a.context.close()

    // ------------------------------------------------------------------ report
    lines.push('', `A fresh device joins the shop (products + one ledger row each, in the feed ${SEED_ORDER === 'chunks' ? `by chunks of ${SEED_CHUNK} as a seeding device pushes them` : 'catalog first, then every row'}; ms, one run)`)
    row(['', 'ours', 'PouchDB 9', 'raw IDB', 'pouch/ours', 'ours/raw'])
    for (const j of joins) {
      row([`${j.products.toLocaleString('en-US')} products (${j.docs.toLocaleString('en-US')} docs)`, ms(j.ours.ms), ms(j.pouch.ms), ms(j.raw.ms), `${(j.pouch.ms / j.ours.ms).toFixed(2)}×`, `${(j.ours.ms / j.raw.ms).toFixed(2)}×`])
      row(['  documents per second', (j.docs / j.ours.ms * 1000).toFixed(0), (j.docs / j.pouch.ms * 1000).toFixed(0), (j.docs / j.raw.ms * 1000).toFixed(0), '', ''])
      row(['  in _changes requests (ms; both overlap writes)', ms(j.ours.fetchMs), '', ms(j.raw.fetchMs), '', ''])
      row(['  IndexedDB requests: reads', String(j.ours.requests.reads), String(j.pouch.requests.reads), String(j.raw.requests.reads), '', ''])
      row(['  IndexedDB requests: writes', String(j.ours.requests.writes), String(j.pouch.requests.writes), String(j.raw.requests.writes), '', ''])
      row(['  pages of _changes', String(j.ours.pages), '', String(j.raw.pages), '', ''])
      row(['  received (ours: products+ledger; pouch: docs)', `${j.ours.products}+${j.ours.ledger}`, String(j.pouch.docs), `${j.raw.products}+${j.raw.ledger}`, '', ''])
    }
    lines.push('', `An order placed on device A, until it is in device B's database (${ORDERS} orders, ${LIVE_PRODUCTS} products, 1–${CART_LINES} lines)`)
    lines.push(`  p50 ${ms(median(latencies))} ms, p95 ${ms(quantile(latencies, 0.95))} ms, min ${ms(Math.min(...latencies))} ms, max ${ms(Math.max(...latencies))} ms`)
    lines.push(`  (A's checkout with its claims: median ${ms(median(trips.map((t) => t.checkoutMs)))} ms)`)
    lines.push('', `Checkout on one device, ${CART_LINES}-line cart (median ms of ${on.checkout.length} each)`)
    row(['', 'sync off', 'sync on', 'on/off', '', ''])
    row(['checkout, card through the mock gateway', ms(median(off.checkout)), ms(median(on.checkout)), `${(median(on.checkout) / median(off.checkout)).toFixed(2)}×`, '', ''])
    row(['  paying on delivery, no gateway (claims alone)', ms(median(off.checkoutNoGateway)), ms(median(on.checkoutNoGateway)), `${(median(on.checkoutNoGateway) / median(off.checkoutNoGateway)).toFixed(2)}×`, '', ''])
    row(['placeOrder alone (engine running while on)', ms(median(off.placeOrder)), ms(median(on.placeOrder)), `${(median(on.placeOrder) / median(off.placeOrder)).toFixed(2)}×`, '', ''])
    row(['  off, the journal live query subscribed', ms(median(watched.placeOrder)), '', `${(median(watched.placeOrder) / median(off.placeOrder)).toFixed(2)}×`, '', ''])

    const largest = joins.at(-1)
    const targets = {
      joinProducts: largest?.products,
      seedOrder: SEED_ORDER,
      joinAtLeast3xFasterThanPouch: largest ? largest.pouch.ms >= 3 * largest.ours.ms : undefined,
      joinWithin15xOfRaw: largest ? largest.ours.ms <= 1.5 * largest.raw.ms : undefined,
      everyJoinSize: joins.map((j) => ({ products: j.products, pouchOverOurs: Number((j.pouch.ms / j.ours.ms).toFixed(2)), oursOverRaw: Number((j.ours.ms / j.raw.ms).toFixed(2)) })),
      orderToOtherDeviceP50Within1s: median(latencies) <= 1_000,
      checkoutSyncOnWithin12x: median(on.checkout) <= 1.2 * median(off.checkout),
      checkoutNoGatewaySyncOnOverOff: Number((median(on.checkoutNoGateway) / median(off.checkoutNoGateway)).toFixed(2)),
      placeOrderSyncOnWithin12x: median(on.placeOrder) <= 1.2 * median(off.placeOrder),
    }
    lines.push('', `Targets: ${JSON.stringify(targets)}`)

    const dir = fileURLToPath(new URL('./results/', import.meta.url))
    mkdirSync(dir, { recursive: true })
    const result = {
      date: new Date().toISOString(),
      joins,
      orderTrips: { orders: ORDERS, p50: median(latencies), p95: quantile(latencies, 0.95), trips },
      checkout: { lines: CART_LINES, off, on, watched, medians: { offCheckout: median(off.checkout), onCheckout: median(on.checkout), offNoGateway: median(off.checkoutNoGateway), onNoGateway: median(on.checkoutNoGateway), offPlaceOrder: median(off.placeOrder), onPlaceOrder: median(on.placeOrder) } },
      targets,
    }
    const json = JSON.stringify(result, null, 2)
    writeFileSync(`${dir}sync-${result.date.replace(/[:.]/g, '-')}.json`, json)
    writeFileSync(`${dir}sync-latest.json`, json)
    console.log(lines.join('\n'))
    // Each side received the whole shop: the comparison is of equal work.
    for (const j of joins) {
      expect([j.ours.products, j.ours.ledger]).toEqual([j.products, j.products])
      expect([j.raw.products, j.raw.ledger]).toEqual([j.products, j.products])
      expect(j.pouch.docs).toBeGreaterThanOrEqual(j.docs)
    }
  } finally {
    await server.stop()
  }
})
