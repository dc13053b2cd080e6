/**
 * The owner's inventory: create, edit, archive and restore products; restock and adjust
 * with a reason; the ledger, the low-stock list, "Verify inventory", demo products.
 * Every use case is one transaction that includes db.users and calls requireOwner inside
 * it; every stock change writes its ledger row in that same transaction.
 */
import { idFromKey, type Id } from '../domain/id'
import type { SortKey } from '../domain/browse'
import { ValidationError } from '../domain/errors'
import type { StoredProduct } from '../domain/product'
import { parseNote, parseRestockQuantity, parseStockLevel, parseWholeNumber, validateProductInput, type ProductInput } from '../domain/productInput'
import { findLedgerMismatches, initialStockRows, type LedgerMismatch, type StockMovement } from '../domain/stock'
import { oversoldOf } from '../domain/oversold'
import type { ShopDatabase } from '../db/database'
import { generateProducts, MAX_SYNTHETIC, SYNTHETIC_SKU_PREFIX } from '../db/synthetic'
import { yieldToMain } from '../db/yieldToMain'
import { newId } from '../db/newId'
import { requireOwner } from './authz'
import { getProduct } from './catalog'
import { assertPriceDigits } from './reads/settings'
import { systemClock, type Clock } from './clock'
import { changeStock } from './stock'

interface Options {
  clock?: Clock
}

/** Throws a ValidationError for the SKU field when another product already uses `sku`. */
async function assertSkuFree(db: ShopDatabase, sku: string, exceptId?: Id): Promise<void> {
  const other = await db.products.where('sku').equals(sku).first()
  if (other && other.id !== exceptId) throw new ValidationError('sku', `${other.name} already has SKU ${sku}. Each product needs its own.`)
}

/**
 * Adds a product with its opening stock and the 'initial' ledger row for it, from what the
 * owner typed; the price is read with `fractionDigits`, the decimals of the shop's currency
 * (checked again inside the transaction). `image` is the resized photo, if any.
 */
export async function createProduct(
  db: ShopDatabase,
  actorId: Id | undefined,
  input: Required<ProductInput> & { image?: Blob | undefined },
  fractionDigits: number,
  { clock = systemClock }: Options = {},
): Promise<Id> {
  const { image, ...typed } = input
  const { stock = 0, ...details } = validateProductInput(typed, fractionDigits)
  return db.transaction('rw', [db.users, db.meta, db.products, db.stockLedger], async () => {
    await requireOwner(db, actorId)
    await assertPriceDigits(db, fractionDigits)
    await assertSkuFree(db, details.sku)
    const now = clock.now()
    const id = await db.products.add({ ...details, stock, ...(image ? { image } : {}), archived: false, createdAt: now, updatedAt: now })
    await db.stockLedger.bulkAdd(initialStockRows([{ id, stock, createdAt: now }], { userId: actorId }))
    return id
  })
}

/**
 * Changes a product's details from what the owner typed, the price read with
 * `fractionDigits` as in createProduct. Stock is not a detail: it changes only through
 * restock, adjustment and sales, each with its ledger row. `image`: a new photo, null to
 * remove the photo, undefined to keep it.
 */
export async function updateProduct(
  db: ShopDatabase,
  actorId: Id | undefined,
  id: Id,
  input: ProductInput,
  image: Blob | null | undefined,
  fractionDigits: number,
  { clock = systemClock }: Options = {},
): Promise<void> {
  // Without a stock field the details come back without stock.
  const details = validateProductInput({ ...input, stock: undefined }, fractionDigits)
  return db.transaction('rw', [db.users, db.meta, db.products], async () => {
    await requireOwner(db, actorId)
    await assertPriceDigits(db, fractionDigits)
    const product = await getProduct(db, id)
    await assertSkuFree(db, details.sku, id)
    // Saving the product settles a SKU clash (domain/skuClash.ts): the owner has seen it and
    // kept or changed the SKU it was given.
    const { image: oldImage, ...rest } = product
    delete rest.skuConflict
    const nextImage = image === undefined ? oldImage : image ?? undefined
    await db.products.put({ ...rest, ...details, ...(nextImage ? { image: nextImage } : {}), updatedAt: clock.now() })
  })
}

/** Takes a product off sale (archived) or puts it back. Orders and the ledger keep pointing at it. */
export function setArchived(db: ShopDatabase, actorId: Id | undefined, id: Id, archived: boolean, { clock = systemClock }: Options = {}): Promise<void> {
  return db.transaction('rw', db.users, db.products, async () => {
    await requireOwner(db, actorId)
    const product = await getProduct(db, id)
    if (product.archived === archived) return
    await db.products.put({ ...product, archived, updatedAt: clock.now() })
  })
}

