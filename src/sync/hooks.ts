/**
 * The engine's call sites for the stock and SKU rules across devices: SKU clashes settled in
 * the pull (./sku.ts), the per-product stock documents claimed before an online checkout and
 * adjusted by pushed ledger rows (./stock.ts). The signatures are the engine's contract.
 */
import type { ShopDatabase } from '../db/database'
import type { Product } from '../domain/product'
import type { StockMovement } from '../domain/stock'
import type { CouchClient } from './couch'
import { giveBackBeforeClaim, keepReleases, releaseOrKeep } from './releases'
import * as sku from './sku'
import * as stock from './stock'
import * as users from './users'
import type { User } from '../domain/user'

export interface StockClaimLine {
  productId: string
  quantity: number
  ledgerId: string
}

/**
 * Called by pull inside its Dexie transaction (over every synced table), before the batch's
 * products are written: returns the products to write (the same, or copies with their SKU
 * settled). It may write local products itself, in that same transaction; it must not fetch.
 */
export function settleSkuClashes(db: ShopDatabase, incoming: Product[]): Promise<Product[]> {
  return sku.settleSkuClashes(db, incoming)
}

/**
 * Called by pull inside its transaction, before the batch's accounts are written, like
 * settleSkuClashes: the accounts to write (copies with a clashing username settled). It may
 * rename local accounts itself, in that transaction; it must not fetch.
 */
export function settleUsernameClashes(db: ShopDatabase, incoming: User[]): Promise<User[]> {
  return users.settleUsernameClashes(db, incoming)
}

/**
 * Called by push after the server accepted these ledger rows (outside any Dexie
 * transaction, before the push's checkpoint is written: if it throws, the push is retried).
 * Adjusts each product's stock document by the rows not already in its `rows`.
 */
export function adjustStockDocs(client: CouchClient, rows: StockMovement[], signal?: AbortSignal): Promise<void> {
  return stock.adjustStockDocs(client, rows, signal)
}

/** SyncController.claimStock: true when every claim held on the server, false when not claimed (offline). */
export async function claimStock(client: CouchClient, db: ShopDatabase, lines: readonly StockClaimLine[]): Promise<boolean> {
  // Kept lines of this very attempt that the server cannot take back now: no claim can be made either (offline).
  if (!(await giveBackBeforeClaim(client, db, lines).then(() => true, () => false))) return false
  return stock.claimStock(
    client,
    lines,
    (ids) => stock.readLocalStock(db, ids),
    (unreleased) => keepReleases(db, client.db, unreleased),
  )
}

/** SyncController.releaseStock: gives back the claims of a checkout that then failed (kept for the next round when the server cannot take them now). */
export function releaseStock(client: CouchClient, db: ShopDatabase, lines: readonly StockClaimLine[]): Promise<void> {
  return releaseOrKeep(client, db, lines)
}
