/** Reading the catalog. All reads are safe inside liveQuery. */
import { NotFoundError } from '../domain/errors'
import type { Product } from '../domain/product'
import { CATALOG_SEEDED_KEY, type ShopDatabase } from '../db/database'

/** Every product, by name. The demo catalog is small; a later issue pages this through indexes. */
export function listProducts(db: ShopDatabase): Promise<Product[]> {
  return db.products.orderBy('name').toArray()
}

export function findProduct(db: ShopDatabase, id: number): Promise<Product | undefined> {
  return db.products.get(id)
}

export async function getProduct(db: ShopDatabase, id: number): Promise<Product> {
  const product = await db.products.get(id)
  if (!product) throw new NotFoundError('That product does not exist.')
  return product
}

/** Whether this device's demo catalog was seeded already (the flag db/seed.ts claims). */
export async function isCatalogSeeded(db: ShopDatabase): Promise<boolean> {
  return (await db.meta.get(CATALOG_SEEDED_KEY)) !== undefined
}