/**
 * Adds the received units (`quantityInput`, as typed: a whole number from 1), with an optional
 * note (a supplier, a delivery number).
 */
export function restock(
  db: ShopDatabase,
  actorId: Id | undefined,
  id: Id,
  quantityInput: string | number,
  noteInput: string,
  { clock = systemClock }: Options = {},
): Promise<StoredProduct> {
  return db.transaction('rw', db.users, db.products, db.stockLedger, async () => {
    await requireOwner(db, actorId)
    const quantity = parseRestockQuantity(quantityInput)
    const note = parseNote(noteInput)
    const product = await getProduct(db, id)
    return changeStock(db, product, { delta: quantity, reason: 'restock', userId: actorId, note, at: clock.now() })
  })
}

/**
 * Sets the stock to what was counted (`levelInput`, as typed), with the reason, which is
 * required; the ledger row holds the difference from the stock as it is inside this
 * transaction (a sale a moment ago included).
 */
export function adjustStock(
  db: ShopDatabase,
  actorId: Id | undefined,
  id: Id,
  levelInput: string | number,
  reasonInput: string,
  { clock = systemClock }: Options = {},
): Promise<StoredProduct> {
  return db.transaction('rw', db.users, db.products, db.stockLedger, async () => {
    await requireOwner(db, actorId)
    const level = parseStockLevel(levelInput)
    const reason = parseNote(reasonInput, { required: true, field: 'reason' })
    const product = await getProduct(db, id)
    const delta = level - product.stock
    if (delta === 0) throw new ValidationError('level', `${product.name} already has ${level} in stock: nothing to adjust.`)
    return changeStock(db, product, { delta, reason: 'adjustment', userId: actorId, note: reason, at: clock.now() })
  })
}

/** How many ledger rows the owner's product page shows, newest first. */
export const LEDGER_LIMIT = 200

/** A product's ledger, newest first, at most `limit` rows. */
export function listLedger(db: ShopDatabase, actorId: Id | undefined, productId: Id, limit = LEDGER_LIMIT): Promise<StockMovement[]> {
  return db.transaction('r', db.users, db.stockLedger, async () => {
    await requireOwner(db, actorId)
    // By time; rows of one product written in the same millisecond keep the order of their ids.
    return db.stockLedger
      .where('[productId+at]')
      .between([productId, -Infinity], [productId, Infinity])
      .reverse()
      .limit(limit)
      .toArray()
  })
}

export interface LowStockPage {
  items: StoredProduct[]
  /** Where the next page starts: [stock − threshold, id] of the last row. */
  through: SortKey | null
  done: boolean
}

/**
 * Products on sale at or below their low-stock threshold, the most short first, a page at
 * a time from the [listed+stockGap+id] index.
 */
export function lowStockPage(db: ShopDatabase, actorId: Id | undefined, after: SortKey | null, limit = 50): Promise<LowStockPage> {
  return db.transaction('r', db.users, db.products, async () => {
    await requireOwner(db, actorId)
    const rows = await db.products
      .where('[listed+stockGap+id]')
      // [[]] sorts after every id (an array key after every string).
      .between(after ? [1, ...after] : [1, -Infinity], [1, 0, [[]]], !after, true)
      .limit(limit + 1)
      .toArray()
    const items = rows.slice(0, limit)
    const last = items.at(-1)
    return { items, through: last ? [last.stockGap, last.id] : after, done: rows.length <= limit }
  })
}

/** A product another device gave the same SKU, renamed by the clash rule (domain/skuClash.ts). */
export interface SkuClash {
  id: Id
  name: string
  sku: string
  /** The SKU it lost to the older product. */
  skuConflict: string
}

/** A product whose merged stock is below zero, with the orders that took it there (domain/oversold.ts). */
export interface OversoldProduct {
  id: Id
  name: string
  sku: string
  by: number
  orders: { id: string; number: string; offline: boolean }[]
}

export interface InventoryAttention {
  clashes: SkuClash[]
  oversold: OversoldProduct[]
  /** Whether there are more of either than shown. */
  more: boolean
}

/**
 * What the owner should settle after sync merged two devices' work: products renamed by a SKU
 * clash and products oversold, at most `limit` of each. Both are sparse indexes (only the few
 * products concerned are in them), so this reads nothing of a healthy catalog.
 */
