import { enableAutoUnmount, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import ProductPurchaseForm from '../../src/components/product/ProductPurchaseForm.vue'
import { db } from '../../src/db/database'
import { GUEST_ID } from '../../src/domain/cart'
import type { Product } from '../../src/domain/product'
import { useSessionStore } from '../../src/stores/session'
import {
  addProduct,
  addUser,
  addUserAndLogIn,
  alerts,
  clearDb,
  createTestApp,
  describedAlerts,
  disposeTestApp,
  getButton,
  getInputByLabel,
  normalise,
  putInCart,
  queryButton,
  snapshotTables,
  statuses,
  waitUntil,
  type TestApp,
} from './helpers'

let app: TestApp | undefined
let userId: number

// Mounted in the document so that the submit button submits its form, as in a browser.
enableAutoUnmount(afterEach)

beforeEach(async () => {
  await clearDb()
})

afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

async function mountForm(product: Product) {
  app = await createTestApp(`/products/${product.id}`)
  return mount(ProductPurchaseForm, {
    props: { product },
    attachTo: document.body,
    global: { plugins: [app.pinia, app.router] },
  })
}

/**
 * Mounts the form for the logged-in person and waits until the session has been read: a
 * guest can add to a cart too, so the button alone does not say whose cart it fills.
 */
async function mountLoggedIn(product: Product) {
  const wrapper = await mountForm(product)
  const session = useSessionStore(app?.pinia)
  await waitUntil(() => expect(session.user?.id).toBe(userId))
  await waitUntil(() => getButton(wrapper, product.stock > 0 ? 'Add to cart' : 'Out of stock'))
  return wrapper
}

function status(wrapper: Parameters<typeof statuses>[0]): string {
  return statuses(wrapper).join(' ')
}

async function cartQuantity(productId: number): Promise<number | undefined> {
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
    const wrapper = await mountLoggedIn(lamp)

    await getInputByLabel(wrapper, 'Quantity').setValue(typed)
    await getButton(wrapper, 'Check availability').trigger('click')

    await waitUntil(() => expect(status(wrapper)).toBe(text))
    expect(alerts(wrapper)).toEqual([])
  })

  it.each(['6', '100'])('says only 5 are left when asked for %s', async (typed) => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    const wrapper = await mountLoggedIn(lamp)

    await getInputByLabel(wrapper, 'Quantity').setValue(typed)
    await getButton(wrapper, 'Check availability').trigger('click')

    await waitUntil(() => expect(status(wrapper)).toBe('Sorry, only 5 left.'))
    expect(status(wrapper)).not.toContain('Yes')
  })

  it('says an out-of-stock product is out of stock', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 0 })
    const wrapper = await mountLoggedIn(lamp)

    await getButton(wrapper, 'Check availability').trigger('click')

    await waitUntil(() => expect(status(wrapper)).toBe('Sorry, Desk Lamp is out of stock.'))
  })

  it('answers for someone who is not logged in too', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await db.sessions.clear()
    const wrapper = await mountForm(lamp)

    await getInputByLabel(wrapper, 'Quantity').setValue('3')
    await getButton(wrapper, 'Check availability').trigger('click')

    await waitUntil(() => expect(status(wrapper)).toBe('Yes, 3 are available.'))
  })

  it('forgets the answer when the quantity is changed', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    const wrapper = await mountLoggedIn(lamp)
    await getButton(wrapper, 'Check availability').trigger('click')
    await waitUntil(() => expect(status(wrapper)).toBe('Yes, 1 is available.'))

    await getInputByLabel(wrapper, 'Quantity').setValue('9')

    expect(status(wrapper)).toBe('')
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
    const wrapper = await mountLoggedIn(lamp)
    const input = getInputByLabel(wrapper, 'Quantity')

    await input.setValue(typed)
    await getButton(wrapper, 'Check availability').trigger('click')

    await waitUntil(() => expect(describedAlerts(wrapper, getInputByLabel(wrapper, 'Quantity'))).toEqual([message]))
    expect(getInputByLabel(wrapper, 'Quantity').attributes('aria-invalid')).toBe('true')
    expect(alerts(wrapper)).toEqual([message])
    expect(status(wrapper)).toBe('')
  })

  it.each(badQuantities)('"Add to cart" with "%s" puts a message next to the Quantity field and writes nothing', async (typed, message) => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    const wrapper = await mountLoggedIn(lamp)
    const before = await snapshotTables()

    await getInputByLabel(wrapper, 'Quantity').setValue(typed)
    await getButton(wrapper, 'Add to cart').trigger('click')

    await waitUntil(() => expect(describedAlerts(wrapper, getInputByLabel(wrapper, 'Quantity'))).toEqual([message]))
    expect(alerts(wrapper)).toEqual([message])
    expect(await snapshotTables()).toEqual(before)
  })

  it('clears the message as soon as the quantity is typed again', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    const wrapper = await mountLoggedIn(lamp)
    await getInputByLabel(wrapper, 'Quantity').setValue('abc')
    await getButton(wrapper, 'Check availability').trigger('click')
    await waitUntil(() => expect(alerts(wrapper)).toHaveLength(1))

    await getInputByLabel(wrapper, 'Quantity').setValue('2')

    expect(alerts(wrapper)).toEqual([])
    expect(getInputByLabel(wrapper, 'Quantity').attributes('aria-invalid')).toBeUndefined()
  })
})

