/**
 * Version 5 (issue 5's benchmark): the listing and search indexes move from products to
 * their own table, so a sale no longer rewrites them. Each product's listing is built from
 * the index fields it already holds (version 3 derived them); the products are not touched.
 */
import type { Transaction } from 'dexie'
import { listingOf, type Listing, type StoredProduct } from '../../domain/product'

export async function upgradeV5(tx: Transaction): Promise<void> {
  const rows: Listing[] = []
  await tx.table<StoredProduct, number>('products').each((product) => {
    rows.push(listingOf(product))
  })
  await tx.table<Listing, number>('listings').bulkPut(rows)
}
