/**
 * The checkout page while sync runs: the checkout store asks the sync controller (here a fake,
 * handed in the way the sync store does) to claim the stock first. Another device having sold
 * the last unit is said at once and nothing is written; a server out of reach lets the order
 * through, marked offline.
 */
import '@testing-library/jest-dom/vitest'
import { render, screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { db } from '../../src/db/database'
import { OutOfStockError } from '../../src/domain/errors'
import type { StockClaims } from '../../src/services/checkout'
import { useCheckoutStore } from '../../src/stores/checkout'
import { useSessionStore } from '../../src/stores/session'
import CheckoutView from '../../src/views/CheckoutView.vue'
import { addProduct, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, putInCart, snapshotTables, type TestApp } from './fixtures'
import { alertTexts } from './queries'
import type { Id } from '../../src/domain/id'

let app: TestApp | undefined
let userId: Id

beforeEach(async () => {
  await clearDb()
  userId = await addUserAndLogIn('alice')
  const mug = await addProduct({ sku: 'MUG-1', name: 'Blue Enamel Mug', price: 1299, stock: 1 })
  await putInCart(userId, mug.id, 1, 1)
})
afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

async function placeOrderWith(claims: StockClaims) {
  app = await createTestApp('/checkout')
  const checkout = useCheckoutStore(app.pinia)
  checkout.setGateway({ delayMs: 0 })
  checkout.setStockClaims(() => claims)
  render(CheckoutView, { global: { plugins: [app.pinia, app.router] } })
  const session = useSessionStore(app.pinia)
  await waitFor(() => expect(session.user?.id).toBe(userId))
  await userEvent.click(await screen.findByRole('radio', { name: 'Pay on delivery' }))
  await userEvent.click(screen.getByRole('button', { name: 'Place order' }))
}

it('says at once that another device sold the last unit, and writes nothing', async () => {
  const before = await snapshotTables()
  await placeOrderWith({
    claimStock: async () => {
      throw new OutOfStockError('Blue Enamel Mug', 0, 1, 'Blue Enamel Mug is out of stock: another device sold it first.')
    },
    releaseStock: async () => undefined,
  })
  await waitFor(() => expect(alertTexts()).toEqual(['Blue Enamel Mug is out of stock: another device sold it first.']))
  expect(await snapshotTables()).toEqual(before)
})

it('places the order marked offline when the server cannot be asked', async () => {
  await placeOrderWith({ claimStock: async () => false, releaseStock: async () => undefined })
  await waitFor(() => expect(app?.router.currentRoute.value.name).toBe('order'))
  const [order] = await db.orders.toArray()
  expect(order?.offline).toBe(true)
})
