/**
 * The pull's hook may write local products in the pull's transaction (S4's SKU rule renames a
 * product held here): such a write is an ordinary local change, pushed like any other, even
 * when the pull would otherwise move the push checkpoint past its own writes.
 */
import { expect, it, vi } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import type { Product } from '../../../src/domain/product'
import { pullOnce } from '../../../src/sync/pull'
import { pushOnce } from '../../../src/sync/push'
import { FakeCouch } from './fakeCouch'
import { aDevice, addProduct } from './devices'

vi.mock('../../../src/sync/hooks', async (original) => ({
  ...(await original<typeof import('../../../src/sync/hooks')>()),
  // Renames the product here that holds an incoming product's SKU.
  settleSkuClashes: async (db: ShopDatabase, incoming: Product[]) => {
    for (const p of incoming) {
      const holder = await db.products.where('sku').equals(p.sku).first()
      if (holder && holder.id !== p.id) await db.products.put({ ...holder, sku: `${holder.sku}-X`, skuConflict: holder.sku } as never)
    }
    return incoming
  },
}))

it('a local rename made by the pull\'s hook is pushed', async () => {
  const couch = new FakeCouch()
  const b = await aDevice(couch, 'devb')
  await addProduct(b.db, 'mine', { sku: 'MUG' })
  await pushOnce(b.db, b.client)
  for (;;) if ((await pullOnce(b.db, b.client)).caughtUp) break
  // Nothing is waiting on B now; another device's product with the same SKU arrives.
  couch.put({ _id: 'products:theirs', table: 'products', hlc: 'x', device: 'x', data: { id: 'theirs', sku: 'MUG', name: 'Theirs', category: 'c', description: '', price: 1, stock: 0, lowStockThreshold: 1, archived: false, createdAt: 0, updatedAt: 0 } })
  for (;;) if ((await pullOnce(b.db, b.client)).caughtUp) break
  expect((await b.db.products.get('mine'))?.sku).toBe('MUG-X')
  const pushed = await pushOnce(b.db, b.client)
  expect(pushed.pushed).toBe(1)
  expect((couch.docs.get('products:mine')?.doc.data as { sku: string }).sku).toBe('MUG-X')
})
