/**
 * The engine's call sites for the stock and SKU rules across devices (S4 writes them in
 * ./sku.ts and ./stock.ts). Until they land these are the defaults: no SKU settling, no stock
 * documents, and claimStock answers false ("not claimed: the sale goes ahead, marked offline").
 * S4 replaces the bodies here with calls into its modules; the signatures are the contract.
 */
import type { ShopDatabase } from '../db/database'
import type { Product } from '../domain/product'
import type { StockMovement } from '../domain/stock'
import type { CouchClient } from './couch'

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
export async function settleSkuClashes(db: ShopDatabase, incoming: Product[]): Promise<Product[]> {
  void db
  return incoming
}

/**
 * Called by push after the server accepted these ledger rows (outside any Dexie
 * transaction, before the push's checkpoint is written: if it throws, the push is retried).
 * Adjusts each product's stock document by the rows not already in its `rows`.
 */
export async function adjustStockDocs(client: CouchClient, rows: StockMovement[]): Promise<void> {
  void client
  void rows
}

/** SyncController.claimStock: true when every claim held on the server, false when not claimed (offline). */
export async function claimStock(client: CouchClient, db: ShopDatabase, lines: readonly StockClaimLine[]): Promise<boolean> {
  void client
  void db
  void lines
  return false
}

/** SyncController.releaseStock: gives back the claims of a checkout that then failed. */
export async function releaseStock(client: CouchClient, db: ShopDatabase, lines: readonly StockClaimLine[]): Promise<void> {
  void client
  void db
  void lines
}