export function inventoryAttention(db: ShopDatabase, actorId: Id | undefined, limit = 50): Promise<InventoryAttention> {
  return db.transaction('r', db.users, db.products, db.stockLedger, db.orders, async () => {
    await requireOwner(db, actorId)
    const [clashed, oversold] = await Promise.all([
      db.products.orderBy('skuConflict').limit(limit + 1).toArray(),
      db.products.where('oversold').equals(1).limit(limit + 1).toArray(),
    ])
    const shown = oversold.slice(0, limit)
    const walks = await Promise.all(
      shown.map(async (p) => oversoldOf(await db.stockLedger.where('[productId+at]').between([p.id, -Infinity], [p.id, Infinity]).toArray())),
    )
    const orders = await db.orders.bulkGet([...new Set(walks.flatMap((w) => w.orderIds))])
    const byId = new Map(orders.flatMap((o) => (o ? [[o.id, o] as const] : [])))
    return {
      clashes: clashed.slice(0, limit).map((p) => ({ id: p.id, name: p.name, sku: p.sku, skuConflict: p.skuConflict ?? '' })),
      oversold: shown.map((p, i) => {
        const walk = walks[i] ?? { by: -p.stock, orderIds: [] }
        return {
          id: p.id,
          name: p.name,
          sku: p.sku,
          // The product's stock is the ledger's sum; the walk says so too unless a row is missing.
          by: Math.max(walk.by, -p.stock),
          orders: walk.orderIds.flatMap((id) => {
            const o = byId.get(id)
            return o ? [{ id, number: o.number, offline: o.offline === true }] : []
          }),
        }
      }),
      more: clashed.length > limit || oversold.length > limit,
    }
  })
}

export interface VerifyResult {
  checked: number
  mismatches: LedgerMismatch[]
}

/**
 * Checks the ledger invariant for every product: the sum of its ledger rows equals its
 * stock. Reads products by id a chunk at a time, each chunk with the ledger rows of exactly
 * those products in the same read transaction, and yields between chunks so a catalog of
 * 100,000 products never freezes the page.
 */
export async function verifyInventory(
  db: ShopDatabase,
  actorId: Id | undefined,
  { chunkSize = 2_000, onProgress }: { chunkSize?: number; onProgress?: (checked: number) => void } = {},
): Promise<VerifyResult> {
  const mismatches: LedgerMismatch[] = []
  let checked = 0
  let afterId = ''
  for (;;) {
    const chunk = await db.transaction('r', db.users, db.products, db.stockLedger, async () => {
      await requireOwner(db, actorId)
      const products = await db.products.where(':id').above(afterId).limit(chunkSize).toArray()
      const first = products[0]
      const last = products.at(-1)
      if (!first || !last) return { products, movements: [] }
      const movements = await db.stockLedger
        .where('[productId+at]')
        .between([first.id, -Infinity], [last.id, Infinity])
        .toArray()
      return { products, movements }
    })
    mismatches.push(...findLedgerMismatches(chunk.products, chunk.movements))
    checked += chunk.products.length
    onProgress?.(checked)
    const last = chunk.products.at(-1)
    if (!last || chunk.products.length < chunkSize) return { checked, mismatches }
    afterId = last.id
    await yieldToMain()
  }
}

/**
 * Adds `countInput` (as typed) generated demo products (SKUs SYN-0000001 on, continuing after
 * any already there), each with its 'initial' ledger row, in chunks that yield to the page.
 * Each chunk is its own owner-checked transaction; what was added before a failure stays.
 * `onProgress` hears how many are in so far out of how many, first with 0 before any is.
 */
export async function addSyntheticProducts(
  db: ShopDatabase,
  actorId: Id | undefined,
  countInput: string | number,
  { clock = systemClock, chunkSize = 1_000, onProgress }: Options & { chunkSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<number> {
  const count = parseWholeNumber(countInput, 'count', 'Number of products', { min: 1, max: MAX_SYNTHETIC })
  onProgress?.(0, count)
  let done = 0
  while (done < count) {
    const size = Math.min(chunkSize, count - done)
    await db.transaction('rw', db.users, db.products, db.stockLedger, async () => {
      await requireOwner(db, actorId)
      const lastSku = (await db.products.where('sku').startsWith(SYNTHETIC_SKU_PREFIX).last())?.sku
      const start = lastSku ? Number(lastSku.slice(SYNTHETIC_SKU_PREFIX.length)) || 0 : 0
      // Ids from the SKUs like the seeded ones (so two devices generating the same numbers
      // converge on one product each), unless a product already holds that id: one whose SKU
      // the owner has since changed, which keeps it.
      const generated = generateProducts(size, { start, now: clock.now() })
      const taken = await db.products.bulkGet(generated.map((p) => idFromKey(p.sku)))
      const products = generated.map((p, i) => ({ id: taken[i] ? newId(p.createdAt) : idFromKey(p.sku), ...p }))
      const ids = await db.products.bulkAdd(products, { allKeys: true })
      await db.stockLedger.bulkAdd(initialStockRows(products.map((p, i) => ({ ...p, id: ids[i]! })), { userId: actorId }))
    })
    done += size
    onProgress?.(done, count)
    if (done < count) await yieldToMain()
  }
  return done
}
