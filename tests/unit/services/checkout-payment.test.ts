/**
 * The whole checkout through the mock gateway (no delay, a fixed clock): every test card,
 * idempotent attempts, the race for the last unit, tax, and that no card data is stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { FormValidationError, OutOfStockError, ValidationError } from '../../../src/domain/errors'
import { PaymentDeclinedError, type CardInput } from '../../../src/domain/payment'
import { addToCart } from '../../../src/services/cart'
import { checkout, checkoutAttemptId, lastOrderDetails, placeOrder, previewOrder } from '../../../src/services/checkout'
import type { PaymentChoice } from '../../../src/services/gateway'
import { saveSettings } from '../../../src/services/settings'
import { aNewProduct, aNewUser, createTestDb, deliveryDetails, fixedClock, pickupDetails, rejection } from '../support'
import type { Id } from '../../../src/domain/id'

const NOW = Date.UTC(2026, 4, 15, 12)
const clock = fixedClock(NOW)
const GATEWAY = { delayMs: 0, clock }

// Values chosen so that none of them can turn up in the tables by chance (ids and times are fixed).
const CARD: CardInput = { number: '4242 4242 4242 4242', expiry: '11/37', cvc: '9731', name: 'Ada Lovelace' }
const card = (number: string): PaymentChoice => ({ kind: 'card', card: { ...CARD, number } })
const ON_DELIVERY: PaymentChoice = { kind: 'on-delivery' }

const DECLINES = [
  ['4000 0000 0000 0002', 'declined', 'Your card was declined. Try another card or pay on delivery.'],
  ['4000 0000 0000 9995', 'insufficient-funds', 'Your card has insufficient funds. Try another card or pay on delivery.'],
  ['4000 0000 0000 0069', 'expired-card', 'Your card has expired according to your bank. Try another card.'],
  ['4000 0000 0000 0119', 'processing-error', 'The payment could not be processed. Nothing was charged; please try again.'],
] as const

let db: ShopDatabase
let alice: Id
let bob: Id
let mug: Id // 1499, stock 5
let tea: Id // 1099, stock 3

beforeEach(async () => {
  db = createTestDb()
  alice = await db.users.add(aNewUser('alice'))
  bob = await db.users.add(aNewUser('bob'))
  mug = await db.products.add(aNewProduct({ sku: 'KIT-1', name: 'Stoneware Mug', price: 1499, stock: 5 }))
  tea = await db.products.add(aNewProduct({ sku: 'TEA-1', name: 'Sencha Green Tea', price: 1099, stock: 3 }))
})
afterEach(async () => {
  await db.delete()
})

/** Alice's cart: mug ×2 and tea ×1, 2998 + 1099 = 4097. */
async function fillAlicesCart() {
  await addToCart(db, alice, mug, 2, { clock: fixedClock(1000) })
  await addToCart(db, alice, tea, 1, { clock: fixedClock(1001) })
}

async function snapshot() {
  return {
    products: await db.products.orderBy('id').toArray(),
    cartItems: await db.cartItems.toArray(),
    orders: await db.orders.toArray(),
    payments: await db.payments.toArray(),
  }
}

async function stockOf(id: Id) {
  return (await db.products.get(id))?.stock
}

/** Every row of every table, as text. */
async function everything(): Promise<string> {
  const tables = await Promise.all(db.tables.map(async (t) => [t.name, await t.toArray()] as const))
  return JSON.stringify(Object.fromEntries(tables))
}

