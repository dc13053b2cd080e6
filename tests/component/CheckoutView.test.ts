/**
 * The checkout page: the order summary and the payment form, against the app's own db over
 * fake-indexeddb and the mock gateway. The gateway answers at once here (the checkout store
 * lets a test set its delay); one test holds its answer back to see the page while it waits.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '../../src/db/database'
import type { Product } from '../../src/domain/product'
import type { GatewayOptions } from '../../src/services/gateway'
import { useCheckoutStore } from '../../src/stores/checkout'
import { useSessionStore } from '../../src/stores/session'
import CheckoutView from '../../src/views/CheckoutView.vue'
import { addProduct, addUser, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, putInCart, snapshotTables, type TestApp } from './fixtures'
import { alertTexts, definitionOf, statusText, textOf } from './queries'
import type { Id } from '../../src/domain/id'

const GOOD_CARD = { number: '4242 4242 4242 4242', expiry: '12/40', cvc: '123', name: 'Alice Liddell' }

let app: TestApp | undefined
let userId: Id
let mug: Product
let teapot: Product

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

/** Opens the checkout for the logged-in person; the gateway answers at once unless told otherwise. */
async function openCheckout(gateway: GatewayOptions = { delayMs: 0 }) {
  app = await createTestApp('/checkout')
  useCheckoutStore(app.pinia).setGateway(gateway)
  render(CheckoutView, { global: { plugins: [app.pinia, app.router] } })
  const session = useSessionStore(app.pinia)
  await waitFor(() => expect(session.user?.id).toBe(userId))
}

/** Opens the checkout and waits until the cart's total shows. */
async function mountCheckout(expectedTotal = '$50.98', gateway?: GatewayOptions) {
  await openCheckout(gateway)
  await waitFor(() => expect(definitionOf('Total')).toBe(expectedTotal))
}

function route() {
  if (!app) throw new Error('not mounted')
  return app.router.currentRoute.value
}

async function typeInto(label: string, text: string) {
  const input = screen.getByLabelText(label)
  await userEvent.clear(input)
  if (text !== '') await userEvent.type(input, text)
}

/** The contact the checkout asks for: a name and a phone number (a pickup needs no address). */
async function fillContact() {
  await typeInto('Name', 'Grace Hopper')
  await typeInto('Phone', '020 7946 0000')
}

async function fillCard(card: Partial<typeof GOOD_CARD> = {}) {
  await fillContact()
  const { number, expiry, cvc, name } = { ...GOOD_CARD, ...card }
  await typeInto('Card number', number)
  await typeInto('Expiry (MM/YY)', expiry)
  await typeInto('CVC', cvc)
  await typeInto('Name on card', name)
}

/** A delivery to an address, paid to the courier. */
async function choosePayOnDelivery() {
  await fillContact()
  await userEvent.click(screen.getByRole('radio', { name: 'Delivery' }))
  await typeInto('Street and number', '12 Analytical Row')
  await typeInto('Postal code', 'NW1 6XE')
  await typeInto('Town or city', 'London')
  await typeInto('Country', 'United Kingdom')
  await userEvent.click(screen.getByRole('radio', { name: 'Pay on delivery' }))
}

const FIELDS = ['Card number', 'Expiry (MM/YY)', 'CVC', 'Name on card'] as const
type Field = (typeof FIELDS)[number]

/** Each card field is described by its own message, and only by it ('' where there is none). */
function expectFieldMessages(messages: Partial<Record<Field, string>>) {
  for (const label of FIELDS) expect(screen.getByLabelText(label)).toHaveAccessibleDescription(messages[label] ?? '')
}

