/**
 * Online, no oversell: each product has a stock document on the server, `stock:<productId>` =
 * { level, rows }, written with its _rev. A checkout claims its units before the local checkout
 * transaction: read the document, refuse when the level is short (another device sold them
 * first), else write level − quantity with the sale's ledger row id added to `rows`. Two
 * devices racing write with the same _rev and the server takes one: the other gets 409,
 * re-reads and finds the level lower. `rows` (the last STOCK_DOC_ROWS ledger row ids applied)
 * keeps the document counted once: when the push later sends the sale's ledger row, it is
 * already in `rows`; every other pushed row (restock, adjustment, offline sale, cancellation)
 * moves the level by its delta unless it is there (adjustStockDocs).
 *
 * Written against StockDocStore (the CouchClient's get and put), so the rules are unit-tested
 * with a store in memory; tests/sync/stock.test.ts runs them against the real server.
 */
import { OutOfStockError } from '../domain/errors'
import type { ShopDatabase } from '../db/database'
import type { StockMovement } from '../domain/stock'
import type { CouchDoc } from './couch'
import { SyncError } from './errors'

/** The server side a claim needs: CouchClient has it. */
export interface StockDocStore {
  /** The document, or undefined when there is none. */
  get(id: string, signal?: AbortSignal): Promise<CouchDoc | undefined>
  /** Writes it (its _rev the one read; none to create); a stale _rev rejects with a SyncError of status 409. */
  put(doc: CouchDoc, signal?: AbortSignal): Promise<string>
}

export interface StockClaimLine {
  productId: string
  quantity: number
  /** The sale's ledger row id (`s:<order>:<product>`, domain/stock.ts ledgerIdOf). */
  ledgerId: string
}

/** What this device knows of a product, for a document not made yet and for messages. */
export interface LocalStock {
  name: string
  stock: number
  /** Ledger row ids already in `stock` (the latest ones): a new document counts them as applied. */
  ledgerIds: string[]
}

export interface StockDoc extends CouchDoc {
  level: number
  rows: string[]
}

/** How many ledger row ids a stock document remembers. */
export const STOCK_DOC_ROWS = 200
/** Writes tried per product before giving up on the server (then the sale goes ahead offline). */
export const MAX_ATTEMPTS = 5

export const stockDocId = (productId: string) => `stock:${productId}`

const isConflict = (err: unknown) => err instanceof SyncError && err.status === 409

function asStockDoc(doc: CouchDoc | undefined): StockDoc | undefined {
  if (!doc || doc._deleted) return undefined
  const level = typeof doc.level === 'number' && Number.isSafeInteger(doc.level) ? doc.level : 0
  const rows = Array.isArray(doc.rows) ? doc.rows.filter((r): r is string => typeof r === 'string') : []
  return { ...doc, level, rows }
}

/** Gave up after MAX_ATTEMPTS conflicts in a row: the server is too busy to claim on now. */
class Contended extends Error {}

/** The message when the server's level is short: someone else's sale got there first. */
function soldFirst(name: string, level: number, quantity: number): OutOfStockError {
  const available = Math.max(0, level)
  const message =
    available === 0
      ? `${name} is out of stock: another device sold it first.`
      : `Only ${available} of ${name} ${available === 1 ? 'is' : 'are'} left: another device sold the rest first. You asked for ${quantity}.`
  return new OutOfStockError(name, available, quantity, message)
}

/**
 * Reads, changes and writes one stock document with its _rev, again on 409 (at most
 * MAX_ATTEMPTS times). `change` gets the document (undefined when there is none) and returns
 * the new one, or undefined to write nothing.
 */
async function update(
  store: StockDocStore,
  id: string,
  change: (doc: StockDoc | undefined) => Pick<StockDoc, 'level' | 'rows'> | undefined,
  signal?: AbortSignal,
): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const doc = asStockDoc(await store.get(id, signal))
    const next = change(doc)
    if (!next) return
    try {
      await store.put({ _id: id, ...(doc?._rev ? { _rev: doc._rev } : {}), table: 'stock', level: next.level, rows: next.rows }, signal)
      return
    } catch (err) {
      if (!isConflict(err)) throw err
    }
  }
  throw new Contended()
}

/** Claims one line; throws OutOfStockError when the level is short. */
function claimLine(store: StockDocStore, line: StockClaimLine, local: LocalStock): Promise<void> {
  return update(store, stockDocId(line.productId), (doc) => {
    // Never made: this device's stock is the best the shop knows, with the rows it counts.
    const level = doc?.level ?? local.stock
    const rows = doc?.rows ?? local.ledgerIds
    // A retry of this very checkout (its answer lost): claimed already.
    if (rows.includes(line.ledgerId)) return undefined
    if (level < line.quantity) throw soldFirst(local.name, level, line.quantity)
    return { level: level - line.quantity, rows: [...rows, line.ledgerId].slice(-STOCK_DOC_ROWS) }
  })
}

/**
 * Claims every line, all at once (each its own product's document). Resolves true when all held; false when the
 * server could not be asked (a network or server failure, or too busy): the sale goes ahead
 * offline, and what was claimed already is given back. Rejects with an OutOfStockError naming
 * the product when another device sold the units first; the lines claimed are given
 * back. `local` reads this device's stock of the products.
 */