describe('checkout with a card', () => {
  it('4242 4242 4242 4242 is approved: a paid order with history [placed, paid], stock taken, cart emptied, payment captured', async () => {
    await fillAlicesCart()
    await addToCart(db, bob, mug, 1, { clock })

    const order = await checkout(db, alice, 'attempt-1', card('4242 4242 4242 4242'), pickupDetails(), GATEWAY)

    expect(order).toEqual({
      id: 'attempt-1',
      number: `${String((await db.meta.get('deviceCode'))?.value)}-1001`,
      sequence: 1001,
      userId: alice,
      customerName: 'alice',
      createdAt: NOW,
      status: 'paid',
      history: [
        { status: 'placed', at: NOW, by: alice, note: '' },
        { status: 'paid', at: NOW, by: alice, note: 'Visa ending 4242' },
      ],
      lines: [
        { productId: mug, sku: 'KIT-1', name: 'Stoneware Mug', unitPrice: 1499, quantity: 2, lineTotal: 2998 },
        { productId: tea, sku: 'TEA-1', name: 'Sencha Green Tea', unitPrice: 1099, quantity: 1, lineTotal: 1099 },
      ],
      currency: 'USD',
      subtotal: 4097,
      taxRate: 0,
      tax: 0,
      details: { contact: { name: 'Grace Hopper', phone: '+44 20 7946 0000' }, fulfilment: { kind: 'pickup' }, note: '' },
      total: 4097,
      payment: { kind: 'card', card: { brand: 'Visa', last4: '4242' } },
    })
    expect(await db.orders.toArray()).toEqual([order])
    expect([await stockOf(mug), await stockOf(tea)]).toEqual([3, 2])
    expect(await db.cartItems.toArray()).toEqual([expect.objectContaining({ userId: bob, productId: mug, quantity: 1 })])
    expect(await db.payments.toArray()).toEqual([
      {
        id: 'attempt-1',
        orderId: 'attempt-1',
        method: { kind: 'card', card: { brand: 'Visa', last4: '4242' } },
        status: 'captured',
        amount: 4097,
        createdAt: NOW,
      },
    ])
  })

  it('records the brand of another approved card', async () => {
    await fillAlicesCart()
    const order = await checkout(db, alice, 'attempt-1', card('5555 5555 5555 4444'), pickupDetails(), GATEWAY)
    expect(order.payment).toEqual({ kind: 'card', card: { brand: 'Mastercard', last4: '4444' } })
    expect(order.history.at(-1)).toMatchObject({ status: 'paid', note: 'Mastercard ending 4444' })
  })

  it.each(DECLINES)('%s (%s) throws PaymentDeclinedError with its message and leaves every table as it was', async (number, outcome, message) => {
    // Tables that are not empty, so a stray write would show.
    await addToCart(db, bob, tea, 1, { clock })
    await checkout(db, bob, 'bobs-attempt', ON_DELIVERY, pickupDetails(), GATEWAY)
    await fillAlicesCart()
    const before = await snapshot()
    const attempt = await checkoutAttemptId(db, alice)

    const err = await rejection(checkout(db, alice, attempt, card(number), pickupDetails(), GATEWAY))

    expect(err).toBeInstanceOf(PaymentDeclinedError)
    expect(err).toMatchObject({ outcome, message, field: 'payment' })
    expect(await snapshot()).toEqual(before)
    expect(before.orders).toHaveLength(1)
    expect(before.cartItems).toHaveLength(2)
    // The attempt goes on: the next try is the same attempt.
    expect(await checkoutAttemptId(db, alice)).toBe(attempt)
  })

  it.each([
    ['a bad Luhn number', { number: '4242 4242 4242 4241' }, 'cardNumber'],
    ['a past expiry', { expiry: '04/26' }, 'expiry'],
    ['a 2-digit CVC', { cvc: '12' }, 'cvc'],
    ['no name', { name: ' ' }, 'cardName'],
  ])('refuses %s with a ValidationError for its field, before the gateway, writing nothing', async (_what, bad, field) => {
    await fillAlicesCart()
    const before = await snapshot()
    const err = await rejection(checkout(db, alice, 'attempt-1', { kind: 'card', card: { ...CARD, ...bad } }, pickupDetails(), GATEWAY))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).not.toBeInstanceOf(PaymentDeclinedError)
    expect(err).toMatchObject({ field })
    expect(await snapshot()).toEqual(before)
  })

  it('stores no card number, expiry, CVC or name on card, after a success and after a decline', async () => {
    await fillAlicesCart()
    await rejection(checkout(db, alice, 'attempt-1', card('4000 0000 0000 0002'), pickupDetails(), GATEWAY))
    await checkout(db, alice, 'attempt-1', card('4242424242424242'), pickupDetails(), GATEWAY)
    await addToCart(db, bob, mug, 1, { clock })
    await checkout(db, bob, 'attempt-2', card('4000-0000-0000-0010'), pickupDetails(), GATEWAY)

    const stored = await everything()
    // The test is only worth something if the orders are really in there.
    expect(stored).toContain('"last4":"4242"')
    expect(stored).toContain('"last4":"0010"')
    for (const secret of ['4242424242424242', '4242 4242 4242 4242', '000000000000', '4000-0000', '11/37', '1137', '9731', 'Ada Lovelace', 'Lovelace']) {
      expect(stored).not.toContain(secret)
    }
    expect(stored).not.toMatch(/cvc|expiry|"number":"\d{12,}|cardName/i)
  })
})

