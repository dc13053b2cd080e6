/**
 * The checkout with sync running: the stock is claimed on the server before the order is
 * placed (a fake controller stands in for the engine, see tests/unit/sync/stock.test.ts and
 * tests/sync/stock.test.ts for the claims themselves); without sync nothing changes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { OutOfStockError } from '../../../src/domain/errors'
import { PaymentDeclinedError } from '../../../src/domain/payment'
import { addToCart } from '../../../src/services/cart'
import { checkout, type StockClaims } from '../../../src/services/checkout'
import type { PaymentChoice } from '../../../src/services/gateway'
import { aNewProduct, aNewUser, createTestDb, fixedClock } from '../support'
import type { Id } from '../../../src/domain/id'

const clock = fixedClock(Date.UTC(2026, 4, 15, 12))
const GATEWAY = { delayMs: 0, clock }
const CARD = { number: '4242 4242 4242 4242', expiry: '11/37', cvc: '123', name: 'Ada' }
const card = (number: string): PaymentChoice => ({ kind: 'card', card: { ...CARD, number } })
type Line = Parameters<StockClaims['claimStock']>[0][number]

/** A controller that answers claims as told and records them. */
function fakeClaims(answer: () => Promise<boolean>) {
  const claims: Line[][] = []
  const releases: Line[][] = []
  const stock: StockClaims = {
    claimStock: (lines) => {
      claims.push([...lines])
      return answer()
    },
    releaseStock: async (lines) => {
      releases.push([...lines])
    },
  }
  return { stock, claims, releases }
}

let db: ShopDatabase
let alice: Id
let mug: Id

beforeEach(async () => {
  db = createTestDb()
  alice = await db.users.add(aNewUser('alice'))
  mug = await db.products.add(aNewProduct({ sku: 'KIT-1', name: 'Stoneware Mug', price: 1499, stock: 5 }))
  await addToCart(db, alice, mug, 2, { clock })
})
afterEach(async () => {
  await db.delete()
})

describe('checkout with sync', () => {
  it('without sync nothing is claimed and the order is not marked offline', async () => {
    const order = await checkout(db, alice, 'attempt-1', { kind: 'on-delivery' }, GATEWAY)
    expect(order).not.toHaveProperty('offline')
  })

  it("claims each line's units with its sale's ledger id before placing the order", async () => {
    const { stock, claims, releases } = fakeClaims(async () => true)
    const order = await checkout(db, alice, 'attempt-1', { kind: 'on-delivery' }, { ...GATEWAY, stock })
    expect(claims).toEqual([[{ productId: mug, quantity: 2, ledgerId: `s:attempt-1:${mug}` }]])
    expect(releases).toEqual([])
    expect(order).not.toHaveProperty('offline')
    // The id claimed is the one the ledger row got, so the push does not count it twice.
    expect(await db.stockLedger.get(`s:attempt-1:${mug}`)).toMatchObject({ delta: -2 })
  })

  it('places the order, marked offline, when the server could not be asked', async () => {
    const { stock } = fakeClaims(async () => false)
    const order = await checkout(db, alice, 'attempt-1', { kind: 'on-delivery' }, { ...GATEWAY, stock })
    expect(order.offline).toBe(true)
    expect((await db.orders.get('attempt-1'))?.offline).toBe(true)
  })

  it('changes nothing when another device sold the units first, and never charges the card', async () => {
    const { stock } = fakeClaims(async () => {
      throw new OutOfStockError('Stoneware Mug', 0, 2, 'Stoneware Mug is out of stock: another device sold it first.')
    })
    const before = JSON.stringify([await db.products.toArray(), await db.cartItems.toArray()])
    await expect(checkout(db, alice, 'attempt-1', card('4242 4242 4242 4242'), { ...GATEWAY, stock })).rejects.toThrow('another device sold it first')
    expect(JSON.stringify([await db.products.toArray(), await db.cartItems.toArray()])).toBe(before)
    expect(await db.orders.count()).toBe(0)
    expect(await db.payments.count()).toBe(0)
  })

  it('gives the claims back when the card is declined', async () => {
    const { stock, claims, releases } = fakeClaims(async () => true)
    await expect(checkout(db, alice, 'attempt-1', card('4000 0000 0000 0002'), { ...GATEWAY, stock })).rejects.toBeInstanceOf(PaymentDeclinedError)
    expect(releases).toEqual(claims)
    expect(await db.orders.count()).toBe(0)
  })

  it('gives the claims back when the local checkout refuses after all', async () => {
    const { stock, claims, releases } = fakeClaims(async () => {
      // Another page of this device sells the mugs while the claim is on its way.
      await db.products.update(mug, { stock: 1 })
      return true
    })
    await expect(checkout(db, alice, 'attempt-1', { kind: 'on-delivery' }, { ...GATEWAY, stock })).rejects.toBeInstanceOf(OutOfStockError)
    expect(releases).toEqual(claims)
  })

  it('gives nothing back when the sale went ahead offline', async () => {
    const { stock, releases } = fakeClaims(async () => false)
    await expect(checkout(db, alice, 'attempt-1', card('4000 0000 0000 0002'), { ...GATEWAY, stock })).rejects.toBeInstanceOf(PaymentDeclinedError)
    expect(releases).toEqual([])
  })
})
