import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import type { Product } from '../../../src/domain/product'
import { settleSkuClashes } from '../../../src/sync/sku'
import { aNewProduct, createTestDb } from '../support'

let db: ShopDatabase
beforeEach(() => {
  db = createTestDb()
})
afterEach(async () => {
  await db.delete()
})

const product = (id: string, sku: string, createdAt: number): Product => ({ id, ...aNewProduct({ sku, name: `Product ${id}`, createdAt, updatedAt: createdAt }) })

/** What the pull does with a batch: settle the clashes, then write the products, in one transaction. */
async function pull(target: ShopDatabase, incoming: Product[]): Promise<Product[]> {
  return target.transaction('rw', target.products, async () => {
    const settled = await settleSkuClashes(target, incoming)
    await target.products.bulkPut(settled)
    return settled
  })
}

async function skus(target: ShopDatabase): Promise<Record<string, [string, string | undefined]>> {
  return Object.fromEntries((await target.products.toArray()).map((p) => [p.id, [p.sku, p.skuConflict]]))
}

describe('settleSkuClashes (the pull hook)', () => {
  it('passes a batch without clashes through untouched', async () => {
    await db.products.add(product('here0000000001', 'A', 1))
    const incoming = [product('inco0000000001', 'B', 2), product('here0000000001', 'A', 3)]
    expect(await pull(db, incoming)).toEqual(incoming)
  })

  it('renames the incoming product when the one here is older', async () => {
    await db.products.add(product('here0000000001', 'MUG-1', 1))
    const [settled] = await pull(db, [product('inco0000000001', 'MUG-1', 5)])
    expect(settled).toMatchObject({ sku: 'MUG-1-INCO', skuConflict: 'MUG-1' })
    expect(await skus(db)).toEqual({ here0000000001: ['MUG-1', undefined], inco0000000001: ['MUG-1-INCO', 'MUG-1'] })
  })

  it('renames the product here, before the incoming one is written, when the incoming one is older', async () => {
    await db.products.add(product('here0000000001', 'MUG-1', 5))
    const [settled] = await pull(db, [product('inco0000000001', 'MUG-1', 1)])
    expect(settled).toMatchObject({ sku: 'MUG-1' })
    expect(settled).not.toHaveProperty('skuConflict')
    expect(await skus(db)).toEqual({ here0000000001: ['MUG-1-HERE', 'MUG-1'], inco0000000001: ['MUG-1', undefined] })
  })

  it('settles two products with one SKU within one batch', async () => {
    await pull(db, [product('bbbb000000001', 'X', 2), product('aaaa000000001', 'X', 2)])
    expect(await skus(db)).toEqual({ aaaa000000001: ['X', undefined], bbbb000000001: ['X-BBBB', 'X'] })
  })

  it('is no clash when the product here is the same one, or gives the SKU up in the same batch', async () => {
    await db.products.bulkAdd([product('here0000000001', 'A', 1), product('othe0000000001', 'B', 1)])
    // "here" moves to C and "new" takes A, which "here" no longer holds.
    await pull(db, [product('here0000000001', 'C', 1), product('new0000000001', 'A', 0)])
    expect(await skus(db)).toEqual({ here0000000001: ['C', undefined], othe0000000001: ['B', undefined], new0000000001: ['A', undefined] })
  })

  it('two devices that made one SKU apart end with the same products, whichever pulls first', async () => {
    const other = createTestDb()
    try {
      const onA = product('aaaa000000001', 'TEA-1', 10)
      const onB = product('bbbb000000001', 'TEA-1', 20)
      await db.products.add(onA)
      await other.products.add(onB)
      // Each pulls the other's record as it was on the server (before any rename).
      await pull(db, [onB])
      await pull(other, [onA])
      expect(await skus(db)).toEqual({ aaaa000000001: ['TEA-1', undefined], bbbb000000001: ['TEA-1-BBBB', 'TEA-1'] })
      expect(await skus(other)).toEqual(await skus(db))
    } finally {
      await other.delete()
    }
  })
})

describe('an oversold product on the server', () => {
  it('travels without its derived oversold flag, and gets it back from its stock', async () => {
    const { toDoc, fromDoc } = await import('../../../src/sync/documents')
    await db.products.add({ ...product('mug0000000001', 'MUG-1', 1), stock: -2 })
    const stored = await db.products.get('mug0000000001')
    expect(stored).toMatchObject({ oversold: 1 })
    const doc = await toDoc('products', 'mug0000000001', stored as unknown as Record<string, unknown>, { hlc: 'h', device: 'd' })
    expect(doc.data).not.toHaveProperty('oversold')
    expect(fromDoc({ ...doc, data: { ...(doc.data as object), oversold: 1 } })?.record).not.toHaveProperty('oversold')
  })
})
