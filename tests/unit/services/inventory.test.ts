import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { AuthorizationError, DomainError, NotFoundError, OutOfStockError, ValidationError } from '../../../src/domain/errors'
import type { ProductDetails, ProductInput } from '../../../src/domain/productInput'
import { register } from '../../../src/services/auth'
import { addToCart } from '../../../src/services/cart'
import { placeOrder } from '../../../src/services/checkout'
import { importProducts } from '../../../src/services/csvTransfer'
import {
  addSyntheticProducts,
  adjustStock,
  createProduct,
  listLedger,
  lowStockPage,
  restock,
  setArchived,
  updateProduct,
  verifyInventory,
  inventoryAttention,
} from '../../../src/services/inventory'
import { aNewProduct, anOrder, createTestDb, fixedClock, rejection } from '../support'
import { idFromKey, type Id } from '../../../src/domain/id'

let db: ShopDatabase
let owner: Id
let customer: Id
const clock = fixedClock(5_000)

beforeEach(async () => {
  db = createTestDb()
  owner = (await register(db, { username: 'Olivia', password: 'long enough' }, { iterations: 1 })).id
  customer = (await register(db, { username: 'Carl', password: 'long enough' }, { iterations: 1 })).id
})
afterEach(async () => {
  await db.delete()
})

const details = (overrides: Partial<ProductDetails> = {}): ProductDetails => ({
  sku: 'KIT-1',
  name: 'Stoneware Mug',
  category: 'Kitchen',
  description: 'Hand-glazed.',
  price: 1499,
  lowStockThreshold: 5,
  ...overrides,
})

/** The same product as the owner types it into the form; USD prices have 2 decimals. */
const typed = (overrides: Partial<ProductInput> = {}): ProductInput => ({
  sku: 'KIT-1',
  name: 'Stoneware Mug',
  category: 'Kitchen',
  description: 'Hand-glazed.',
  price: '14.99',
  lowStockThreshold: '5',
  ...overrides,
})
const USD = 2

async function snapshot() {
  return { products: await db.products.toArray(), ledger: await db.stockLedger.toArray(), orders: await db.orders.toArray(), cart: await db.cartItems.toArray() }
}

async function ledgerSum(productId: Id): Promise<number> {
  return (await db.stockLedger.where('[productId+at]').between([productId, -Infinity], [productId, Infinity]).toArray()).reduce((s, m) => s + m.delta, 0)
}

/** Makes every ledger write fail, as a full disk would, to show the change it belongs to rolls back with it. */
function breakLedger() {
  db.stockLedger.hook('creating', () => {
    throw new Error('The ledger cannot be written')
  })
}

describe('owner-only', () => {
  it.each<[string, (actor: Id | undefined) => Promise<unknown>]>([
    ['createProduct', (actor) => createProduct(db, actor, { ...typed(), stock: '1' }, USD)],
    ['updateProduct', (actor) => updateProduct(db, actor, 'p-1', typed(), undefined, USD)],
    ['setArchived', (actor) => setArchived(db, actor, 'p-1', true)],
    ['restock', (actor) => restock(db, actor, 'p-1', 3, '')],
    ['adjustStock', (actor) => adjustStock(db, actor, 'p-1', 0, 'count')],
    ['listLedger', (actor) => listLedger(db, actor, 'p-1')],
    ['lowStockPage', (actor) => lowStockPage(db, actor, null)],
    ['verifyInventory', (actor) => verifyInventory(db, actor)],
    ['addSyntheticProducts', (actor) => addSyntheticProducts(db, actor, 3)],
    ['importProducts', (actor) => importProducts(db, actor, [{ row: 2, details: details({ sku: 'NEW' }), stock: 1, archived: false }], USD)],
  ])('%s refuses a customer and a visitor, and changes nothing', async (_name, run) => {
    await db.products.add({ ...aNewProduct({ sku: 'KIT-1' }), id: 'p-1' })
    const before = await snapshot()
    for (const actor of [customer, undefined, 'no-such-account']) {
      const err = await rejection(run(actor))
      expect(err).toBeInstanceOf(AuthorizationError)
      expect(err).toMatchObject({ message: 'Only the shop owner can do that.' })
    }
    expect(await snapshot()).toEqual(before)
  })
})

