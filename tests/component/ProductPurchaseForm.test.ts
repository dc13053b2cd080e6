import { render, screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import ProductPurchaseForm from '../../src/components/product/ProductPurchaseForm.vue'
import { db } from '../../src/db/database'
import { GUEST_ID } from '../../src/domain/cart'
import type { Product } from '../../src/domain/product'
import { useSessionStore } from '../../src/stores/session'
import { addProduct, addUser, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, putInCart, snapshotTables, type TestApp } from './fixtures'
import { alertTexts, statusText } from './queries'
import type { Id } from '../../src/domain/id'

let app: TestApp | undefined
let userId: Id

beforeEach(async () => {
  await clearDb()
})

afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

async function mountForm(product: Product) {
  app = await createTestApp(`/products/${product.id}`)
  render(ProductPurchaseForm, { props: { product }, global: { plugins: [app.pinia, app.router] } })
}

/**
 * Mounts the form for the logged-in person and waits until the session has been read: a
 * guest can add to a cart too, so the button alone does not say whose cart it fills.
 */
async function mountLoggedIn(product: Product) {
  await mountForm(product)
  const session = useSessionStore(app?.pinia)
  await waitFor(() => expect(session.user?.id).toBe(userId))
  await screen.findByRole('button', { name: product.stock > 0 ? 'Add to cart' : 'Out of stock' })
}

/** Types `typed` over what the Quantity field holds, as a person would. */
async function typeQuantity(typed: string) {
  const input = screen.getByLabelText('Quantity')
  await userEvent.clear(input)
  if (typed !== '') await userEvent.type(input, typed)
}

async function press(name: string) {
  await userEvent.click(screen.getByRole('button', { name }))
}

const quantityField = () => screen.getByLabelText('Quantity')

async function cartQuantity(productId: Id): Promise<number | undefined> {
  return (await db.cartItems.get([userId, productId]))?.quantity
}

describe('ProductPurchaseForm, checking availability', () => {
  beforeEach(async () => {
    userId = await addUserAndLogIn('alice')
  })

  it.each([
    ['1', 'Yes, 1 is available.'],
    ['4', 'Yes, 4 are available.'],
    ['5', 'Yes, 5 are available.'],
    [' 2 ', 'Yes, 2 are available.'],
  ])('says a quantity of "%s" within the stock of 5 is available', async (typed, text) => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await mountLoggedIn(lamp)

    await typeQuantity(typed)
    await press('Check availability')

    await waitFor(() => expect(statusText()).toBe(text))
    expect(alertTexts()).toEqual([])
  })

  it.each(['6', '100'])('says only 5 are left when asked for %s', async (typed) => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await mountLoggedIn(lamp)

    await typeQuantity(typed)
    await press('Check availability')

    await waitFor(() => expect(statusText()).toBe('Sorry, only 5 left.'))
    expect(statusText()).not.toContain('Yes')
  })

  it('says an out-of-stock product is out of stock', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 0 })
    await mountLoggedIn(lamp)

    await press('Check availability')

    await waitFor(() => expect(statusText()).toBe('Sorry, Desk Lamp is out of stock.'))
  })

  it('answers for someone who is not logged in too', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await db.sessions.clear()
    await mountForm(lamp)

    await typeQuantity('3')
    await press('Check availability')

    await waitFor(() => expect(statusText()).toBe('Yes, 3 are available.'))
  })

  it('forgets the answer when the quantity is changed', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await mountLoggedIn(lamp)
    await press('Check availability')
    await waitFor(() => expect(statusText()).toBe('Yes, 1 is available.'))

    await typeQuantity('9')

    expect(statusText()).toBe('')
  })
})

const badQuantities = [
  ['abc', 'Quantity must be a number, like 1 or 2.'],
  ['0', 'Quantity must be at least 1.'],
  ['-1', 'Quantity cannot be negative.'],
  ['1.5', 'Quantity must be a whole number.'],
  ['', 'Enter a quantity.'],
  ['1e3', 'Quantity must be a number, like 1 or 2.'],
] as const

