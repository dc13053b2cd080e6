/**
 * The checkout page: the order summary and the payment form, against the app's own db over
 * fake-indexeddb and the mock gateway with its real (short) delay — tests wait for the
 * outcome with vi.waitFor rather than timing anything.
 */
import { enableAutoUnmount, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '../../src/db/database'
import type { Product } from '../../src/domain/product'
import { useSessionStore } from '../../src/stores/session'
import CheckoutView from '../../src/views/CheckoutView.vue'
import {
  addProduct,
  addUser,
  addUserAndLogIn,
  alerts,
  clearDb,
  createTestApp,
  definitionOf,
  describedAlerts,
  disposeTestApp,
  findAllByName,
  getButton,
  getByName,
  getInputByLabel,
  normalise,
  putInCart,
  snapshotTables,
  statuses,
  type TestApp,
} from './helpers'

/** The gateway takes DEFAULT_GATEWAY_DELAY_MS (600 ms) to answer: leave it ample room. */
const PAYMENT_WAIT = { timeout: 5000, interval: 20 }
const waitForPayment = <T>(check: () => T) => vi.waitFor(check, PAYMENT_WAIT)

const GOOD_CARD = { number: '4242 4242 4242 4242', expiry: '12/40', cvc: '123', name: 'Alice Liddell' }

let app: TestApp | undefined
let userId: number
let mug: Product
let teapot: Product

// Mounted in the document so that the submit button submits its form, as in a browser.
enableAutoUnmount(afterEach)

beforeEach(async () => {
  await clearDb()
  userId = await addUserAndLogIn('alice')
  mug = await addProduct({ sku: 'MUG-1', name: 'Blue Enamel Mug', price: 1299, stock: 10 })
  teapot = await addProduct({ sku: 'POT-1', name: 'Cast Iron Teapot', price: 2500, stock: 4 })
})

afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

/** A cart of mug ×2 ($25.98) and teapot ×1 ($25.00): $50.98. */
async function fillCart() {
  await putInCart(userId, mug.id, 2, 1)
  await putInCart(userId, teapot.id, 1, 2)
}

/** Mounts the checkout for the logged-in person and waits until the cart's total shows. */
async function mountCheckout(expectedTotal = '$50.98') {
  app = await createTestApp('/checkout')
  const wrapper = mount(CheckoutView, { attachTo: document.body, global: { plugins: [app.pinia, app.router] } })
  const session = useSessionStore(app.pinia)
  await vi.waitFor(() => expect(session.user?.id).toBe(userId), PAYMENT_WAIT)
  await vi.waitFor(() => expect(definitionOf(wrapper, 'Total')).toBe(expectedTotal), PAYMENT_WAIT)
  return wrapper
}

function route() {
  if (!app) throw new Error('not mounted')
  return app.router.currentRoute.value
}

async function fillCard(wrapper: VueWrapper, card: Partial<typeof GOOD_CARD> = {}) {
  const { number, expiry, cvc, name } = { ...GOOD_CARD, ...card }
  await getInputByLabel(wrapper, 'Card number').setValue(number)
  await getInputByLabel(wrapper, 'Expiry (MM/YY)').setValue(expiry)
  await getInputByLabel(wrapper, 'CVC').setValue(cvc)
  await getInputByLabel(wrapper, 'Name on card').setValue(name)
}

async function choosePayOnDelivery(wrapper: VueWrapper) {
  await getByName(wrapper, 'label', 'Pay on delivery').find('input').setValue(true)
}

const FIELDS = ['Card number', 'Expiry (MM/YY)', 'CVC', 'Name on card'] as const

/** The message next to each card field ('' where there is none). */
function fieldMessages(wrapper: VueWrapper): Record<(typeof FIELDS)[number], string> {
  const entries = FIELDS.map((label) => [label, describedAlerts(wrapper, getInputByLabel(wrapper, label)).join(' ')] as const)
  return Object.fromEntries(entries) as Record<(typeof FIELDS)[number], string>
}

const NO_MESSAGES = { 'Card number': '', 'Expiry (MM/YY)': '', CVC: '', 'Name on card': '' }

describe('CheckoutView', { timeout: 20_000 }, () => {
  it('shows the lines, subtotal, tax and total, and a labelled card form', async () => {
    await fillCart()
    const wrapper = await mountCheckout()

    const lines = wrapper.findAll('li').map((li) => li.findAll('span').map((s) => normalise(s.text())))
    expect(lines).toEqual([
      ['2 × Blue Enamel Mug', '$25.98'],
      ['1 × Cast Iron Teapot', '$25.00'],
    ])
    expect(definitionOf(wrapper, 'Subtotal')).toBe('$50.98')
    expect(definitionOf(wrapper, 'Tax (0%)')).toBe('$0.00')
    for (const label of FIELDS) expect(getInputByLabel(wrapper, label).attributes('type')).toBe('text')
    expect(getInputByLabel(wrapper, 'Card number').attributes('autocomplete')).toBe('cc-number')
    getButton(wrapper, 'Pay $50.98')
    expect(alerts(wrapper)).toEqual([])
  })

  it.each([
    ['a number failing the Luhn check', { number: '4242 4242 4242 4241' }, 'Card number', 'This card number is not valid. Check it for typos.'],
    ['no card number', { number: '' }, 'Card number', 'Enter the card number.'],
    ['an expiry in the past', { expiry: '01/20' }, 'Expiry (MM/YY)', 'This card has expired.'],
    ['a month 13', { expiry: '13/40' }, 'Expiry (MM/YY)', 'The month must be from 01 to 12.'],
    ['a 2-digit CVC', { cvc: '12' }, 'CVC', 'The security code is 3 or 4 digits.'],
    ['an empty name', { name: '   ' }, 'Name on card', 'Enter the name on the card.'],
  ] as const)('puts a message next to the field for %s, and writes nothing', async (_what, card, field, message) => {
    await fillCart()
    const wrapper = await mountCheckout()
    const before = await snapshotTables()

    await fillCard(wrapper, card)
    await getButton(wrapper, 'Pay $50.98').trigger('click')

    await vi.waitFor(() => expect(fieldMessages(wrapper)).toEqual({ ...NO_MESSAGES, [field]: message }), PAYMENT_WAIT)
    expect(getInputByLabel(wrapper, field).attributes('aria-invalid')).toBe('true')
    expect(alerts(wrapper)).toEqual([message])
    expect(await snapshotTables()).toEqual(before)
    expect(await db.payments.count()).toBe(0)
    expect(route().name).toBe('checkout')
  })

  it('shows every bad field at once, each next to its own field', async () => {
    await fillCart()
    const wrapper = await mountCheckout()

    await fillCard(wrapper, { number: '1234 5678 9012 3456', expiry: '01/20', cvc: '12', name: '' })
    await getButton(wrapper, 'Pay $50.98').trigger('click')

    await vi.waitFor(
      () =>
        expect(fieldMessages(wrapper)).toEqual({
          'Card number': 'This card number is not valid. Check it for typos.',
          'Expiry (MM/YY)': 'This card has expired.',
          CVC: 'The security code is 3 or 4 digits.',
          'Name on card': 'Enter the name on the card.',
        }),
      PAYMENT_WAIT,
    )
    expect(await db.orders.count()).toBe(0)
  })

  it('"Pay on delivery" places an order that is placed, not paid, and opens it', async () => {
    await fillCart()
    const wrapper = await mountCheckout()

    await choosePayOnDelivery(wrapper)
    // No card is asked for.
    for (const label of FIELDS) expect(findAllByName(wrapper, 'label', label)).toHaveLength(0)
    await getButton(wrapper, 'Place order').trigger('click')

    await waitForPayment(() => expect(route().name).toBe('order'))
    const orders = await db.orders.toArray()
    expect(orders).toHaveLength(1)
    const [order] = orders
    expect(order).toMatchObject({
      userId,
      number: 1001,
      status: 'placed',
      payment: { kind: 'on-delivery' },
      subtotal: 5098,
      tax: 0,
      total: 5098,
      lines: [
        { productId: mug.id, name: 'Blue Enamel Mug', unitPrice: 1299, quantity: 2, lineTotal: 2598 },
        { productId: teapot.id, name: 'Cast Iron Teapot', unitPrice: 2500, quantity: 1, lineTotal: 2500 },
      ],
    })
    expect(order?.history.map((e) => e.status)).toEqual(['placed'])
    expect(route().params).toEqual({ id: order?.id })
    expect(route().query.placed).toBe('1')
    expect(await db.cartItems.count()).toBe(0)
    expect((await db.products.get(mug.id))?.stock).toBe(8)
    expect((await db.products.get(teapot.id))?.stock).toBe(3)
    expect(await db.payments.count()).toBe(0)
  })

  it('a card payment with 4242 4242 4242 4242 shows its progress and makes a paid order', async () => {
    await fillCart()
    const bob = await addUser('bob')
    await putInCart(bob, mug.id, 1)
    const wrapper = await mountCheckout()

    await fillCard(wrapper)
    await getButton(wrapper, 'Pay $50.98').trigger('click')

    // While the gateway thinks, the page says so and the button cannot be pressed again.
    await vi.waitFor(() => expect(statuses(wrapper)).toContain('Processing payment…'), PAYMENT_WAIT)
    expect(getButton(wrapper, 'Processing…').element.disabled).toBe(true)
    expect(getButton(wrapper, 'Processing…').attributes('aria-busy')).toBe('true')

    await waitForPayment(() => expect(route().name).toBe('order'))
    const [order] = await db.orders.toArray()
    expect(order).toMatchObject({
      userId,
      status: 'paid',
      total: 5098,
      payment: { kind: 'card', card: { brand: 'Visa', last4: '4242' } },
    })
    expect(order?.history.map((e) => e.status)).toEqual(['placed', 'paid'])
    expect(route().params).toEqual({ id: order?.id })
    expect(await db.orders.count()).toBe(1)
    expect(await db.cartItems.toArray()).toEqual([expect.objectContaining({ userId: bob, productId: mug.id, quantity: 1 })])
    expect((await db.products.get(mug.id))?.stock).toBe(8)
    expect(await db.payments.toArray()).toEqual([expect.objectContaining({ id: order?.id, status: 'captured', amount: 5098 })])
  })

  it('makes one order when "Pay" is clicked twice', async () => {
    await fillCart()
    const wrapper = await mountCheckout()
    await fillCard(wrapper)

    const button = getButton(wrapper, 'Pay $50.98')
    await Promise.all([button.trigger('click'), button.trigger('click')])

    await waitForPayment(() => expect(route().name).toBe('order'))
    expect(await db.orders.count()).toBe(1)
    expect((await db.products.get(mug.id))?.stock).toBe(8)
  })

  it.each([
    ['4000 0000 0000 0002', 'Your card was declined. Try another card or pay on delivery.'],
    ['4000 0000 0000 9995', 'Your card has insufficient funds. Try another card or pay on delivery.'],
    ['4000 0000 0000 0069', 'Your card has expired according to your bank. Try another card.'],
    ['4000 0000 0000 0119', 'The payment could not be processed. Nothing was charged; please try again.'],
  ])('the test card %s is declined with its message, and nothing is written', async (number, message) => {
    await fillCart()
    const wrapper = await mountCheckout()
    const before = await snapshotTables()

    await fillCard(wrapper, { number })
    await getButton(wrapper, 'Pay $50.98').trigger('click')

    await waitForPayment(() => expect(alerts(wrapper)).toEqual([message]))
    expect(fieldMessages(wrapper)).toEqual(NO_MESSAGES)
    expect(await snapshotTables()).toEqual(before)
    expect(await db.payments.count()).toBe(0)
    expect(route().name).toBe('checkout')
    // The person can try again at once.
    expect(getButton(wrapper, 'Pay $50.98').element.disabled).toBe(false)
  })

  it('after a decline, another card pays for the same attempt and makes one order', async () => {
    await fillCart()
    const wrapper = await mountCheckout()

    await fillCard(wrapper, { number: '4000 0000 0000 0002' })
    await getButton(wrapper, 'Pay $50.98').trigger('click')
    await waitForPayment(() => expect(alerts(wrapper)).toHaveLength(1))

    await getInputByLabel(wrapper, 'Card number').setValue('4242424242424242')
    await getButton(wrapper, 'Pay $50.98').trigger('click')

    await waitForPayment(() => expect(route().name).toBe('order'))
    expect(await db.orders.count()).toBe(1)
    expect((await db.orders.toArray())[0]?.status).toBe('paid')
  })

  it('says which line is short when stock fell, and refuses to pay for it, writing nothing', async () => {
    await fillCart()
    const wrapper = await mountCheckout()

    await db.products.update(mug.id, { stock: 1 })
    await vi.waitFor(
      () => expect(alerts(wrapper)).toEqual(['Only 1 Blue Enamel Mug left now. Change your cart to check out.']),
      PAYMENT_WAIT,
    )
    const before = await snapshotTables()

    await choosePayOnDelivery(wrapper)
    await getButton(wrapper, 'Place order').trigger('click')

    await waitForPayment(() => expect(alerts(wrapper)).toContain('Only 1 of Blue Enamel Mug is available; you asked for 2.'))
    expect(await snapshotTables()).toEqual(before)
    expect(route().name).toBe('checkout')
  })

  it('says the cart is empty, with no payment form', async () => {
    app = await createTestApp('/checkout')
    const wrapper = mount(CheckoutView, { attachTo: document.body, global: { plugins: [app.pinia, app.router] } })
    const session = useSessionStore(app.pinia)
    await vi.waitFor(() => expect(session.user?.id).toBe(userId), PAYMENT_WAIT)

    await vi.waitFor(() => expect(wrapper.text()).toContain('Your cart is empty'), PAYMENT_WAIT)
    expect(wrapper.find('form').exists()).toBe(false)
  })
})