describe('createProduct', () => {
  it("adds the product with its 'initial' ledger row, stamped with who and when", async () => {
    const image = new Blob(['png'], { type: 'image/webp' })
    const id = await createProduct(db, owner, { ...typed(), stock: '12', image }, USD, { clock })
    const stored = await db.products.get(id)
    expect(stored).toMatchObject({ ...details(), stock: 12, archived: false, createdAt: 5_000, updatedAt: 5_000, listed: 1, stocked: 1 })
    expect(stored?.image).toBeInstanceOf(Blob)
    expect(await db.stockLedger.toArray()).toEqual([
      { id: `i:${id}`, productId: id, delta: 12, reason: 'initial', stockAfter: 12, userId: owner, note: '', at: 5_000 },
    ])
  })

  it('refuses a SKU another product has, naming it, and adds nothing', async () => {
    await createProduct(db, owner, { ...typed(), stock: '1' }, USD)
    const before = await snapshot()
    const err = await rejection(createProduct(db, owner, { ...typed({ name: 'Other' }), stock: '1' }, USD))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'sku', message: 'Stoneware Mug already has SKU KIT-1. Each product needs its own.' })
    expect(await snapshot()).toEqual(before)
  })

  it('writes the product and its ledger row in one transaction: if the row fails, there is no product', async () => {
    breakLedger()
    await rejection(createProduct(db, owner, { ...typed(), stock: '3' }, USD))
    expect(await db.products.count()).toBe(0)
  })
})

describe('updateProduct and setArchived', () => {
  it('changes details but never stock; keeps, replaces or removes the photo', async () => {
    const photo = new Blob(['a'], { type: 'image/webp' })
    const id = await createProduct(db, owner, { ...typed(), stock: '4', image: photo }, USD)
    await updateProduct(db, owner, id, typed({ name: 'Big Mug', price: '19.99', sku: 'KIT-2' }), undefined, USD, { clock })
    let stored = await db.products.get(id)
    expect(stored).toMatchObject({ name: 'Big Mug', nameWords: ['big', 'mug'], price: 1999, sku: 'KIT-2', stock: 4, updatedAt: 5_000 })
    expect(stored?.image).toBeInstanceOf(Blob)
    await updateProduct(db, owner, id, typed(), null, USD)
    stored = await db.products.get(id)
    expect(stored && 'image' in stored).toBe(false)
    await updateProduct(db, owner, id, typed(), new Blob(['b']), USD)
    expect((await db.products.get(id))?.image).toBeInstanceOf(Blob)
    expect(await db.stockLedger.count()).toBe(1)
  })

  it('refuses to take another product\'s SKU, and a missing product', async () => {
    const a = await createProduct(db, owner, { ...typed(), stock: '1' }, USD)
    await createProduct(db, owner, { ...typed({ sku: 'KIT-2', name: 'Bowl' }), stock: '1' }, USD)
    expect(await rejection(updateProduct(db, owner, a, typed({ sku: 'kit-2'.toUpperCase() }), undefined, USD))).toMatchObject({ field: 'sku' })
    expect(await rejection(updateProduct(db, owner, 'no-such-product', typed(), undefined, USD))).toBeInstanceOf(NotFoundError)
  })

  it('archives and restores, flipping the listing flags', async () => {
    const id = await createProduct(db, owner, { ...typed(), stock: '2' }, USD)
    await setArchived(db, owner, id, true)
    expect(await db.products.get(id)).toMatchObject({ archived: true, listed: 0, stocked: 0 })
    await setArchived(db, owner, id, false)
    expect(await db.products.get(id)).toMatchObject({ archived: false, listed: 1, stocked: 1 })
  })
})

describe('a SKU clash (domain/skuClash.ts)', () => {
  it('is settled when the owner saves the product, whether the SKU it was given is kept or changed', async () => {
    await db.products.bulkAdd([
      { ...aNewProduct({ sku: 'KIT-1-ABCD', skuConflict: 'KIT-1' }), id: 'abcd' },
      { ...aNewProduct({ sku: 'TEA-1-EFGH', skuConflict: 'TEA-1' }), id: 'efgh' },
    ])
    await updateProduct(db, owner, 'abcd', typed({ sku: 'KIT-1-ABCD' }), undefined, USD)
    await updateProduct(db, owner, 'efgh', typed({ sku: 'TEA-2' }), undefined, USD)
    expect(await db.products.get('abcd')).not.toHaveProperty('skuConflict')
    expect(await db.products.get('efgh')).not.toHaveProperty('skuConflict')
    expect((await db.products.get('efgh'))?.sku).toBe('TEA-2')
  })
})