export async function claimStock(
  store: StockDocStore,
  lines: readonly StockClaimLine[],
  local: (productIds: string[]) => Promise<Map<string, LocalStock>>,
  /** The lines claimed that could not be given back after another line failed (kept for later: src/sync/releases.ts). */
  unreleased?: (lines: StockClaimLine[]) => Promise<void>,
): Promise<boolean> {
  if (lines.length === 0) return true
  const known = await local([...new Set(lines.map((l) => l.productId))])
  // Every line at once: each is its own product's document, so a cart of five waits for one
  // claim's round trips, not five in a row.
  const results = await Promise.allSettled(lines.map((line) => claimLine(store, line, known.get(line.productId) ?? { name: 'This product', stock: 0, ledgerIds: [] })))
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []))
  if (failures.length === 0) return true
  const claimed = lines.filter((_, i) => results[i]?.status === 'fulfilled')
  await releaseStock(store, claimed).catch(() => unreleased?.(claimed))
  // Another device selling first is what the person must hear, whatever else failed.
  const soldOut = failures.find((err) => err instanceof OutOfStockError)
  if (soldOut) throw soldOut
  const other = failures.find((err) => !(err instanceof Contended || err instanceof SyncError))
  if (other) throw other
  return false
}

/**
 * Gives back the claims of a checkout that failed after claiming (a declined card, the local
 * transaction refusing): each line's units return to the level and its ledger id leaves `rows`,
 * so nothing is counted for a sale that never happened. A line not claimed is left alone.
 */
export async function releaseStock(store: StockDocStore, lines: readonly StockClaimLine[], signal?: AbortSignal): Promise<void> {
  // One write per product, whatever the number of its lines (claims of several checkouts given back later, src/sync/releases.ts).
  const byProduct = new Map<string, StockClaimLine[]>()
  for (const line of lines) byProduct.set(line.productId, [...(byProduct.get(line.productId) ?? []), line])
  await Promise.all(
    [...byProduct].map(([productId, mine]) =>
      update(
        store,
        stockDocId(productId),
        (doc) => {
          const back = doc ? mine.filter((line, i) => doc.rows.includes(line.ledgerId) && mine.findIndex((l) => l.ledgerId === line.ledgerId) === i) : []
          if (!doc || back.length === 0) return undefined
          const ids = new Set(back.map((l) => l.ledgerId))
          return { level: back.reduce((level, l) => level + l.quantity, doc.level), rows: doc.rows.filter((r) => !ids.has(r)) }
        },
        signal,
      ),
    ),
  )
}

/**
 * Claims whose sale was placed after all, with another quantity than claimed (a checkout that
 * failed with its claim kept, then placed offline with the cart changed): each document's level
 * moves by the difference, while it still counts the claim (its ledger id in `rows`, where the
 * pushed sale row is then not counted again). A claim the document no longer counts is left:
 * the sale's row, pushed, moves the level by its own delta.
 */
export async function settleClaims(store: StockDocStore, claims: readonly (StockClaimLine & { sold: number })[], signal?: AbortSignal): Promise<void> {
  for (const claim of claims) {
    if (claim.sold === claim.quantity) continue
    await update(
      store,
      stockDocId(claim.productId),
      (doc) => (doc && doc.rows.includes(claim.ledgerId) ? { level: doc.level + claim.quantity - claim.sold, rows: doc.rows } : undefined),
      signal,
    )
  }
}

/**
 * After a push: moves each product's stock document by the pushed ledger rows it has not
 * applied (its `rows` says which it has), and records them there, so a row pushed twice (an
 * answer lost, a retry) moves it once. A product without a document is left alone: the first
 * claim makes one from a device's stock, which holds these rows by then.
 */
export async function adjustStockDocs(store: StockDocStore, rows: readonly Pick<StockMovement, 'id' | 'productId' | 'delta'>[], signal?: AbortSignal): Promise<void> {
  const byProduct = new Map<string, Pick<StockMovement, 'id' | 'delta'>[]>()
  for (const row of rows) {
    const list = byProduct.get(row.productId)
    if (list) list.push(row)
    else byProduct.set(row.productId, [row])
  }
  for (const [productId, list] of byProduct) {
    await update(store, stockDocId(productId), (doc) => {
      if (!doc) return undefined
      const fresh = list.filter((r, i) => !doc.rows.includes(r.id) && list.findIndex((o) => o.id === r.id) === i)
      if (fresh.length === 0) return undefined
      const level = fresh.reduce((sum, r) => sum + r.delta, doc.level)
      return { level, rows: [...doc.rows, ...fresh.map((r) => r.id)].slice(-STOCK_DOC_ROWS) }
    }, signal)
  }
}

/** This device's stock of `productIds`, with the ids of their latest ledger rows (see LocalStock). */
export function readLocalStock(db: ShopDatabase, productIds: string[]): Promise<Map<string, LocalStock>> {
  return db.transaction('r', db.products, db.stockLedger, async () => {
    const products = await db.products.bulkGet(productIds)
    const ledgers = await Promise.all(
      productIds.map((id) =>
        db.stockLedger
          .where('[productId+at]')
          .between([id, -Infinity], [id, Infinity])
          .reverse()
          .limit(STOCK_DOC_ROWS - 1)
          .primaryKeys(),
      ),
    )
    const out = new Map<string, LocalStock>()
    productIds.forEach((id, i) => {
      const p = products[i]
      if (p) out.set(id, { name: p.name, stock: p.stock, ledgerIds: (ledgers[i] ?? []).map(String).reverse() })
    })
    return out
  })
}
