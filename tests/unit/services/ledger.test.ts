/**
 * The ledger is the truth for stock: its rows are only ever added (never updated or deleted,
 * whichever service writes), and an action that must happen once — a sale, the restock of a
 * cancelled or refunded order, a product's initial stock — has the id of its action, so doing
 * it twice (the same call again, two tabs on one database, or a row that came from another
 * device first) is one row and one stock change. The product's stock is the cache, kept in the
 * same transaction, and "Verify inventory" finds it equal to the ledger's sum throughout.
 */
import Dexie from 'dexie'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import type { Id } from '../../../src/domain/id'
import { addToCart } from '../../../src/services/cart'
import { checkout, placeOrder } from '../../../src/services/checkout'
import { importProducts } from '../../../src/services/csvTransfer'
import { addSyntheticProducts, adjustStock, createProduct, restock, setArchived, updateProduct, verifyInventory } from '../../../src/services/inventory'
import { changeOrderStatus } from '../../../src/services/orders'
import { changeStock } from '../../../src/services/stock'
import { aNewProduct, aNewUser, fixedClock, watchLedgerWrites } from '../support'

const USD = 2
const CARD = { number: '4242 4242 4242 4242', expiry: '12/40', cvc: '123', name: 'Alice' }
const typed = (sku: string, stock: string) => ({ sku, name: `Product ${sku}`, category: 'Kitchen', description: '', price: '9.99', lowStockThreshold: '2', stock })

let name: string
let db: ShopDatabase
let owner: Id
let alice: Id

beforeEach(async () => {
  name = 'ledger-' + crypto.randomUUID()
  db = new ShopDatabase(name)
  owner = await db.users.add(aNewUser('owner', 'owner'))
  alice = await db.users.add(aNewUser('alice'))
})
afterEach(async () => {
  db.close()
  await Dexie.delete(name)
})

const stockOf = async (id: Id, target = db) => (await target.products.get(id))?.stock
const rowsOf = (id: Id, target = db) => target.stockLedger.where('[productId+at]').between([id, -Infinity], [id, Infinity]).toArray()

describe('ledger rows are only ever added', () => {
  it('through every writer — create, edit, archive, restock, adjust, import, demo products, sales, cancel, refund — no row is updated or deleted', async () => {
    const spy = await watchLedgerWrites(db)
    const mug = await createProduct(db, owner, typed('MUG-1', '10'), USD)
    const tea = await createProduct(db, owner, typed('TEA-1', '5'), USD)
    await updateProduct(db, owner, mug, { ...typed('MUG-1', ''), name: 'Big Mug' }, undefined, USD)
    await setArchived(db, owner, tea, true)
    await setArchived(db, owner, tea, false)
    await restock(db, owner, mug, 4, 'Delivery')
    await adjustStock(db, owner, tea, 3, 'Counted')
    await importProducts(db, owner, [{ row: 2, details: { ...typed('MUG-1', ''), price: 999, lowStockThreshold: 2 }, stock: 20, archived: false }, { row: 3, details: { ...typed('NEW-1', ''), price: 500, lowStockThreshold: 2 }, stock: 7, archived: false }], USD, { stock: 'set' })
    await addSyntheticProducts(db, owner, 3)
    await addToCart(db, alice, mug, 2)
    const cancelled = await placeOrder(db, alice)
    await changeOrderStatus(db, owner, cancelled.id, 'cancelled')
    await addToCart(db, alice, tea, 1)
    const refunded = await checkout(db, alice, 'attempt-refund', { kind: 'card', card: CARD }, { delayMs: 0 })
    await changeOrderStatus(db, owner, refunded.id, 'refunded')

    expect(spy.changed()).toEqual([])
    expect(await db.stockLedger.count()).toBeGreaterThan(10)
    expect((await verifyInventory(db, owner)).mismatches).toEqual([])
  })

  it('the spy does see an update, so the test above could fail', async () => {
    const spy = await watchLedgerWrites(db)
    const mug = await createProduct(db, owner, typed('MUG-1', '1'), USD)
    await db.stockLedger.update(`i:${mug}`, { note: 'rewritten' })
    await db.stockLedger.where('productId').equals(mug).delete().catch(() => db.stockLedger.delete(`i:${mug}`))
    expect(spy.changed()).toEqual(expect.arrayContaining(['put', 'delete']))
  })
})