describe('inventoryAttention (after sync merged two devices)', () => {
  it('lists oversold products with the orders involved and SKU clashes, from sparse indexes that come and go with the state', async () => {
    await db.products.bulkAdd([
      { ...aNewProduct({ sku: 'KIT-1', stock: 2 }), id: 'mug' },
      { ...aNewProduct({ sku: 'TEA-1-EFGH', name: 'Tea', skuConflict: 'TEA-1' }), id: 'efgh' },
    ])
    await db.orders.add(anOrder({ id: 'o1', number: 'B2-1001', offline: true }))
    await db.stockLedger.bulkAdd([
      { id: 'i:mug', productId: 'mug', delta: 2, reason: 'initial', stockAfter: 2, note: '', at: 0 },
      { id: 's:o1:mug', productId: 'mug', delta: -4, reason: 'sale', stockAfter: 0, orderId: 'o1', note: '', at: 5 },
    ])
    expect((await inventoryAttention(db, owner)).oversold).toEqual([])
    await db.products.update('mug', { stock: -2 })
    expect(await db.products.get('mug')).toMatchObject({ oversold: 1 })
    expect(await inventoryAttention(db, owner)).toEqual({
      oversold: [{ id: 'mug', name: 'Stoneware Mug', sku: 'KIT-1', by: 2, orders: [{ id: 'o1', number: 'B2-1001', offline: true }] }],
      clashes: [{ id: 'efgh', name: 'Tea', sku: 'TEA-1-EFGH', skuConflict: 'TEA-1' }],
      more: false,
    })
    await restock(db, owner, 'mug', '5', '')
    expect(await db.products.get('mug')).not.toHaveProperty('oversold')
    expect((await inventoryAttention(db, owner)).oversold).toEqual([])
    expect(await rejection(inventoryAttention(db, customer))).toBeInstanceOf(AuthorizationError)
  })
})

describe('restock and adjustStock', () => {
  let id: Id
  beforeEach(async () => {
    id = await createProduct(db, owner, { ...typed(), stock: '4' }, USD, { clock: fixedClock(1) })
  })

  it('restock adds units with a ledger row holding the note', async () => {
    const updated = await restock(db, owner, id, 6, 'Delivery 1142', { clock })
    expect(updated.stock).toBe(10)
    expect((await listLedger(db, owner, id))[0]).toMatchObject({ delta: 6, reason: 'restock', stockAfter: 10, note: 'Delivery 1142', userId: owner, at: 5_000 })
  })

  it('adjust sets the counted level; the row holds the difference and the reason', async () => {
    await adjustStock(db, owner, id, 1, 'Two cracked', { clock })
    expect((await db.products.get(id))?.stock).toBe(1)
    expect((await listLedger(db, owner, id))[0]).toMatchObject({ delta: -3, reason: 'adjustment', stockAfter: 1, note: 'Two cracked' })
    expect(await ledgerSum(id)).toBe(1)
  })

  it('refuses an adjustment that changes nothing, a restock of 0, and a level over the maximum', async () => {
    expect(await rejection(adjustStock(db, owner, id, 4, 'count'))).toMatchObject({ field: 'level' })
    expect(await rejection(restock(db, owner, id, 0, ''))).toMatchObject({ field: 'quantity' })
    expect(await rejection(restock(db, owner, id, 999_999, ''))).toBeInstanceOf(ValidationError)
    expect(await db.stockLedger.count()).toBe(1)
  })

  it.each<[string, () => Promise<unknown>]>([
    ['restock', () => restock(db, owner, id, 5, '')],
    ['adjustStock', () => adjustStock(db, owner, id, 0, 'count')],
  ])('%s writes stock and ledger row in one transaction: if the row fails, the stock stays', async (_name, run) => {
    const before = await snapshot()
    breakLedger()
    await rejection(run())
    expect(await snapshot()).toEqual(before)
  })

  it('lists the ledger newest first, limited', async () => {
    for (let i = 1; i <= 5; i++) await restock(db, owner, id, i, `r${i}`)
    expect((await listLedger(db, owner, id, 3)).map((m) => m.note)).toEqual(['r5', 'r4', 'r3'])
  })
})

