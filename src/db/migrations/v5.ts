/**
 * Version 5 (issue 5's benchmark): the listing and search indexes move from products to
 * their own table, so a sale no longer rewrites them. Each product's listing is built from
 * the index fields it already holds (version 3 derived them); the products are not touched.
 *
 * Frozen as shipped: the listing's fields are written out here rather than taken from
 * domain/product.ts's listingOf, so a later change to listings never changes this upgrade.
 */
import type { Transaction } from 'dexie'

/** A product row of version 4, as far as its listing goes. */
interface ProductV4 {
  id: number
  category: string
  price: number
  createdAt: number
  nameKey: string
  nameWords: string[]
  listed: 0 | 1
  stocked: 0 | 1
}

/** A row of the listings table as version 5 created it. */
type ListingV5 = Pick<ProductV4, 'id' | 'category' | 'price' | 'createdAt' | 'nameKey' | 'nameWords' | 'listed' | 'stocked'>

export async function upgradeV5(tx: Transaction): Promise<void> {
  const rows: ListingV5[] = []
  await tx.table<ProductV4, number>('products').each((p) => {
    rows.push({ id: p.id, category: p.category, price: p.price, createdAt: p.createdAt, nameKey: p.nameKey, nameWords: p.nameWords, listed: p.listed, stocked: p.stocked })
  })
  await tx.table<ListingV5, number>('listings').bulkPut(rows)
}