describe('ProductPurchaseForm, adding to the cart', () => {
  beforeEach(async () => {
    userId = await addUserAndLogIn('alice')
  })

  it('adds the quantity to the cart and says so', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    const wrapper = await mountLoggedIn(lamp)

    await getInputByLabel(wrapper, 'Quantity').setValue('2')
    await getButton(wrapper, 'Add to cart').trigger('click')

    await waitUntil(() => expect(status(wrapper)).toBe('Added 2 × Desk Lamp to your cart.'))
    expect(await cartQuantity(lamp.id)).toBe(2)
    await waitUntil(() => expect(normalise(wrapper.text())).toContain('You have 2 in your cart.'))
    expect(alerts(wrapper)).toEqual([])
    // Adding to a cart does not take stock; only an order does.
    expect((await db.products.get(lamp.id))?.stock).toBe(5)
  })

  it('adds up to exactly the stock minus what is already in the cart', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await putInCart(userId, lamp.id, 3)
    const wrapper = await mountLoggedIn(lamp)
    await waitUntil(() => expect(normalise(wrapper.text())).toContain('You have 3 in your cart.'))

    await getInputByLabel(wrapper, 'Quantity').setValue('2')
    await getButton(wrapper, 'Add to cart').trigger('click')

    await waitUntil(() => expect(status(wrapper)).toBe('Added 2 × Desk Lamp to your cart.'))
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
      const wrapper = await mountLoggedIn(lamp)
      if (inCart > 0) await waitUntil(() => expect(normalise(wrapper.text())).toContain(`You have ${inCart} in your cart.`))
      const before = await snapshotTables()

      await getInputByLabel(wrapper, 'Quantity').setValue(typed)
      await getButton(wrapper, 'Add to cart').trigger('click')

      await waitUntil(() => expect(describedAlerts(wrapper, getInputByLabel(wrapper, 'Quantity'))).toEqual([message]))
      expect(await snapshotTables()).toEqual(before)
      expect(status(wrapper)).toBe('')
    },
  )

  it('counts only this person\'s cart against the stock', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    const bob = await addUser('bob')
    await putInCart(bob, lamp.id, 4)
    const wrapper = await mountLoggedIn(lamp)

    await getInputByLabel(wrapper, 'Quantity').setValue('5')
    await getButton(wrapper, 'Add to cart').trigger('click')

    await waitUntil(() => expect(status(wrapper)).toBe('Added 5 × Desk Lamp to your cart.'))
    expect(await cartQuantity(lamp.id)).toBe(5)
  })

  it('says a product taken out of the shop can no longer be added, and writes nothing', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    const wrapper = await mountLoggedIn(lamp)
    await db.products.delete(lamp.id)

    await getButton(wrapper, 'Add to cart').trigger('click')

    await waitUntil(() =>
      expect(describedAlerts(wrapper, getInputByLabel(wrapper, 'Quantity'))).toEqual(['That product is no longer in the shop.']),
    )
    expect(await db.cartItems.count()).toBe(0)
  })

  it('disables the button of an out-of-stock product', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 0 })
    const wrapper = await mountLoggedIn(lamp)

    const button = getButton(wrapper, 'Out of stock')
    expect(button.element.disabled).toBe(true)
    expect(queryButton(wrapper, 'Add to cart')).toBeUndefined()

    await button.trigger('click')
    expect(status(wrapper)).toBe('')
    expect(await db.cartItems.count()).toBe(0)
  })

  it('enables the button for a product with one left', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 1 })
    const wrapper = await mountLoggedIn(lamp)
    expect(getButton(wrapper, 'Add to cart').element.disabled).toBe(false)
  })
})