describe('ProductPurchaseForm, bad quantities', () => {
  beforeEach(async () => {
    userId = await addUserAndLogIn('alice')
  })

  it.each(badQuantities)('"Check availability" with "%s" puts a message next to the Quantity field', async (typed, message) => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await mountLoggedIn(lamp)

    await typeQuantity(typed)
    await press('Check availability')

    await waitFor(() => expect(quantityField()).toHaveAccessibleDescription(message))
    expect(quantityField()).toHaveAttribute('aria-invalid', 'true')
    expect(alertTexts()).toEqual([message])
    expect(statusText()).toBe('')
  })

  it.each(badQuantities)('"Add to cart" with "%s" puts a message next to the Quantity field and writes nothing', async (typed, message) => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await mountLoggedIn(lamp)
    const before = await snapshotTables()

    await typeQuantity(typed)
    await press('Add to cart')

    await waitFor(() => expect(quantityField()).toHaveAccessibleDescription(message))
    expect(alertTexts()).toEqual([message])
    expect(await snapshotTables()).toEqual(before)
  })

  it('clears the message as soon as the quantity is typed again', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await mountLoggedIn(lamp)
    await typeQuantity('abc')
    await press('Check availability')
    await waitFor(() => expect(alertTexts()).toHaveLength(1))

    await typeQuantity('2')

    expect(alertTexts()).toEqual([])
    expect(quantityField()).not.toHaveAttribute('aria-invalid')
    expect(quantityField()).not.toHaveAccessibleDescription()
  })
})

describe('ProductPurchaseForm, adding to the cart', () => {
  beforeEach(async () => {
    userId = await addUserAndLogIn('alice')
  })

  it('adds the quantity to the cart and says so', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await mountLoggedIn(lamp)

    await typeQuantity('2')
    await press('Add to cart')

    await waitFor(() => expect(statusText()).toBe('Added 2 × Desk Lamp to your cart. View your cart'))
    expect(await cartQuantity(lamp.id)).toBe(2)
    await waitFor(() => expect(document.body).toHaveTextContent('You have 2 in your cart.'))
    expect(alertTexts()).toEqual([])
    // Adding to a cart does not take stock; only an order does.
    expect((await db.products.get(lamp.id))?.stock).toBe(5)
  })

  it('adds up to exactly the stock minus what is already in the cart', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await putInCart(userId, lamp.id, 3)
    await mountLoggedIn(lamp)
    await waitFor(() => expect(document.body).toHaveTextContent('You have 3 in your cart.'))

    await typeQuantity('2')
    await press('Add to cart')

    await waitFor(() => expect(statusText()).toBe('Added 2 × Desk Lamp to your cart. View your cart'))
    expect(await cartQuantity(lamp.id)).toBe(5)
  })

  it.each([
    [0, '6', 'Only 5 of Desk Lamp are available; you asked for 6.'],
    [3, '3', 'You can add at most 2 more Desk Lamp: 5 in stock and 3 already in your cart.'],
    [5, '1', 'You already have 5 Desk Lamp in your cart and 5 are in stock: you cannot add more.'],
  ])(
    'with %i already in the cart, refuses "%s" more next to the Quantity field and writes nothing',
    async (inCart, typed, message) => {
      const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
      if (inCart > 0) await putInCart(userId, lamp.id, inCart)
      await mountLoggedIn(lamp)
      if (inCart > 0) await waitFor(() => expect(document.body).toHaveTextContent(`You have ${inCart} in your cart.`))
      const before = await snapshotTables()

      await typeQuantity(typed)
      await press('Add to cart')

      await waitFor(() => expect(quantityField()).toHaveAccessibleDescription(message))
      expect(await snapshotTables()).toEqual(before)
      expect(statusText()).toBe('')
    },
  )

  it('counts only this person\'s cart against the stock', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    const bob = await addUser('bob')
    await putInCart(bob, lamp.id, 4)
    await mountLoggedIn(lamp)

    await typeQuantity('5')
    await press('Add to cart')

    await waitFor(() => expect(statusText()).toBe('Added 5 × Desk Lamp to your cart. View your cart'))
    expect(await cartQuantity(lamp.id)).toBe(5)
  })

  it('says a product taken out of the shop can no longer be added, and writes nothing', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await mountLoggedIn(lamp)
    await db.products.delete(lamp.id)

    await press('Add to cart')

    await waitFor(() =>
      expect(quantityField()).toHaveAccessibleDescription('That product is no longer in the shop.'),
    )
    expect(await db.cartItems.count()).toBe(0)
  })

  it('disables the button of an out-of-stock product', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 0 })
    await mountLoggedIn(lamp)

    const button = screen.getByRole('button', { name: 'Out of stock' })
    expect(button).toBeDisabled()
    expect(screen.queryByRole('button', { name: 'Add to cart' })).not.toBeInTheDocument()

    await userEvent.click(button)
    expect(statusText()).toBe('')
    expect(await db.cartItems.count()).toBe(0)
  })

  it('enables the button for a product with one left', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 1 })
    await mountLoggedIn(lamp)
    expect(screen.getByRole('button', { name: 'Add to cart' })).toBeEnabled()
  })
})

