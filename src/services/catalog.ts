/** Reading the catalog. All reads are safe inside liveQuery. */
import { NotFoundError } from '../domain/errors'
import type { Product } from '../domain/product'
import type { ShopDatabase } from '../db/database'

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