describe('ProductPurchaseForm, not logged in', () => {
  /** Mounts the form with nobody logged in and waits until the session says so. */
  async function mountAsGuest(product: Product) {
    const wrapper = await mountForm(product)
    // Before the session is read nobody is logged in either: wait until it has been.
    const session = useSessionStore(app?.pinia)
    await waitUntil(() => expect(session.ready).toBe(true))
    expect(session.user).toBeUndefined()
    return wrapper
  }

  it('offers "Add to cart" to a guest, and no "Log in to buy"', async () => {
    await addUser('alice')
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    const wrapper = await mountAsGuest(lamp)

    expect(getButton(wrapper, 'Add to cart').element.disabled).toBe(false)
    expect(wrapper.text()).not.toContain('Log in to buy')
  })

  it("puts a guest's add in the guest cart, not in anybody's account", async () => {
    const alice = await addUser('alice')
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    const wrapper = await mountAsGuest(lamp)

    await getInputByLabel(wrapper, 'Quantity').setValue('2')
    await getButton(wrapper, 'Add to cart').trigger('click')

    await waitUntil(() => expect(status(wrapper)).toBe('Added 2 × Desk Lamp to your cart.'))
    expect(await db.cartItems.toArray()).toEqual([expect.objectContaining({ userId: GUEST_ID, productId: lamp.id, quantity: 2 })])
    expect(await db.cartItems.where('userId').equals(alice).count()).toBe(0)
    await waitUntil(() => expect(normalise(wrapper.text())).toContain('You have 2 in your cart.'))
    expect((await db.products.get(lamp.id))?.stock).toBe(5)
  })

  it('holds a guest to the stock minus what is already in the guest cart', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    await putInCart(GUEST_ID, lamp.id, 4)
    const wrapper = await mountAsGuest(lamp)
    await waitUntil(() => expect(normalise(wrapper.text())).toContain('You have 4 in your cart.'))
    const before = await snapshotTables()

    await getInputByLabel(wrapper, 'Quantity').setValue('2')
    await getButton(wrapper, 'Add to cart').trigger('click')

    await waitUntil(() =>
      expect(describedAlerts(wrapper, getInputByLabel(wrapper, 'Quantity'))).toEqual([
        'You can add at most 1 more Desk Lamp: 5 in stock and 4 already in your cart.',
      ]),
    )
    expect(await snapshotTables()).toEqual(before)
  })

  it('shows "Add to cart" once logged in too', async () => {
    userId = await addUserAndLogIn('alice')
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 5 })
    const wrapper = await mountLoggedIn(lamp)
    expect(getButton(wrapper, 'Add to cart').element.disabled).toBe(false)
    expect(wrapper.text()).not.toContain('Log in to buy')
  })
})
