import { render, screen, waitFor, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { db } from '../../src/db/database'
import { GUEST_ID } from '../../src/domain/cart'
import type { Product } from '../../src/domain/product'
import { useSessionStore } from '../../src/stores/session'
import CartView from '../../src/views/CartView.vue'
import { addProduct, addUser, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, putInCart, snapshotTables, type TestApp } from './fixtures'
import { alertTexts, definitionOf, listItemWithHeading, textOf } from './queries'
import type { Id } from '../../src/domain/id'

let app: TestApp | undefined
let userId: Id
let mug: Product
let teapot: Product

beforeEach(async () => {
  await clearDb()
  userId = await addUserAndLogIn('alice')
  mug = await addProduct({ name: 'Blue Enamel Mug', price: 1299, stock: 10 })
  teapot = await addProduct({ name: 'Cast Iron Teapot', price: 2500, stock: 4 })
})

afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

async function mountCart() {
  app = await createTestApp('/cart')
  render(CartView, { global: { plugins: [app.pinia, app.router] } })
}

/** Mounts the cart with a mug ×2 and a teapot ×1 and waits until both lines show. */
async function mountFilledCart() {
  await putInCart(userId, mug.id, 2, 1)
  await putInCart(userId, teapot.id, 1, 2)
  await mountCart()
  await waitFor(() => {
    listItemWithHeading('Blue Enamel Mug')
    listItemWithHeading('Cast Iron Teapot')
  })
}

/** Types `typed` over what the line's quantity field holds and presses Enter. */
async function setQuantity(name: string, typed: string) {
  const line = within(listItemWithHeading(name))
  const input = line.getByLabelText(`Quantity of ${name}`)
  await userEvent.clear(input)
  await userEvent.type(input, `${typed}{Enter}`)
}

async function cartQuantity(productId: Id): Promise<number | undefined> {
  return (await db.cartItems.get([userId, productId]))?.quantity
}

describe('CartView', () => {
  it('shows each line with its name, a labelled quantity and its line total, and the order total', async () => {
    await mountFilledCart()

    const mugLine = listItemWithHeading('Blue Enamel Mug')
    expect(within(mugLine).getByLabelText('Quantity of Blue Enamel Mug')).toHaveValue(2)
    expect(mugLine).toHaveTextContent('$12.99 each')
    expect(mugLine).toHaveTextContent('$25.98')

    const teapotLine = listItemWithHeading('Cast Iron Teapot')
    expect(within(teapotLine).getByLabelText('Quantity of Cast Iron Teapot')).toHaveValue(1)
    expect(teapotLine).toHaveTextContent('$25.00')
    expect(teapotLine).not.toHaveTextContent('$25.98')

    expect(definitionOf('Subtotal')).toBe('$50.98')
    expect(definitionOf('Tax (0%)')).toBe('$0.00')
    expect(definitionOf('Total')).toBe('$50.98')
    expect(alertTexts()).toEqual([])
  })

  it('shows the lines oldest first', async () => {
    await putInCart(userId, teapot.id, 1, 1)
    await putInCart(userId, mug.id, 2, 2)
    await mountCart()
    await waitFor(() => listItemWithHeading('Blue Enamel Mug'))
    const lines = within(screen.getByRole('list', { name: 'Cart items' })).getAllByRole('listitem')
    const names = lines.map((line) => textOf(within(line).getByRole('heading')))
    expect(names).toEqual(['Cast Iron Teapot', 'Blue Enamel Mug'])
  })

  it("does not show another person's cart", async () => {
    const bob = await addUser('bob')
    const lamp = await addProduct({ name: 'Desk Lamp', price: 4000 })
    await putInCart(bob, lamp.id, 1)
    await mountFilledCart()

    expect(document.body).not.toHaveTextContent('Desk Lamp')
    expect(definitionOf('Total')).toBe('$50.98')
  })

  it('changes a quantity: the cart in the database, the line total and the order total follow', async () => {
    await mountFilledCart()

    await setQuantity('Blue Enamel Mug', '3')

    await waitFor(async () => expect(await cartQuantity(mug.id)).toBe(3))
    await waitFor(() => expect(definitionOf('Total')).toBe('$63.97'))
    expect(listItemWithHeading('Blue Enamel Mug')).toHaveTextContent('$38.97')
    expect(definitionOf('Subtotal')).toBe('$63.97')
    expect(await cartQuantity(teapot.id)).toBe(1)
    expect(alertTexts()).toEqual([])
  })

  it('accepts a quantity equal to the stock', async () => {
    await mountFilledCart()

    await setQuantity('Cast Iron Teapot', '4')

    await waitFor(async () => expect(await cartQuantity(teapot.id)).toBe(4))
    await waitFor(() => expect(definitionOf('Total')).toBe('$125.98'))
    expect(alertTexts()).toEqual([])
  })

  it.each([
    // The field is type="number", so letters never reach the cart; a huge number can.
    ['2000000', 'Quantity cannot be more than 1,000,000.'],
    ['1.5', 'Quantity must be a whole number.'],
    ['-1', 'Quantity cannot be negative.'],
    ['', 'Enter a quantity.'],
    ['11', 'Only 10 of Blue Enamel Mug are available; you asked for 11.'],
  ])('refuses the quantity "%s" with a message next to that line\'s field and changes nothing', async (typed, message) => {
    await mountFilledCart()
    const before = await snapshotTables()

    await setQuantity('Blue Enamel Mug', typed)

    await waitFor(() => expect(screen.getByLabelText('Quantity of Blue Enamel Mug')).toHaveAccessibleDescription(message))
    const mugLineAfter = within(listItemWithHeading('Blue Enamel Mug'))
    expect(alertTexts(mugLineAfter)).toEqual([message])
    expect(mugLineAfter.getByLabelText('Quantity of Blue Enamel Mug')).toHaveAttribute('aria-invalid', 'true')
    // Only the line that was changed gets the message.
    expect(alertTexts(within(listItemWithHeading('Cast Iron Teapot')))).toEqual([])
    expect(alertTexts()).toEqual([message])

    expect(await snapshotTables()).toEqual(before)
    expect(definitionOf('Total')).toBe('$50.98')
  })

  it('clears the message once a good quantity is saved', async () => {
    await mountFilledCart()

    await setQuantity('Blue Enamel Mug', '1.5')
    await waitFor(() => expect(alertTexts()).toEqual(['Quantity must be a whole number.']))

    await setQuantity('Blue Enamel Mug', '5')
    await waitFor(async () => expect(await cartQuantity(mug.id)).toBe(5))
    await waitFor(() => expect(alertTexts()).toEqual([]))
    expect(screen.getByLabelText('Quantity of Blue Enamel Mug')).not.toHaveAttribute('aria-invalid')
    expect(screen.getByLabelText('Quantity of Blue Enamel Mug')).not.toHaveAccessibleDescription()
  })

  it('removes a line with its "Remove <name>" button', async () => {
    await mountFilledCart()
    const productsBefore = await db.products.toArray()

    await userEvent.click(screen.getByRole('button', { name: 'Remove Blue Enamel Mug' }))

    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Blue Enamel Mug' })).not.toBeInTheDocument())
    expect(screen.getByRole('status')).toHaveTextContent('Removed Blue Enamel Mug from your cart. Undo')
    expect(await db.cartItems.toArray()).toEqual([expect.objectContaining({ userId, productId: teapot.id, quantity: 1 })])
    expect(await db.products.toArray()).toEqual(productsBefore)
    expect(definitionOf('Total')).toBe('$25.00')
    listItemWithHeading('Cast Iron Teapot')
  })

  it('says the cart is empty once the last line is removed', async () => {
    await putInCart(userId, teapot.id, 1)
    await mountCart()
    await waitFor(() => listItemWithHeading('Cast Iron Teapot'))
    expect(screen.queryByRole('heading', { name: 'Your cart is empty' })).not.toBeInTheDocument()

    await userEvent.click(screen.getByRole('button', { name: 'Remove Cast Iron Teapot' }))

    expect(await screen.findByRole('heading', { name: 'Your cart is empty' })).toBeInTheDocument()
    expect(screen.queryByRole('heading', { name: 'Cast Iron Teapot' })).not.toBeInTheDocument()
    expect(await db.cartItems.count()).toBe(0)
  })

  it('a quantity of 0, stepped or typed, takes the line out, and Undo puts it back as it was', async () => {
    await putInCart(userId, teapot.id, 1, 5)
    await putInCart(userId, mug.id, 3, 6)
    await mountCart()
    await waitFor(() => listItemWithHeading('Cast Iron Teapot'))

    await userEvent.click(screen.getByRole('button', { name: 'One fewer Cast Iron Teapot' }))
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Cast Iron Teapot' })).not.toBeInTheDocument())
    expect(await db.cartItems.get([userId, teapot.id])).toBeUndefined()
    expect(screen.getByRole('status')).toHaveTextContent('Removed Cast Iron Teapot from your cart.')

    await userEvent.click(screen.getByRole('button', { name: 'Undo' }))
    await waitFor(() => listItemWithHeading('Cast Iron Teapot'))
    expect(await db.cartItems.get([userId, teapot.id])).toEqual({ userId, productId: teapot.id, quantity: 1, addedAt: 5 })
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument()

    await setQuantity('Blue Enamel Mug', '0')
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Blue Enamel Mug' })).not.toBeInTheDocument())
    expect(screen.getByRole('status')).toHaveTextContent('Removed Blue Enamel Mug from your cart.')
    await userEvent.click(screen.getByRole('button', { name: 'Undo' }))
    await waitFor(() => listItemWithHeading('Blue Enamel Mug'))
    expect((await db.cartItems.get([userId, mug.id]))?.quantity).toBe(3)
  })

  it('steps a quantity up at once, with no Update button, and stops at the stock', async () => {
    await putInCart(userId, teapot.id, 3)
    await mountCart()
    await waitFor(() => listItemWithHeading('Cast Iron Teapot'))
    expect(screen.queryByRole('button', { name: /^Update/ })).not.toBeInTheDocument()
    const more = screen.getByRole('button', { name: 'One more Cast Iron Teapot' })
    await userEvent.click(more)
    await waitFor(async () => expect((await db.cartItems.get([userId, teapot.id]))?.quantity).toBe(4))
    await waitFor(() => expect(more).toBeDisabled())
  })

  it('says the cart is empty when this person has nothing in it', async () => {
    const bob = await addUser('bob')
    await putInCart(bob, mug.id, 1)
    await mountCart()

    // Wait until the cart is read for the logged-in person, not the anonymous placeholder.
    const session = useSessionStore(app?.pinia)
    await waitFor(() => expect(session.user?.id).toBe(userId))
    await waitFor(() => {
      expect(screen.getByRole('heading', { name: 'Your cart is empty' })).toBeInTheDocument()
      expect(document.body).not.toHaveTextContent('Loading')
    })
    expect(document.body).not.toHaveTextContent('Blue Enamel Mug')
    expect(screen.queryAllByRole('spinbutton')).toEqual([])
    expect(screen.queryAllByRole('textbox')).toEqual([])
  })

  it('warns on a line whose stock fell below its quantity, as soon as it happens', async () => {
    await mountFilledCart()
    expect(document.body).not.toHaveTextContent('left now')

    await db.products.update(mug.id, { stock: 1 })

    await waitFor(() =>
      expect(listItemWithHeading('Blue Enamel Mug')).toHaveTextContent('Only 1 left now — lower the quantity to order this item.'),
    )
    expect(listItemWithHeading('Cast Iron Teapot')).not.toHaveTextContent('left now')
  })

  it('caps the quantity field at the stock, and follows the stock live', async () => {
    await mountFilledCart()
    const input = () => within(listItemWithHeading('Cast Iron Teapot')).getByRole('spinbutton', { name: 'Quantity of Cast Iron Teapot' })
    expect(input()).toHaveAttribute('type', 'number')
    expect(input()).toHaveAttribute('min', '0')
    expect(input()).toHaveAttribute('max', '4')

    await db.products.update(teapot.id, { stock: 2 })

    await waitFor(() => expect(input()).toHaveAttribute('max', '2'))
  })

  it("shows a guest their guest cart, and nobody's account cart", async () => {
    await db.sessions.clear()
    await putInCart(GUEST_ID, teapot.id, 2, 1)
    await putInCart(userId, mug.id, 1, 2)
    await mountCart()
    const session = useSessionStore(app?.pinia)
    await waitFor(() => expect(session.ready).toBe(true))

    await waitFor(() => listItemWithHeading('Cast Iron Teapot'))
    expect(document.body).not.toHaveTextContent('Blue Enamel Mug')
    expect(definitionOf('Total')).toBe('$50.00')
  })

  it("changes a guest's quantity in the guest cart", async () => {
    await db.sessions.clear()
    await putInCart(GUEST_ID, teapot.id, 1, 1)
    await mountCart()
    await waitFor(() => listItemWithHeading('Cast Iron Teapot'))

    await setQuantity('Cast Iron Teapot', '3')

    await waitFor(async () => expect((await db.cartItems.get([GUEST_ID, teapot.id]))?.quantity).toBe(3))
    await waitFor(() => expect(definitionOf('Total')).toBe('$75.00'))
    expect(await db.cartItems.count()).toBe(1)
  })
})