describe('pay on delivery', () => {
  it('places an order that stays "placed", with no payment record', async () => {
    await fillAlicesCart()
    const order = await checkout(db, alice, 'attempt-1', ON_DELIVERY, deliveryDetails(), GATEWAY)
    expect(order).toMatchObject({
      id: 'attempt-1',
      status: 'placed',
      payment: { kind: 'on-delivery' },
      history: [{ status: 'placed', at: NOW, by: alice, note: 'Pay on delivery' }],
      total: 4097,
    })
    expect(await db.orders.count()).toBe(1)
    expect(await db.payments.count()).toBe(0)
    expect([await stockOf(mug), await stockOf(tea)]).toEqual([3, 2])
    expect(await db.cartItems.count()).toBe(0)
  })
})

describe('idempotent ordering', () => {
  it.each([
    ['a card', card('4242 4242 4242 4242')],
    ['pay on delivery', ON_DELIVERY],
  ])('the same attempt twice, one after the other, makes one order (%s)', async (_how, choice) => {
    await fillAlicesCart()
    const first = await checkout(db, alice, 'attempt-1', choice, pickupDetails(), GATEWAY)
    const second = await checkout(db, alice, 'attempt-1', choice, pickupDetails(), GATEWAY)
    expect(second).toEqual(first)
    expect(await db.orders.count()).toBe(1)
    expect([await stockOf(mug), await stockOf(tea)]).toEqual([3, 2])
  })

  it.each([
    ['a card', card('4242 4242 4242 4242')],
    ['pay on delivery', ON_DELIVERY],
  ])('the same attempt twice at once makes one order and takes the stock once (%s)', async (_how, choice) => {
    await fillAlicesCart()
    const [first, second] = await Promise.all([
      checkout(db, alice, 'attempt-1', choice, pickupDetails(), GATEWAY),
      checkout(db, alice, 'attempt-1', choice, pickupDetails(), GATEWAY),
    ])
    expect(second).toEqual(first)
    expect(await db.orders.toArray()).toEqual([first])
    expect([await stockOf(mug), await stockOf(tea)]).toEqual([3, 2])
    expect(await db.cartItems.count()).toBe(0)
  })

  it('the same card attempt three times at once charges once: one payment record, captured for the order', async () => {
    await fillAlicesCart()
    const orders = await Promise.all([1, 2, 3].map(() => checkout(db, alice, 'attempt-1', card('4242424242424242'), pickupDetails(), GATEWAY)))
    expect(new Set(orders.map((o) => o.id))).toEqual(new Set(['attempt-1']))
    expect(await db.orders.count()).toBe(1)
    expect(await db.payments.toArray()).toEqual([expect.objectContaining({ id: 'attempt-1', orderId: 'attempt-1', status: 'captured', amount: 4097 })])
  })

  it('a second page whose gateway answers after the first page placed the order leaves the payment captured', async () => {
    await fillAlicesCart()
    // Two pages pay for the same attempt; the second page's gateway takes longer, so it
    // answers after the first page has placed the order and captured the payment.
    const [first, second] = await Promise.all([
      checkout(db, alice, 'attempt-1', card('4242424242424242'), pickupDetails(), GATEWAY),
      checkout(db, alice, 'attempt-1', card('4242424242424242'), pickupDetails(), { delayMs: 100, clock }),
    ])
    expect(second).toEqual(first)
    expect(await db.orders.count()).toBe(1)
    expect(await db.payments.toArray()).toEqual([expect.objectContaining({ id: 'attempt-1', orderId: 'attempt-1', status: 'captured', amount: 4097 })])
  })

  it('keeps one checkout attempt id until an order is placed, then starts a new one', async () => {
    const first = await checkoutAttemptId(db, alice)
    // A global id (domain/id.ts), like every record's.
    expect(first).toMatch(/^[-0-9A-Za-z_]{13}$/)
    expect(await checkoutAttemptId(db, alice)).toBe(first)
    const [a, b] = await Promise.all([checkoutAttemptId(db, alice), checkoutAttemptId(db, alice)])
    expect([a, b]).toEqual([first, first])
    // Each person has their own attempt.
    const bobs = await checkoutAttemptId(db, bob)
    expect(bobs).not.toBe(first)

    await fillAlicesCart()
    const order = await checkout(db, alice, first, ON_DELIVERY, pickupDetails(), GATEWAY)
    expect(order.id).toBe(first)

    const next = await checkoutAttemptId(db, alice)
    expect(next).not.toBe(first)
    expect(await checkoutAttemptId(db, alice)).toBe(next)
    expect(await checkoutAttemptId(db, bob)).toBe(bobs)
  })

  it('a retry after a decline, with the same attempt id, makes exactly one paid order', async () => {
    await fillAlicesCart()
    const attempt = await checkoutAttemptId(db, alice)
    await rejection(checkout(db, alice, attempt, card('4000 0000 0000 0002'), pickupDetails(), GATEWAY))
    await rejection(checkout(db, alice, attempt, card('4000 0000 0000 0119'), pickupDetails(), GATEWAY))

    const order = await checkout(db, alice, attempt, card('4242 4242 4242 4242'), pickupDetails(), GATEWAY)

    expect(order).toMatchObject({ id: attempt, status: 'paid' })
    expect(await db.orders.count()).toBe(1)
    expect([await stockOf(mug), await stockOf(tea)]).toEqual([3, 2])
    expect(await db.payments.toArray()).toEqual([expect.objectContaining({ id: attempt, status: 'captured' })])
  })

  it('a retry after the stock ran out, once the cart is fixed, authorizes again and makes one order', async () => {
    await fillAlicesCart()
    await db.products.update(tea, { stock: 0 })
    const err = await rejection(checkout(db, alice, 'attempt-1', card('4242424242424242'), pickupDetails(), GATEWAY))
    expect(err).toBeInstanceOf(OutOfStockError)

    await db.cartItems.delete([alice, tea])
    const order = await checkout(db, alice, 'attempt-1', card('4242424242424242'), pickupDetails(), GATEWAY)

    expect(order).toMatchObject({ status: 'paid', total: 2998 })
    expect(await db.orders.count()).toBe(1)
    expect(await db.payments.toArray()).toEqual([expect.objectContaining({ id: 'attempt-1', status: 'captured', amount: 2998 })])
  })

  it('does not hand one person the order of another who used the same attempt id', async () => {
    await fillAlicesCart()
    await checkout(db, alice, 'attempt-1', ON_DELIVERY, pickupDetails(), GATEWAY)
    await addToCart(db, bob, mug, 1, { clock })
    const before = await snapshot()

    const err = await rejection(checkout(db, bob, 'attempt-1', ON_DELIVERY, pickupDetails(), GATEWAY))

    expect((err as Error).message).toBe('Order not found.')
    expect(await snapshot()).toEqual(before)
  })
})

