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
import { aNewProduct, aNewUser, createTestDb, deliveryDetails, fixedClock } from '../support'
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
    const order = await checkout(db, alice, 'attempt-1', { kind: 'on-delivery' }, deliveryDetails(), GATEWAY)
    expect(order).not.toHaveProperty('offline')
  })

  it("claims each line's units with its sale's ledger id before placing the order", async () => {
    const { stock, claims, releases } = fakeClaims(async () => true)
    const order = await checkout(db, alice, 'attempt-1', { kind: 'on-delivery' }, deliveryDetails(), { ...GATEWAY, stock })
    expect(claims).toEqual([[{ productId: mug, quantity: 2, ledgerId: `s:attempt-1:${mug}` }]])
    expect(releases).toEqual([])
    expect(order).not.toHaveProperty('offline')
    // The id claimed is the one the ledger row got, so the push does not count it twice.
    expect(await db.stockLedger.get(`s:attempt-1:${mug}`)).toMatchObject({ delta: -2 })
  })

  it('places the order, marked offline, when the server could not be asked', async () => {
    const { stock } = fakeClaims(async () => false)
    const order = await checkout(db, alice, 'attempt-1', { kind: 'on-delivery' }, deliveryDetails(), { ...GATEWAY, stock })
    expect(order.offline).toBe(true)
    expect((await db.orders.get('attempt-1'))?.offline).toBe(true)
  })

  it('changes nothing when another device sold the units first, and never charges the card', async () => {
    const { stock } = fakeClaims(async () => {
      throw new OutOfStockError('Stoneware Mug', 0, 2, 'Stoneware Mug is out of stock: another device sold it first.')
    })
    const before = JSON.stringify([await db.products.toArray(), await db.cartItems.toArray()])
    await expect(checkout(db, alice, 'attempt-1', card('4242 4242 4242 4242'), deliveryDetails(), { ...GATEWAY, stock })).rejects.toThrow('another device sold it first')
    expect(JSON.stringify([await db.products.toArray(), await db.cartItems.toArray()])).toBe(before)
    expect(await db.orders.count()).toBe(0)
    expect(await db.payments.count()).toBe(0)
  })

  it('gives the claims back when the card is declined', async () => {
    const { stock, claims, releases } = fakeClaims(async () => true)
    await expect(checkout(db, alice, 'attempt-1', card('4000 0000 0000 0002'), deliveryDetails(), { ...GATEWAY, stock })).rejects.toBeInstanceOf(PaymentDeclinedError)
    expect(releases).toEqual(claims)
    expect(await db.orders.count()).toBe(0)
  })

  it('gives the claims back when the local checkout refuses after all', async () => {
    const { stock, claims, releases } = fakeClaims(async () => {
      // Another page of this device sells the mugs while the claim is on its way.
      await db.products.update(mug, { stock: 1 })
      return true
    })
    await expect(checkout(db, alice, 'attempt-1', { kind: 'on-delivery' }, deliveryDetails(), { ...GATEWAY, stock })).rejects.toBeInstanceOf(OutOfStockError)
    expect(releases).toEqual(claims)
  })

  it('gives nothing back when the sale went ahead offline', async () => {
    const { stock, releases } = fakeClaims(async () => false)
    await expect(checkout(db, alice, 'attempt-1', card('4000 0000 0000 0002'), deliveryDetails(), { ...GATEWAY, stock })).rejects.toBeInstanceOf(PaymentDeclinedError)
    expect(releases).toEqual([])
  })
})