describe('checkout writes sale rows', () => {
  it("writes one 'sale' row per line with the order id and the buyer, in the order's transaction", async () => {
    const mug = await createProduct(db, owner, { ...typed(), stock: '5' }, USD)
    const bowl = await createProduct(db, owner, { ...typed({ sku: 'KIT-2', name: 'Bowl' }), stock: '3' }, USD)
    await addToCart(db, customer, mug, 2)
    await addToCart(db, customer, bowl, 3)
    const order = await placeOrder(db, customer, { clock, orderId: 'order-1' })
    const sales = (await db.stockLedger.toArray()).filter((m) => m.reason === 'sale')
    expect(sales).toEqual([
      { id: `s:order-1:${mug}`, productId: mug, delta: -2, reason: 'sale', stockAfter: 3, orderId: order.id, userId: customer, note: '', at: 5_000 },
      { id: `s:order-1:${bowl}`, productId: bowl, delta: -3, reason: 'sale', stockAfter: 0, orderId: order.id, userId: customer, note: '', at: 5_000 },
    ])
    expect(await ledgerSum(mug)).toBe(3)
    expect((await db.products.get(bowl))?.stocked).toBe(0)
  })

  it('if a sale row cannot be written, there is no order and the stock and cart stay', async () => {
    const mug = await createProduct(db, owner, { ...typed(), stock: '5' }, USD)
    await addToCart(db, customer, mug, 2)
    const before = await snapshot()
    breakLedger()
    await rejection(placeOrder(db, customer))
    expect(await snapshot()).toEqual(before)
  })

  it('refuses an archived product in the cart, and adding one', async () => {
    const mug = await createProduct(db, owner, { ...typed(), stock: '5' }, USD)
    await addToCart(db, customer, mug, 1)
    await setArchived(db, owner, mug, true)
    expect(await rejection(placeOrder(db, customer))).toMatchObject({ field: 'cart', message: 'Stoneware Mug is no longer sold. Remove it from your cart and try again.' })
    expect(await rejection(addToCart(db, customer, mug, 1))).toBeInstanceOf(NotFoundError)
  })
})

describe('lowStockPage', () => {
  it('lists products on sale at or below their threshold, the shortest first, a page at a time', async () => {
    const add = (sku: string, stock: number, lowStockThreshold: number, archived = false) =>
      db.products.add(aNewProduct({ sku, name: sku, stock, lowStockThreshold, archived }))
    await add('A', 0, 5) // gap -5
    await add('B', 5, 5) // gap 0
    await add('C', 6, 5) // not low
    await add('D', 1, 0) // not low (threshold 0)
    await add('E', 2, 10) // gap -8
    await add('F', 0, 5, true) // archived
    await add('G', 3, 5) // gap -2
    const first = await lowStockPage(db, owner, null, 2)
    expect(first.items.map((p) => p.sku)).toEqual(['E', 'A'])
    expect(first.done).toBe(false)
    const second = await lowStockPage(db, owner, first.through, 2)
    expect(second.items.map((p) => p.sku)).toEqual(['G', 'B'])
    expect((await lowStockPage(db, owner, second.through, 2)).items).toEqual([])
  })
})

describe('verifyInventory', () => {
  it('finds nothing wrong when every change went through the services, over several chunks', async () => {
    await addSyntheticProducts(db, owner, 25, { chunkSize: 7 })
    expect(await verifyInventory(db, owner, { chunkSize: 4 })).toEqual({ checked: 25, mismatches: [] })
  })

  it('names each product whose stock was changed without a ledger row, wherever its chunk', async () => {
    await addSyntheticProducts(db, owner, 12)
    const sixth = await db.products.where('sku').equals('SYN-0000006').first()
    const last = await db.products.where('sku').equals('SYN-0000012').first()
    await db.products.update(sixth?.id ?? '', { stock: (sixth?.stock ?? 0) + 1 })
    await db.stockLedger.add({ productId: last?.id ?? '', delta: 2, reason: 'restock', stockAfter: 0, note: '', at: 0 })
    const seen: number[] = []
    const result = await verifyInventory(db, owner, { chunkSize: 5, onProgress: (n) => seen.push(n) })
    expect(result.checked).toBe(12)
    expect(result.mismatches).toEqual([
      { productId: sixth?.id, sku: 'SYN-0000006', name: sixth?.name, stock: (sixth?.stock ?? 0) + 1, ledgerSum: sixth?.stock },
      { productId: last?.id, sku: 'SYN-0000012', name: last?.name, stock: last?.stock, ledgerSum: (last?.stock ?? 0) + 2 },
    ])
    expect(seen).toEqual([5, 10, 12])
  })
})