describe('the race for the last unit', () => {
  it.each([
    ['cards', card('4242 4242 4242 4242'), card('4242 4242 4242 4242')],
    ['pay on delivery', ON_DELIVERY, ON_DELIVERY],
    ['a card against pay on delivery', card('4242 4242 4242 4242'), ON_DELIVERY],
  ])('two people check out the last unit at once (%s): one order, stock 0, the other keeps their cart', async (_how, alicePays, bobPays) => {
    await db.products.update(mug, { stock: 1 })
    await addToCart(db, alice, mug, 1, { clock })
    await addToCart(db, bob, mug, 1, { clock })

    const results = await Promise.allSettled([
      checkout(db, alice, 'alice-attempt', alicePays, pickupDetails(), GATEWAY),
      checkout(db, bob, 'bob-attempt', bobPays, pickupDetails(), GATEWAY),
    ])

    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(1)
    expect(lost[0]).toBeInstanceOf(OutOfStockError)
    expect((lost[0] as Error).message).toBe('Stoneware Mug is out of stock.')
    expect(await stockOf(mug)).toBe(0)
    expect(await db.orders.toArray()).toEqual(won)
    const winner = won[0]?.userId
    const loser = winner === alice ? bob : alice
    expect(await db.cartItems.toArray()).toEqual([expect.objectContaining({ userId: loser, productId: mug, quantity: 1 })])
    // Any card authorization of the loser is released; the winner's is captured.
    const payments = await db.payments.toArray()
    expect(payments.filter((p) => p.status === 'authorized')).toEqual([])
    for (const p of payments) expect(p.status).toBe(p.id === won[0]?.id ? 'captured' : 'voided')
  })

  it("voids the loser's card authorization: both cards were authorized, only the winner is charged", async () => {
    await db.products.update(mug, { stock: 1 })
    await addToCart(db, alice, mug, 1, { clock })
    await addToCart(db, bob, mug, 1, { clock })

    // A gateway that takes a moment, so that both cards are authorized while the unit is
    // still there and the race is decided inside placeOrder's transaction.
    const slowGateway = { delayMs: 20, clock }
    const results = await Promise.allSettled([
      checkout(db, alice, 'alice-attempt', card('4242424242424242'), pickupDetails(), slowGateway),
      checkout(db, bob, 'bob-attempt', card('4242424242424242'), pickupDetails(), slowGateway),
    ])

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const [winnerAttempt, loserAttempt] = results[0].status === 'fulfilled' ? ['alice-attempt', 'bob-attempt'] : ['bob-attempt', 'alice-attempt']
    const loser = loserAttempt === 'alice-attempt' ? alice : bob
    expect(await db.payments.count()).toBe(2)
    expect(await db.payments.get(winnerAttempt)).toMatchObject({ orderId: winnerAttempt, status: 'captured', amount: 1499 })
    expect(await db.payments.get(loserAttempt)).toMatchObject({ orderId: null, status: 'voided', amount: 1499 })
    expect(await stockOf(mug)).toBe(0)
    expect(await db.cartItems.toArray()).toEqual([expect.objectContaining({ userId: loser, productId: mug, quantity: 1 })])
  })

  it('sells every unit exactly once to many buyers at once, and never goes below zero', async () => {
    await db.products.update(mug, { stock: 3 })
    const buyers = await Promise.all(Array.from({ length: 8 }, (_, i) => db.users.add(aNewUser(`buyer${i}`))))
    for (const buyer of buyers) await addToCart(db, buyer, mug, 1, { clock })

    const results = await Promise.allSettled(
      buyers.map((buyer, i) => checkout(db, buyer, `attempt-${i}`, i % 2 ? ON_DELIVERY : card('4242424242424242'), pickupDetails(), GATEWAY)),
    )

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3)
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(OutOfStockError)
    expect(await stockOf(mug)).toBe(0)
    expect(await db.orders.count()).toBe(3)
    expect(await db.cartItems.count()).toBe(5)
    expect(await db.payments.where('id').anyOf(results.flatMap((r, i) => (r.status === 'rejected' ? [`attempt-${i}`] : []))).filter((p) => p.status !== 'voided').count()).toBe(0)
  })
})