describe('ProductPurchaseForm, not logged in', () => {
  /** Mounts the form with nobody logged in and waits until the session says so. */
  async function mountAsGuest(product: Product) {
    await mountForm(product)
    // Before the session is read nobody is logged in either: wait until it has been.
    const session = useSessionStore(app?.pinia)
    await waitFor(() => expect(session.ready).toBe(true))
    expect(session.user).toBeUndefined()
  }

  it('offers "Add to cart" to a guest, and no "Log in to buy"', async () => {
    await addUser('alice')
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await mountAsGuest(lamp)

    expect(screen.getByRole('button', { name: 'Add to cart' })).toBeEnabled()
    expect(document.body).not.toHaveTextContent('Log in to buy')
  })

  it("puts a guest's add in the guest cart, not in anybody's account", async () => {
    const alice = await addUser('alice')
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await mountAsGuest(lamp)

    await typeQuantity('2')
    await press('Add to cart')

    await waitFor(() => expect(statusText()).toBe('Added 2 × Desk Lamp to your cart. View your cart'))
    expect(await db.cartItems.toArray()).toEqual([expect.objectContaining({ userId: GUEST_ID, productId: lamp.id, quantity: 2 })])
    expect(await db.cartItems.where('userId').equals(alice).count()).toBe(0)
    await waitFor(() => expect(document.body).toHaveTextContent('You have 2 in your cart.'))
    expect((await db.products.get(lamp.id))?.stock).toBe(5)
  })

  it('holds a guest to the stock minus what is already in the guest cart', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await putInCart(GUEST_ID, lamp.id, 4)
    await mountAsGuest(lamp)
    await waitFor(() => expect(document.body).toHaveTextContent('You have 4 in your cart.'))
    const before = await snapshotTables()

    await typeQuantity('2')
    await press('Add to cart')

    await waitFor(() =>
      expect(quantityField()).toHaveAccessibleDescription('You can add at most 1 more Desk Lamp: 5 in stock and 4 already in your cart.'),
    )
    expect(await snapshotTables()).toEqual(before)
  })

  it('shows "Add to cart" once logged in too', async () => {
    userId = await addUserAndLogIn('alice')
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await mountLoggedIn(lamp)
    expect(screen.getByRole('button', { name: 'Add to cart' })).toBeEnabled()
    expect(document.body).not.toHaveTextContent('Log in to buy')
  })
})

describe('ProductPurchaseForm, the quantity stepper', () => {
  it('steps between 1 and what is left to add, and links the "Added" message to the cart', async () => {
    await mountForm(await addProduct({ name: 'Desk Lamp', stock: 3 }))
    const fewer = screen.getByRole('button', { name: 'One fewer' })
    const more = screen.getByRole('button', { name: 'One more' })
    expect(quantityField()).toHaveValue('1')
    expect(fewer).toBeDisabled()
    await userEvent.click(more)
    await userEvent.click(more)
    expect(quantityField()).toHaveValue('3')
    expect(more).toBeDisabled()
    await userEvent.click(fewer)
    expect(quantityField()).toHaveValue('2')
    await userEvent.click(screen.getByRole('button', { name: 'Add to cart' }))
    const link = await screen.findByRole('link', { name: 'View your cart' })
    expect(link).toHaveAttribute('href', '/cart')
    // One is left to add now: the stepper stops there.
    await waitFor(() => expect(more).toBeDisabled())
  })
})
