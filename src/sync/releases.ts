/**
 * Claims given back later. A checkout that claimed its units on the server and then failed (a
 * declined card, the local transaction refusing) gives them back at once (stock.ts
 * releaseStock). When the server cannot be reached for that (the network dropped between the
 * claim and the failure, the server too busy), the lines are kept on the device, in meta
 * (SYNC_RELEASES_KEY, with the shop's database URL), and the engine gives them back in its
 * next round. Until then the shop's level is low by those units: another device may be told a
 * product is sold out while units are left, never the other way round. The status counts each
 * line among the changes waiting.
 *
 * Giving back is safe to repeat: a line is given back only while its ledger id is in the
 * stock document's `rows`. A checkout retried with the same attempt (so the same ledger ids)
 * gives back its kept lines before it claims again (giveBackBeforeClaim): its new claim is of
 * its new quantities. And a line whose sale was placed after all (retried offline: its sale's
 * ledger row has the line's id) is not given back: the claim is that sale's, corrected to the
 * quantity sold if the cart changed (settleClaims), and its pushed row is not counted again.
 */
import type { ShopDatabase } from '../db/database'
import type { CouchClient } from './couch'
import { releaseStock, settleClaims, type StockClaimLine } from './stock'
import { SYNC_CONFIG_KEY, SYNC_RELEASES_KEY } from './types'

/** The row's value: the shop's database and the lines to give back there. */
interface KeptReleases {
  db: string
  lines: StockClaimLine[]
}

function isLine(value: unknown): value is StockClaimLine {
  const l = value as Partial<StockClaimLine> | null
  return typeof l === 'object' && l !== null && typeof l.productId === 'string' && typeof l.ledgerId === 'string' && Number.isSafeInteger(l.quantity) && (l.quantity ?? 0) > 0
}

/** The lines kept for `shop` (another shop's, or a row of another shape, count as none). */
function keptFor(value: unknown, shop: string): StockClaimLine[] {
  const row = value as Partial<KeptReleases> | null | undefined
  if (!row || row.db !== shop || !Array.isArray(row.lines)) return []
  return row.lines.filter(isLine)
}

/** The lines waiting to be given back to `shop`. */
export async function keptReleases(db: ShopDatabase, shop: string): Promise<StockClaimLine[]> {
  return keptFor((await db.meta.get(SYNC_RELEASES_KEY))?.value, shop)
}

/** How many lines wait to be given back to the shop this device syncs with (none when it syncs with none). Inside a transaction over meta, or alone. */
export async function countKeptReleases(db: ShopDatabase): Promise<number> {
  const [config, row] = await db.meta.bulkGet([SYNC_CONFIG_KEY, SYNC_RELEASES_KEY])
  const shop = (config?.value as { url?: unknown } | undefined)?.url
  return typeof shop === 'string' ? keptFor(row?.value, shop).length : 0
}

/** Keeps `lines` to give back to `shop` later (a line already kept is kept once). A row of another shop is replaced. */
export async function keepReleases(db: ShopDatabase, shop: string, lines: readonly StockClaimLine[]): Promise<void> {
  if (lines.length === 0) return
  await db.transaction('rw', db.meta, async () => {
    const kept = keptFor((await db.meta.get(SYNC_RELEASES_KEY))?.value, shop)
    const ids = new Set(kept.map((l) => l.ledgerId))
    const value: KeptReleases = { db: shop, lines: [...kept, ...lines.filter((l) => !ids.has(l.ledgerId)).map((l) => ({ productId: l.productId, quantity: l.quantity, ledgerId: l.ledgerId }))] }
    await db.meta.put({ key: SYNC_RELEASES_KEY, value })
  })
}

/**
 * Gives back the claims of a failed checkout now; when the server cannot take it, keeps them
 * for the engine's next round (releaseKept). Never rejects for the server's sake: the person's
 * checkout already failed for its own reason, which is what they are told.
 */
export async function releaseOrKeep(client: CouchClient, db: ShopDatabase, lines: readonly StockClaimLine[]): Promise<void> {
  if (lines.length === 0) return
  try {
    await releaseStock(client, lines)
  } catch {
    await keepReleases(db, client.db, lines)
  }
}

/**
 * The engine's round: gives back every line kept for this shop (or those of `only`'s ledger
 * ids) whose sale was not placed after all, settles those whose sale was, then forgets the
 * lines it read (lines kept meanwhile stay). Resolves with how many were given back; rejects
 * when the server still cannot take them (they stay kept).
 */
export async function releaseKept(client: CouchClient, db: ShopDatabase, signal?: AbortSignal, only?: ReadonlySet<string>): Promise<number> {
  const kept = (await keptReleases(db, client.db)).filter((l) => !only || only.has(l.ledgerId))
  if (kept.length === 0) return 0
  // Sold after all: the sale's ledger row is here (its delta is minus the quantity sold).
  const sales = await db.stockLedger.bulkGet(kept.map((l) => l.ledgerId))
  const lines = kept.filter((_, i) => sales[i] === undefined)
  const sold = kept.flatMap((l, i) => {
    const row = sales[i]
    return row ? [{ ...l, sold: -row.delta }] : []
  })
  if (lines.length > 0) await releaseStock(client, lines, signal)
  if (sold.length > 0) await settleClaims(client, sold, signal)
  const done = new Set(kept.map((l) => l.ledgerId))
  await db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get(SYNC_RELEASES_KEY)
    const left = keptFor(row?.value, client.db).filter((l) => !done.has(l.ledgerId))
    if (left.length > 0) await db.meta.put({ key: SYNC_RELEASES_KEY, value: { db: client.db, lines: left } satisfies KeptReleases })
    else if (row) await db.meta.delete(SYNC_RELEASES_KEY)
  })
  return lines.length
}

/**
 * Before a checkout claims: the lines kept from an earlier failed try of the same attempt (the
 * same ledger ids) are given back first, so the new claim is of the cart as it is now, not
 * taken for "claimed already". Rejects when the server cannot take them: then the claim could
 * not be made either, and the sale goes ahead offline.
 */
export async function giveBackBeforeClaim(client: CouchClient, db: ShopDatabase, lines: readonly StockClaimLine[]): Promise<void> {
  await releaseKept(client, db, undefined, new Set(lines.map((l) => l.ledgerId)))
}
