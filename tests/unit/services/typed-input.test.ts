/**
 * The services take what a person typed and parse it themselves, once: a bad value is a
 * ValidationError naming its field, with the same words the forms have always shown, and
 * nothing is written. The stores pass the text through untouched.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { OutOfStockError, ValidationError } from '../../../src/domain/errors'
import { register } from '../../../src/services/auth'
import { addToCart, checkAvailability, putBackCartLine, setCartQuantity } from '../../../src/services/cart'
import { addSyntheticProducts, adjustStock, listLedger, restock } from '../../../src/services/inventory'
import { aNewProduct, createTestDb, fixedClock, rejection } from '../support'
import type { Id } from '../../../src/domain/id'

const clock = fixedClock(5_000)
let db: ShopDatabase
let owner: Id
let mug: Id // stock 5

beforeEach(async () => {
  db = createTestDb()
  owner = (await register(db, { username: 'Olivia', password: 'long enough' }, { iterations: 1 })).id
  mug = await db.products.add(aNewProduct({ sku: 'KIT-1', name: 'Stoneware Mug', stock: 5 }))
  await db.stockLedger.add({ productId: mug, delta: 5, reason: 'initial', stockAfter: 5, note: '', at: 0 })
})
afterEach(async () => {
  await db.delete()
})

async function snapshot() {
  return { products: await db.products.toArray(), ledger: await db.stockLedger.toArray(), cart: await db.cartItems.toArray() }
}

async function refusal(run: () => Promise<unknown>) {
  const err = await rejection(run())
  expect(err).toBeInstanceOf(ValidationError)
  const { field, message } = err as ValidationError
  return { field, message }
}

const QUANTITY_PROBLEMS = [
  ['', 'Enter a quantity.'],
  ['abc', 'Quantity must be a number, like 1 or 2.'],
  ['0', 'Quantity must be at least 1.'],
  ['-1', 'Quantity cannot be negative.'],
  ['1.5', 'Quantity must be a whole number.'],
  ['2000000', 'Quantity cannot be more than 1,000,000.'],
] as const

describe('the cart takes the quantity as typed', () => {
  it('adds " 2 " as 2 and says how many it added', async () => {
    expect(await addToCart(db, 'u1', mug, ' 2 ', { clock })).toBe(2)
    expect(await db.cartItems.toArray()).toEqual([{ userId: 'u1', productId: mug, quantity: 2, addedAt: 5_000 }])
  })

  it('sets a line to "4"', async () => {
    await addToCart(db, 'u1', mug, '1', { clock })
    await setCartQuantity(db, 'u1', mug, '4')
    expect((await db.cartItems.get(['u1', mug]))?.quantity).toBe(4)
  })

  it('answers "check availability" with the quantity it read', async () => {
    expect(await checkAvailability(db, mug, '5')).toEqual({ quantity: 5, available: true })
    expect(await checkAvailability(db, mug, '6')).toEqual({ quantity: 6, available: false })
  })

  it.each(QUANTITY_PROBLEMS)('refuses "%s" on the quantity field ("%s") everywhere, and writes nothing', async (typed, message) => {
    await addToCart(db, 'u1', mug, '1', { clock })
    const before = await snapshot()
    expect(await refusal(() => addToCart(db, 'u1', mug, typed, { clock }))).toEqual({ field: 'quantity', message })
    // A cart line set to 0 is taken out (see below); everything else is refused there too.
    if (typed.trim() !== '0') expect(await refusal(() => setCartQuantity(db, 'u1', mug, typed))).toEqual({ field: 'quantity', message })
    expect(await refusal(() => checkAvailability(db, mug, typed))).toEqual({ field: 'quantity', message })
    expect(await snapshot()).toEqual(before)
  })

  it('a cart line set to "0" is taken out, and handed back so it can be put back as it was', async () => {
    await addToCart(db, 'u1', mug, '2', { clock })
    const line = await db.cartItems.get(['u1', mug])
    expect(await setCartQuantity(db, 'u1', mug, ' 0 ')).toEqual({ removed: line })
    expect(await db.cartItems.get(['u1', mug])).toBeUndefined()
    await putBackCartLine(db, 'u1', line!)
    expect(await db.cartItems.get(['u1', mug])).toEqual(line)
  })

  it('puts a line back only while the stock allows, and never into another person\'s cart', async () => {
    await addToCart(db, 'u1', mug, '2', { clock })
    const line = (await db.cartItems.get(['u1', mug]))!
    await setCartQuantity(db, 'u1', mug, '0')
    await db.products.update(mug, { stock: 1 })
    expect(await rejection(putBackCartLine(db, 'u1', line))).toBeInstanceOf(OutOfStockError)
    await expect(putBackCartLine(db, 'u2', line)).rejects.toThrow()
    expect(await db.cartItems.count()).toBe(0)
  })
})

describe('restock and adjustment take the numbers and notes as typed', () => {
  it('restocks " 3 " with its note tidied', async () => {
    const after = await restock(db, owner, mug, ' 3 ', '  Delivery   1142 ', { clock })
    expect(after.stock).toBe(8)
    expect((await listLedger(db, owner, mug))[0]).toMatchObject({ delta: 3, reason: 'restock', stockAfter: 8, note: 'Delivery 1142' })
  })

  it('adjusts to "0" with its reason', async () => {
    const after = await adjustStock(db, owner, mug, '0', ' Counted on the shelf ', { clock })
    expect(after.stock).toBe(0)
    expect((await listLedger(db, owner, mug))[0]).toMatchObject({ delta: -5, reason: 'adjustment', stockAfter: 0, note: 'Counted on the shelf' })
  })

  it.each([
    ['', 'Enter the quantity.'],
    ['0', 'Quantity must be at least 1.'],
    ['2.5', 'Quantity must be a whole number.'],
    ['-3', 'Quantity cannot be negative.'],
    ['ten', 'Quantity must be a number, like 1 or 12.'],
  ])('refuses a restock of "%s" ("%s") and writes nothing', async (typed, message) => {
    const before = await snapshot()
    expect(await refusal(() => restock(db, owner, mug, typed, '', { clock }))).toEqual({ field: 'quantity', message })
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a restock note over 200 characters on the note field', async () => {
    const before = await snapshot()
    expect(await refusal(() => restock(db, owner, mug, '1', 'n'.repeat(201), { clock }))).toEqual({ field: 'note', message: 'Keep the note to 200 characters.' })
    expect(await snapshot()).toEqual(before)
  })

  it.each([
    ['', 'count', 'level', 'Enter the new stock level.'],
    ['1.5', 'count', 'level', 'New stock level must be a whole number.'],
    ['-1', 'count', 'level', 'New stock level cannot be negative.'],
    ['2', '   ', 'reason', 'Say why the stock changes, like "Counted on the shelf" or "Damaged".'],
  ])('refuses an adjustment to "%s" because "%s" on the %s field ("%s"), and writes nothing', async (level, reason, field, message) => {
    const before = await snapshot()
    expect(await refusal(() => adjustStock(db, owner, mug, level, reason, { clock }))).toEqual({ field, message })
    expect(await snapshot()).toEqual(before)
  })
})

describe('demo products take the count as typed', () => {
  it('adds " 3 " products, telling the total from the start', async () => {
    const seen: [number, number][] = []
    expect(await addSyntheticProducts(db, owner, ' 3 ', { chunkSize: 2, onProgress: (done, total) => seen.push([done, total]) })).toBe(3)
    expect(seen).toEqual([
      [0, 3],
      [2, 3],
      [3, 3],
    ])
  })

  it.each([
    ['0', 'Number of products must be at least 1.'],
    ['', 'Enter the number of products.'],
    ['1.5', 'Number of products must be a whole number.'],
    ['100001', 'Number of products cannot be more than 100,000.'],
  ])('refuses "%s" on the count field ("%s") and adds nothing', async (typed, message) => {
    const before = await snapshot()
    expect(await refusal(() => addSyntheticProducts(db, owner, typed))).toEqual({ field: 'count', message })
    expect(await snapshot()).toEqual(before)
  })
})