describe('CheckoutView', () => {
  it('shows the lines, subtotal, tax and total, and a labelled card form', async () => {
    await fillCart()
    await mountCheckout()

    const summary = screen.getByRole('region', { name: 'Your order' })
    const lines = within(summary)
      .getAllByRole('listitem')
      .map((li) => Array.from(li.children, textOf))
    expect(lines).toEqual([
      ['2 × Blue Enamel Mug', '$25.98'],
      ['1 × Cast Iron Teapot', '$25.00'],
    ])
    expect(definitionOf('Subtotal')).toBe('$50.98')
    expect(definitionOf('Tax (0%)')).toBe('$0.00')
    for (const label of FIELDS) expect(screen.getByRole('textbox', { name: label })).toHaveAttribute('type', 'text')
    expect(screen.getByLabelText('Card number')).toHaveAttribute('autocomplete', 'cc-number')
    expect(screen.getByRole('button', { name: 'Pay $50.98' })).toBeEnabled()
    expect(alertTexts()).toEqual([])
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
    await mountCheckout()
    const before = await snapshotTables()

    await fillCard(card)
    await userEvent.click(screen.getByRole('button', { name: 'Pay $50.98' }))

    await waitFor(() => expectFieldMessages({ [field]: message }))
    expect(screen.getByLabelText(field)).toHaveAttribute('aria-invalid', 'true')
    expect(alertTexts()).toEqual([message])
    expect(await snapshotTables()).toEqual(before)
    expect(await db.payments.count()).toBe(0)
    expect(route().name).toBe('checkout')
  })

  it('shows every bad field at once, each next to its own field', async () => {
    await fillCart()
    await mountCheckout()

    await fillCard({ number: '1234 5678 9012 3456', expiry: '01/20', cvc: '12', name: '' })
    await userEvent.click(screen.getByRole('button', { name: 'Pay $50.98' }))

    const messages = {
      'Card number': 'This card number is not valid. Check it for typos.',
      'Expiry (MM/YY)': 'This card has expired.',
      CVC: 'The security code is 3 or 4 digits.',
      'Name on card': 'Enter the name on the card.',
    }
    await waitFor(() => expectFieldMessages(messages))
    expect(alertTexts()).toEqual(Object.values(messages))
    expect(await db.orders.count()).toBe(0)
  })

  it('"Pay on delivery" places an order that is placed, not paid, and opens it', async () => {
    await fillCart()
    await mountCheckout()

    await choosePayOnDelivery()
    // No card is asked for.
    for (const label of FIELDS) expect(screen.queryByLabelText(label)).not.toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Place order' }))

    await waitFor(() => expect(route().name).toBe('order'))
    const orders = await db.orders.toArray()
    expect(orders).toHaveLength(1)
    const [order] = orders
    expect(order).toMatchObject({
      userId,
      // This device's code, made with its first order, and the first sequence.
      number: expect.stringMatching(/^[2-9A-Z]{2,}-1001$/),
      sequence: 1001,
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
    // The gateway's simulated delay, held open until the test has looked at the page.
    let answer!: () => void
    const wait = vi.fn((_ms: number) => new Promise<void>((resolve) => (answer = resolve)))
    await mountCheckout('$50.98', { wait })

    await fillCard()
    await userEvent.click(screen.getByRole('button', { name: 'Pay $50.98' }))

    // While the gateway thinks, the page says so and the button cannot be pressed again.
    // The app's own delay, 600 ms, is what the store asks the gateway to wait out.
    await waitFor(() => expect(wait).toHaveBeenCalledWith(600))
    await waitFor(() => expect(statusText()).toBe('Processing payment…'))
    const busy = screen.getByRole('button', { name: 'Processing…' })
    expect(busy).toBeDisabled()
    expect(busy).toHaveAttribute('aria-busy', 'true')
    expect(await db.orders.count()).toBe(0)

    answer()

    await waitFor(() => expect(route().name).toBe('order'))
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
    expect(wait).toHaveBeenCalledTimes(1)
  })

  it('makes one order when "Pay" is clicked twice', async () => {
    await fillCart()
    await mountCheckout()
    await fillCard()

    // Both clicks in the same task, before the page can disable the button: the worst case
    // of a double click, which user-event's paced clicks would not reach.
    const button = screen.getByRole('button', { name: 'Pay $50.98' })
    await Promise.all([fireEvent.click(button), fireEvent.click(button)])

    await waitFor(() => expect(route().name).toBe('order'))
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
    await mountCheckout()
    const before = await snapshotTables()

    await fillCard({ number })
    await userEvent.click(screen.getByRole('button', { name: 'Pay $50.98' }))

    await waitFor(() => expect(alertTexts()).toEqual([message]))
    expectFieldMessages({})
    expect(await snapshotTables()).toEqual(before)
    expect(await db.payments.count()).toBe(0)
    expect(route().name).toBe('checkout')
    // The person can try again at once.
    expect(screen.getByRole('button', { name: 'Pay $50.98' })).toBeEnabled()
  })

  it('after a decline, another card pays for the same attempt and makes one order', async () => {
    await fillCart()
    await mountCheckout()

    await fillCard({ number: '4000 0000 0000 0002' })
    await userEvent.click(screen.getByRole('button', { name: 'Pay $50.98' }))
    await waitFor(() => expect(alertTexts()).toHaveLength(1))

    await typeInto('Card number', '4242424242424242')
    await userEvent.click(screen.getByRole('button', { name: 'Pay $50.98' }))

    await waitFor(() => expect(route().name).toBe('order'))
    expect(await db.orders.count()).toBe(1)
    expect((await db.orders.toArray())[0]?.status).toBe('paid')
  })

  it('says which line is short when stock fell, and refuses to pay for it, writing nothing', async () => {
    await fillCart()
    await mountCheckout()

    await db.products.update(mug.id, { stock: 1 })
    await waitFor(() => expect(alertTexts()).toEqual(['Only 1 Blue Enamel Mug left now. Change your cart to check out.']))
    const before = await snapshotTables()

    await choosePayOnDelivery()
    await userEvent.click(screen.getByRole('button', { name: 'Place order' }))

    await waitFor(() => expect(alertTexts()).toContain('Only 1 of Blue Enamel Mug is available; you asked for 2.'))
    expect(await snapshotTables()).toEqual(before)
    expect(route().name).toBe('checkout')
  })

  it('says the cart is empty, with no payment form', async () => {
    await openCheckout()

    expect(await screen.findByRole('heading', { name: 'Your cart is empty' })).toBeInTheDocument()
    expect(screen.queryAllByRole('radio')).toEqual([])
    expect(screen.queryAllByRole('textbox')).toEqual([])
    expect(screen.queryAllByRole('button')).toEqual([])
  })
})