describe('tax', () => {
  it("charges the owner's rate, rounded half-up once on the subtotal", async () => {
    const owner = await db.users.add(aNewUser('owner', 'owner'))
    await saveSettings(db, owner, { shopName: 'Corner Shop', currency: 'USD', taxRate: '8.25' })
    const cup = await db.products.add(aNewProduct({ sku: 'CUP-1', name: 'Cup', price: 1500, stock: 5 }))
    const pot = await db.products.add(aNewProduct({ sku: 'POT-1', name: 'Pot', price: 1600, stock: 5 }))
    await addToCart(db, alice, cup, 2, { clock })
    await addToCart(db, alice, pot, 1, { clock })

    // 4600 × 8.25 % = 379.5 → 380.
    expect(await previewOrder(db, alice)).toMatchObject({ subtotal: 4600, tax: 380, total: 4980 })
    const order = await checkout(db, alice, 'attempt-1', card('4242424242424242'), pickupDetails(), GATEWAY)

    expect(order).toMatchObject({ subtotal: 4600, taxRate: 825, tax: 380, total: 4980, currency: 'USD' })
    expect(order.lines.map((l) => l.lineTotal)).toEqual([3000, 1600])
    expect((await db.payments.get('attempt-1'))?.amount).toBe(4980)
  })

  it('records the currency the shop had when the order was placed', async () => {
    const owner = await db.users.add(aNewUser('owner', 'owner'))
    await saveSettings(db, owner, { shopName: 'Corner Shop', currency: 'EUR', taxRate: '0' })
    await fillAlicesCart()
    const order = await checkout(db, alice, 'attempt-1', ON_DELIVERY, pickupDetails(), GATEWAY)
    expect(order).toMatchObject({ currency: 'EUR', tax: 0, total: 4097 })
  })

  it('refuses an order whose total is not what was authorized, and writes nothing', async () => {
    await fillAlicesCart()
    const before = await snapshot()
    const err = await rejection(placeOrder(db, alice, { clock, orderId: 'attempt-1', authorizedAmount: 4096 }))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'cart' })
    expect((err as Error).message).toContain('Nothing was charged')
    expect(await snapshot()).toEqual(before)
  })
})

