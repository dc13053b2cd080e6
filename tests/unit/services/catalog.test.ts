import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { NotFoundError } from '../../../src/domain/errors'
import { findProduct, getProduct, listProducts } from '../../../src/services/catalog'
import { aNewProduct, createTestDb, rejection } from '../support'

let db: ShopDatabase
beforeEach(() => {
  db = createTestDb()
})
afterEach(async () => {
  await db.delete()
})

describe('catalog', () => {
  it('lists every product by name', async () => {
    await db.products.bulkAdd([
      aNewProduct({ sku: 'A', name: 'Sourdough Loaf' }),
      aNewProduct({ sku: 'B', name: 'Butter Croissant' }),
      aNewProduct({ sku: 'C', name: 'Rye Crackers' }),
    ])
    expect((await listProducts(db)).map((p) => p.name)).toEqual(['Butter Croissant', 'Rye Crackers', 'Sourdough Loaf'])
  })

  it('lists nothing in an empty shop', async () => {
    expect(await listProducts(db)).toEqual([])
  })

  it('finds a product by id, or answers undefined / NotFoundError when there is none', async () => {
    const id = await db.products.add(aNewProduct({ name: 'Glass Teapot' }))
    expect((await findProduct(db, id))?.name).toBe('Glass Teapot')
    expect((await getProduct(db, id)).name).toBe('Glass Teapot')
    expect(await findProduct(db, id + 1)).toBeUndefined()
    const err = await rejection(getProduct(db, id + 1))
    expect(err).toBeInstanceOf(NotFoundError)
    expect(err).toMatchObject({ message: 'That product does not exist.' })
  })
})
