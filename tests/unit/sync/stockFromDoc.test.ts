/**
 * A join cut short between a product and its ledger rows: the product holds its document's
 * stock for now (syncRevs' `stockFromDoc`, see src/sync/apply.ts stockAfter). A change made
 * to it here, pushed before its ledger rows arrive, must not make the device take that stock
 * for its ledger sum: the rows that come then would count the document's stock twice (doc 5,
 * initial row +5, a sale here −1: 9 instead of 4).
 */
import { describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import type { ShopDatabase } from '../../../src/db/database'
import { GUEST_ID } from '../../../src/domain/cart'
import { addToCart } from '../../../src/services/cart'
import { checkout } from '../../../src/services/checkout'
import type { CouchDoc } from '../../../src/sync/couch'
import { countWaiting } from '../../../src/sync/engine'
import { pullOnce } from '../../../src/sync/pull'
import { pushOnce } from '../../../src/sync/push'
import { aNewUser, deliveryDetails } from '../support'
import { FakeCouch } from './fakeCouch'
import { aDevice, shopOf, type Device } from './devices'

const product = (id: string, stock: number): CouchDoc => ({
  _id: `products:${id}`,
  table: 'products',
  hlc: '0000000000001-0000-srv',
  device: 'srv',
  data: { id, sku: id.toUpperCase(), name: id, category: 'c', description: '', price: 100, stock, lowStockThreshold: 1, archived: false, createdAt: 0, updatedAt: 0 },
})
const row = (id: string, productId: string, delta: number, reason = 'initial'): CouchDoc => ({
  _id: `stockLedger:${id}`,
  table: 'stockLedger',
  hlc: '0000000000001-0000-srv',
  device: 'srv',
  data: { id, productId, delta, reason, stockAfter: 0, note: '', at: 1 },
})

/** The server: products p and q (stock 5 each), then, later in the feed, their ledger rows (q's moved since: 5 − 2). */
function aShop(): FakeCouch {
  const couch = new FakeCouch()
  couch.put(product('p', 5))
  couch.put(product('q', 3))
  couch.put(row('i:p', 'p', 5))
  couch.put(row('i:q', 'q', 5))
  couch.put(row('l:q', 'q', -2, 'adjustment'))
  return couch
}

async function pullAll(d: Device, limit: number) {
  for (;;) if ((await pullOnce(d.db, d.client, { limit })).caughtUp) return
}

async function pushAll(d: Device) {
  for (;;) if (!(await pushOnce(d.db, d.client)).more) return
}

async function ledgerSum(db: ShopDatabase, productId: string): Promise<number> {
  const rows = await db.stockLedger.where('[productId+at]').between([productId, Dexie.minKey], [productId, Dexie.maxKey]).toArray()
  return rows.reduce((sum, r) => sum + r.delta, 0)
}

/** One unit of `productId` sold here through the cart and the checkout (offline: no claim). */
async function sellOne(db: ShopDatabase, productId: string, attempt: string): Promise<void> {
  const buyer = String(await db.users.add(aNewUser(`buyer-${attempt}`)))
  await addToCart(db, buyer, productId, 1)
  await checkout(db, buyer, attempt, { kind: 'on-delivery' }, deliveryDetails(), { delayMs: 0 })
}

/** The design doc and the products only: the join stops before their ledger rows. */
async function joinCutShort(couch: FakeCouch, path: 'fast' | 'merging'): Promise<Device> {
  const d = await aDevice(couch, `dev-${path}-${crypto.randomUUID().slice(0, 4)}`)
  // A change waiting (a guest's cart line: logged, never synced) sends every page down the merging path.
  if (path === 'merging') await d.db.cartItems.put({ userId: GUEST_ID, productId: 'x', quantity: 1, addedAt: 0 })
  await pullOnce(d.db, d.client, { limit: 3 })
  expect((await d.db.products.get('p'))?.stock).toBe(5)
  expect(await d.db.stockLedger.count()).toBe(0)
  return d
}

describe('a product on its document’s stock, changed here and pushed before its ledger rows arrive', () => {
  for (const path of ['fast', 'merging'] as const) {
    for (const limit of [1, 2, 50]) {
      it(`a sale here counts once (${path} path, then pages of ${limit})`, async () => {
        const couch = aShop()
        const d = await joinCutShort(couch, path)
        await sellOne(d.db, 'p', 'sale-1')
        expect((await d.db.products.get('p'))?.stock).toBe(4)
        await pushAll(d)
        await pullAll(d, limit)

        expect(await ledgerSum(d.db, 'p')).toBe(4)
        expect((await d.db.products.get('p'))?.stock).toBe(4)
        expect((await d.db.products.get('q'))?.stock).toBe(3)
        // Nothing of the catch-up is a change of this device's: nothing more to push, nothing moved.
        await pushAll(d)
        expect(await countWaiting(d.db)).toBe(0)

        // A device joining cleanly afterwards ends with the same shop.
        const e = await aDevice(couch, `dev-e-${path}-${limit}`)
        await pullAll(e, limit)
        expect((await e.db.products.get('p'))?.stock).toBe(4)
        const [mine, theirs] = [await shopOf(d.db), await shopOf(e.db)]
        expect(mine.products).toEqual(theirs.products)
        expect(mine.stockLedger).toEqual(theirs.stockLedger)
      })
    }

    it(`a sale here overtaken by a newer server copy of the product, before its ledger rows arrive, counts once (${path} path)`, async () => {
      const couch = new FakeCouch()
      couch.put(product('p', 5))
      couch.put(product('q', 3))
      const d = await joinCutShort(couch, path)
      await sellOne(d.db, 'p', 'sale-1')
      // Another device edits p later (its stamp wins), and only then come the ledger rows.
      couch.put({ ...product('p', 5), _rev: couch.docs.get('products:p')!.rev, hlc: '9999999999999-0000-srv', data: { ...(product('p', 5).data as object), price: 300 } })
      couch.put(row('i:p', 'p', 5))
      couch.put(row('i:q', 'q', 5))
      couch.put(row('l:q', 'q', -2, 'adjustment'))
      await pullAll(d, 1)
      expect(await d.db.products.get('p')).toMatchObject({ price: 300, stock: 4 })
      await pushAll(d)
      await pullAll(d, 1)
      expect(await d.db.products.get('p')).toMatchObject({ price: 300, stock: 4 })
      const e = await aDevice(couch, `dev-e-${path}`)
      await pullAll(e, 2)
      expect((await shopOf(e.db)).products).toEqual((await shopOf(d.db)).products)
    })

    it(`an edit here that is not a sale (the price) leaves the stock to its ledger too (${path} path)`, async () => {
      const couch = aShop()
      const d = await joinCutShort(couch, path)
      const p = (await d.db.products.get('p'))!
      await d.db.products.put({ ...p, price: 250 })
      await pushAll(d)
      expect(couch.docs.get('products:p')?.doc.data).toMatchObject({ price: 250, stock: 5 })
      await pullAll(d, 2)
      expect(await d.db.products.get('p')).toMatchObject({ price: 250, stock: 5 })
      expect((await d.db.products.get('q'))?.stock).toBe(3)
    })
  }
})