describe('checkout with sync: the claim and the card at once', () => {
  /** A promise settled from outside. */
  function deferred<T>() {
    let resolve!: (v: T) => void
    let reject!: (e: unknown) => void
    const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
    return { promise, resolve, reject }
  }
  const soldFirst = () => new OutOfStockError('Stoneware Mug', 0, 2, 'Stoneware Mug is out of stock: another device sold it first.')

  it('the gateway is already waiting while the claim is on its way (the claim costs no time of its own)', async () => {
    const claim = deferred<boolean>()
    const gateway = deferred<void>()
    let gatewayAsked = false
    const { stock } = fakeClaims(() => claim.promise)
    const done = checkout(db, alice, 'attempt-1', card('4242 4242 4242 4242'), deliveryDetails(), {
      clock,
      delayMs: 600,
      wait: () => ((gatewayAsked = true), gateway.promise),
      stock,
    })
    await new Promise((r) => setTimeout(r, 20))
    expect(gatewayAsked).toBe(true)
    claim.resolve(true)
    gateway.resolve()
    const order = await done
    expect(order.status).toBe('paid')
    expect(await db.payments.get('attempt-1')).toMatchObject({ status: 'captured' })
  })

  it('a claim refused while the gateway waits stops the authorization: no payment recorded, and the person is told nothing was charged', async () => {
    const gateway = deferred<void>()
    const { stock } = fakeClaims(async () => {
      await new Promise((r) => setTimeout(r, 5))
      throw soldFirst()
    })
    const before = JSON.stringify([await db.products.toArray(), await db.cartItems.toArray()])
    const err = await checkout(db, alice, 'attempt-1', card('4242 4242 4242 4242'), deliveryDetails(), { clock, delayMs: 600, wait: () => gateway.promise, stock }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OutOfStockError)
    expect((err as Error).message).toBe('Stoneware Mug is out of stock: another device sold it first. Nothing was charged.')
    expect(await db.payments.count()).toBe(0)
    expect(await db.orders.count()).toBe(0)
    expect(JSON.stringify([await db.products.toArray(), await db.cartItems.toArray()])).toBe(before)
  })

  it('a claim refused after the card was authorized voids it: nothing captured, nothing placed, and the person is told nothing was charged', async () => {
    const claim = deferred<boolean>()
    const { stock, releases } = fakeClaims(() => claim.promise)
    const done = checkout(db, alice, 'attempt-1', card('4242 4242 4242 4242'), deliveryDetails(), { ...GATEWAY, stock }).catch((e: unknown) => e)
    // The gateway answers first: the authorization is recorded.
    for (let i = 0; i < 50 && !(await db.payments.get('attempt-1')); i++) await new Promise((r) => setTimeout(r, 2))
    expect(await db.payments.get('attempt-1')).toMatchObject({ status: 'authorized' })
    claim.reject(soldFirst())
    const err = await done
    expect((err as Error).message).toMatch(/another device sold it first\. Nothing was charged\.$/)
    expect(await db.payments.get('attempt-1')).toMatchObject({ status: 'voided', orderId: null })
    expect(await db.orders.count()).toBe(0)
    expect(await db.cartItems.count()).toBe(1)
    expect(releases).toEqual([])
  })

  it('paying on delivery, a refused claim says only who sold first (no card, nothing to charge)', async () => {
    const { stock } = fakeClaims(async () => {
      throw soldFirst()
    })
    await expect(checkout(db, alice, 'attempt-1', { kind: 'on-delivery' }, deliveryDetails(), { ...GATEWAY, stock })).rejects.toThrow(/^Stoneware Mug is out of stock: another device sold it first\.$/)
  })

  it('a card with a wrong field claims nothing', async () => {
    const { stock, claims } = fakeClaims(async () => true)
    await expect(checkout(db, alice, 'attempt-1', { kind: 'card', card: { ...CARD, expiry: '01/20' } }, deliveryDetails(), { ...GATEWAY, stock })).rejects.toThrow()
    expect(claims).toEqual([])
  })

  it('offline (the server could not be asked), a card sale still goes ahead, marked offline, and is charged', async () => {
    const { stock } = fakeClaims(async () => false)
    const order = await checkout(db, alice, 'attempt-1', card('4242 4242 4242 4242'), deliveryDetails(), { ...GATEWAY, stock })
    expect(order).toMatchObject({ offline: true, status: 'paid' })
    expect(await db.payments.get('attempt-1')).toMatchObject({ status: 'captured' })
  })
})