describe('an action that must happen once is one row and one stock change', () => {
  let mug: Id
  beforeEach(async () => {
    mug = await createProduct(db, owner, typed('MUG-1', '10'), USD, { clock: fixedClock(1) })
  })

  it("a product's initial stock is keyed by the product", async () => {
    expect((await rowsOf(mug)).map((m) => m.id)).toEqual([`i:${mug}`])
  })

  it('the same sale written twice by the same service changes the stock once', async () => {
    const sale = { delta: -3, reason: 'sale' as const, orderId: 'order-1', userId: alice, at: 5 }
    for (let i = 0; i < 2; i++) {
      await db.transaction('rw', db.products, db.stockLedger, async () => changeStock(db, (await db.products.get(mug))!, sale))
    }
    expect(await stockOf(mug)).toBe(7)
    expect((await rowsOf(mug)).map((m) => m.id)).toEqual([`i:${mug}`, `s:order-1:${mug}`])
  })

  it('the same restock of an order, twice, changes the stock once; a plain restock, twice, twice', async () => {
    const back = { delta: 2, reason: 'cancellation' as const, orderId: 'order-1', userId: owner, at: 6 }
    for (let i = 0; i < 2; i++) {
      await db.transaction('rw', db.products, db.stockLedger, async () => changeStock(db, (await db.products.get(mug))!, back))
    }
    expect(await stockOf(mug)).toBe(12)
    await restock(db, owner, mug, 1, 'a')
    await restock(db, owner, mug, 1, 'a')
    expect(await stockOf(mug)).toBe(14)
    expect((await rowsOf(mug)).map((m) => m.reason)).toEqual(['initial', 'cancellation', 'restock', 'restock'])
  })

  it('two tabs (two connections to one database) placing the same checkout attempt make one order and one sale row per line', async () => {
    const other = new ShopDatabase(name)
    try {
      await addToCart(db, alice, mug, 4)
      const results = await Promise.allSettled([placeOrder(db, alice, { orderId: 'attempt-1' }), placeOrder(other, alice, { orderId: 'attempt-1' })])
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled'])
      expect(await db.orders.count()).toBe(1)
      expect(await stockOf(mug, other)).toBe(6)
      expect((await rowsOf(mug, other)).map((m) => m.id)).toEqual([`i:${mug}`, `s:attempt-1:${mug}`])
    } finally {
      other.close()
    }
  })

  it('two tabs cancelling one order at once put its stock back once', async () => {
    const other = new ShopDatabase(name)
    try {
      await addToCart(db, alice, mug, 4)
      const order = await placeOrder(db, alice, { orderId: 'attempt-1' })
      await Promise.allSettled([changeOrderStatus(db, owner, order.id, 'cancelled'), changeOrderStatus(other, owner, order.id, 'cancelled')])
      expect(await stockOf(mug)).toBe(10)
      expect((await rowsOf(mug)).map((m) => m.reason)).toEqual(['initial', 'sale', 'cancellation'])
    } finally {
      other.close()
    }
  })

  it("an order's restock that is already in the ledger (written first on another device) is not made again when the order is cancelled here", async () => {
    await addToCart(db, alice, mug, 4)
    const order = await placeOrder(db, alice, { orderId: 'attempt-1', clock: fixedClock(10) })
    // The other device's cancellation: its restock row and the stock it gave back, arriving before the order's new status.
    await db.transaction('rw', db.products, db.stockLedger, async () =>
      changeStock(db, (await db.products.get(mug))!, { delta: 4, reason: 'cancellation', orderId: order.id, userId: owner, at: 20 }),
    )
    expect(await stockOf(mug)).toBe(10)
    const cancelled = await changeOrderStatus(db, owner, order.id, 'cancelled', { clock: fixedClock(30) })
    expect(cancelled.status).toBe('cancelled')
    expect(await stockOf(mug)).toBe(10)
    expect((await rowsOf(mug)).map((m) => m.reason)).toEqual(['initial', 'sale', 'cancellation'])
    expect((await verifyInventory(db, owner)).mismatches).toEqual([])
  })

  it('a second initial row for a product is refused with everything in its transaction', async () => {
    const before = await db.stockLedger.toArray()
    await expect(
      db.transaction('rw', db.products, db.stockLedger, async () => {
        await db.products.update(mug, { stock: 99 })
        await db.stockLedger.add({ id: `i:${mug}`, productId: mug, delta: 99, reason: 'initial', stockAfter: 99, note: '', at: 2 })
      }),
    ).rejects.toThrow()
    expect(await db.stockLedger.toArray()).toEqual(before)
    expect(await stockOf(mug)).toBe(10)
  })

  it('a demo product added by the seed has its initial row under its own id', async () => {
    const id = await db.products.add(aNewProduct({ sku: 'RAW-1' }))
    expect(typeof id).toBe('string')
    await addSyntheticProducts(db, owner, 2)
    const synthetic = await db.products.where('sku').startsWith('SYN-').toArray()
    for (const p of synthetic) expect((await rowsOf(p.id)).map((m) => m.id)).toEqual([`i:${p.id}`])
  })
})