describe('addSyntheticProducts', () => {
  it('numbers on from the last demo SKU and writes initial rows', async () => {
    expect(await addSyntheticProducts(db, owner, 3)).toBe(3)
    expect(await addSyntheticProducts(db, owner, 2, { chunkSize: 1 })).toBe(2)
    expect((await db.products.orderBy('sku').keys()).map(String)).toEqual(['SYN-0000001', 'SYN-0000002', 'SYN-0000003', 'SYN-0000004', 'SYN-0000005'])
    expect((await verifyInventory(db, owner)).mismatches).toEqual([])
    expect(await rejection(addSyntheticProducts(db, owner, 0))).toMatchObject({ field: 'count' })
  })

  it("makes each product's id from its SKU, unless a product whose SKU changed already holds it", async () => {
    await addSyntheticProducts(db, owner, 2, { clock })
    const first = await db.products.where('sku').equals('SYN-0000001').first()
    expect(first?.id).toBe(idFromKey('SYN-0000001'))
    // The owner renames the last one; the next run makes SYN-0000002 again, whose id is taken.
    await db.products.update(idFromKey('SYN-0000002'), { sku: 'MINE-2' })
    await addSyntheticProducts(db, owner, 1, { clock })
    const again = await db.products.where('sku').equals('SYN-0000002').first()
    expect(again?.id).not.toBe(idFromKey('SYN-0000002'))
    expect(await db.products.get(idFromKey('SYN-0000002'))).toMatchObject({ sku: 'MINE-2' })
    expect((await verifyInventory(db, owner)).mismatches).toEqual([])
  })
})

describe('the ledger invariant through the services (property)', () => {
  type Op =
    | { kind: 'restock'; product: number; quantity: number }
    | { kind: 'adjust'; product: number; level: number }
    | { kind: 'sell'; product: number; quantity: number }
    | { kind: 'import'; product: number; stock: number }
    | { kind: 'archive'; product: number; archived: boolean }

  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('restock' as const), product: fc.nat(2), quantity: fc.integer({ min: 1, max: 20 }) }),
    fc.record({ kind: fc.constant('adjust' as const), product: fc.nat(2), level: fc.integer({ min: 0, max: 20 }) }),
    fc.record({ kind: fc.constant('sell' as const), product: fc.nat(2), quantity: fc.integer({ min: 1, max: 8 }) }),
    fc.record({ kind: fc.constant('import' as const), product: fc.nat(2), stock: fc.integer({ min: 0, max: 20 }) }),
    fc.record({ kind: fc.constant('archive' as const), product: fc.nat(2), archived: fc.boolean() }),
  )

  it('every product\'s stock equals the sum of its ledger rows after any sequence of changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 3, maxLength: 3 }), fc.array(op, { maxLength: 15 }), async (initial, ops) => {
        await db.transaction('rw', db.products, db.stockLedger, db.cartItems, db.orders, async () => {
          await Promise.all([db.products.clear(), db.stockLedger.clear(), db.cartItems.clear(), db.orders.clear()])
        })
        const ids: Id[] = []
        for (const [i, stock] of initial.entries()) ids.push(await createProduct(db, owner, { ...typed({ sku: `P-${i}`, name: `Product ${i}` }), stock: String(stock) }, USD))
        for (const o of ops) {
          const id = ids[o.product] ?? ''
          try {
            if (o.kind === 'restock') await restock(db, owner, id, o.quantity, '')
            else if (o.kind === 'adjust') await adjustStock(db, owner, id, o.level, 'count')
            else if (o.kind === 'archive') await setArchived(db, owner, id, o.archived)
            else if (o.kind === 'sell') {
              await addToCart(db, customer, id, o.quantity)
              await placeOrder(db, customer)
            } else {
              const p = await db.products.get(id)
              if (!p) continue
              await importProducts(db, owner, [{ row: 2, details: { ...details({ sku: p.sku, name: p.name }) }, stock: o.stock, archived: p.archived }], USD)
            }
          } catch (err) {
            // Refusals (out of stock, nothing to adjust, archived) are part of the game; anything else is a bug.
            if (!(err instanceof DomainError) || !(err instanceof OutOfStockError || err instanceof ValidationError || err instanceof NotFoundError)) throw err
            await db.cartItems.clear()
          }
        }
        for (const id of ids) expect(await ledgerSum(id)).toBe((await db.products.get(id))?.stock)
        expect((await verifyInventory(db, owner, { chunkSize: 2 })).mismatches).toEqual([])
      }),
      { numRuns: 40 },
    )
  })
})
