/**
 * The cart page offers "Go to checkout" only for a cart that can be ordered: a line of a
 * product no longer sold (archived) says so, and the summary says what to change instead of
 * offering the checkout. Logging in says which guest items were left out for the same reason.
 */
import '@testing-library/jest-dom/vitest'
import { cleanup, render, screen, waitFor, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { db } from '../../src/db/database'
import { GUEST_ID } from '../../src/domain/cart'
import type { Product } from '../../src/domain/product'
import { useSessionStore } from '../../src/stores/session'
import CartView from '../../src/views/CartView.vue'
import { addProduct, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, putInCart, type TestApp } from './fixtures'
import type { Id } from '../../src/domain/id'

let app: TestApp | undefined
let mug: Product
let teapot: Product

beforeEach(async () => {
  await clearDb()
  mug = await addProduct({ name: 'Blue Enamel Mug', price: 1299, stock: 10 })
  teapot = await addProduct({ name: 'Cast Iron Teapot', price: 2500, stock: 4 })
})

afterEach(() => {
  cleanup()
  disposeTestApp(app)
  app = undefined
})

async function renderCart() {
  app = await createTestApp('/cart')
  return render(CartView, { global: { plugins: [app.pinia, app.router] } })
}

const summary = () => screen.getByRole('region', { name: 'Order summary' })
const line = (name: string) => screen.getAllByRole('listitem').find((item) => within(item).queryByRole('heading', { name }))
const checkoutLink = () => screen.queryByRole('link', { name: 'Go to checkout' })
const ARCHIVED_TEAPOT = 'Cast Iron Teapot is no longer sold. Remove it from your cart to check out.'

describe('the cart with a product no longer sold', () => {
  let userId: Id
  beforeEach(async () => {
    userId = await addUserAndLogIn('alice')
  })

  it('says so on its line and does not offer the checkout, saying why', async () => {
    await db.products.update(teapot.id, { archived: true })
    await putInCart(userId, mug.id, 2, 1)
    await putInCart(userId, teapot.id, 1, 2)
    await renderCart()

    await waitFor(() => expect(within(summary()).getByRole('alert')).toHaveTextContent(ARCHIVED_TEAPOT))
    expect(checkoutLink()).not.toBeInTheDocument()
    expect(line('Cast Iron Teapot')).toHaveTextContent('This product is no longer sold — remove it to place your order.')
    expect(line('Blue Enamel Mug')).not.toHaveTextContent('no longer sold')
  })

  it('withdraws the checkout as soon as the owner archives a product in the cart, and offers it again once the line is removed', async () => {
    await putInCart(userId, mug.id, 2, 1)
    await putInCart(userId, teapot.id, 1, 2)
    await renderCart()
    await waitFor(() => expect(checkoutLink()).toBeInTheDocument())
    expect(within(summary()).queryByRole('alert')).not.toBeInTheDocument()

    await db.products.update(teapot.id, { archived: true })

    await waitFor(() => expect(checkoutLink()).not.toBeInTheDocument())
    expect(within(summary()).getByRole('alert')).toHaveTextContent(ARCHIVED_TEAPOT)

    await userEvent.click(screen.getByRole('button', { name: 'Remove Cast Iron Teapot' }))

    await waitFor(() => expect(checkoutLink()).toHaveAttribute('href', '/checkout'))
    expect(within(summary()).queryByRole('alert')).not.toBeInTheDocument()
    expect(await db.cartItems.toArray()).toEqual([expect.objectContaining({ userId, productId: mug.id, quantity: 2 })])
  })

  it('names a product no longer sold and a short line, each with what to do, even when the archived line is short too', async () => {
    await db.products.update(teapot.id, { archived: true, stock: 0 })
    await db.products.update(mug.id, { stock: 1 })
    await putInCart(userId, mug.id, 2, 1)
    await putInCart(userId, teapot.id, 1, 2)
    await renderCart()

    await waitFor(
      () =>
        expect(within(summary()).getAllByRole('alert').map((a) => a.textContent?.trim())).toEqual([
          ARCHIVED_TEAPOT,
          'Stock changed since you added Blue Enamel Mug. Lower the quantity to what is left to check out.',
        ]),
    )
    expect(checkoutLink()).not.toBeInTheDocument()
    // The archived line is "no longer sold", not "only 0 left": lowering it would not help.
    expect(line('Cast Iron Teapot')).not.toHaveTextContent('left now')
    expect(line('Blue Enamel Mug')).toHaveTextContent('Only 1 left now — lower the quantity to order this item.')
  })
})

describe('logging in with a guest cart', () => {
  it('leaves out a product no longer sold, and the cart says so', async () => {
    await db.products.update(teapot.id, { archived: true })
    await putInCart(GUEST_ID, mug.id, 1, 1)
    await putInCart(GUEST_ID, teapot.id, 2, 2)
    await renderCart()
    const session = useSessionStore(app?.pinia)
    await waitFor(() => expect(session.ready).toBe(true))

    // Registering is the quickest real login: the first account on a device.
    const outcome = await session.register({ username: 'dana', password: 'a long enough passphrase', confirm: 'a long enough passphrase' })
    expect(outcome.ok).toBe(true)

    await waitFor(
      () =>
        expect(screen.getByRole('status')).toHaveTextContent(
          'Some items from before you logged in are no longer sold and were left out: Cast Iron Teapot.',
        ),
    )
    await waitFor(() => expect(line('Blue Enamel Mug')).toBeDefined())
    expect(line('Cast Iron Teapot')).toBeUndefined()
    expect(checkoutLink()).toBeInTheDocument()
    expect(await db.cartItems.where('userId').equals(GUEST_ID).count()).toBe(0)
  }, 15_000)
})