describe('the contact, fulfilment and note', () => {
  it('are kept on the order as checked, and paying at pickup says so', async () => {
    await fillAlicesCart()
    const order = await checkout(db, alice, 'attempt-1', ON_DELIVERY, pickupDetails({ note: ' Gift wrap ' }), GATEWAY)
    expect(order.details).toEqual({ contact: { name: 'Grace Hopper', phone: '+44 20 7946 0000' }, fulfilment: { kind: 'pickup' }, note: 'Gift wrap' })
    expect(order.history[0]?.note).toBe('Pay at pickup')
    expect((await db.orders.get('attempt-1'))?.details).toEqual(order.details)
  })

  it('are checked before the card is: bad details charge nothing and change nothing', async () => {
    await fillAlicesCart()
    const err = await rejection(checkout(db, alice, 'attempt-1', card('4242424242424242'), deliveryDetails({ city: '', email: 'nope' }), GATEWAY))
    expect(err).toBeInstanceOf(ValidationError)
    expect((err as FormValidationError).fields).toEqual({ city: 'Enter the town or city.', email: expect.stringMatching(/not valid/) })
    expect(await db.payments.count()).toBe(0)
    expect(await db.orders.count()).toBe(0)
  })

  it("fill the next checkout: a person's last order's details come back", async () => {
    expect(await lastOrderDetails(db, alice)).toBeUndefined()
    await fillAlicesCart()
    await checkout(db, alice, 'attempt-1', ON_DELIVERY, deliveryDetails(), GATEWAY)
    expect((await lastOrderDetails(db, alice))?.fulfilment).toMatchObject({ kind: 'delivery', address: { city: 'London' } })
    expect(await lastOrderDetails(db, bob)).toBeUndefined()
  })
})
