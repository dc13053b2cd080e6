import { enableAutoUnmount, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { db } from '../../src/db/database'
import { GUEST_ID } from '../../src/domain/cart'
import type { Product } from '../../src/domain/product'
import { useSessionStore } from '../../src/stores/session'
import CartView from '../../src/views/CartView.vue'
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
  getButton,
  getInputByLabel,
  getListItem,
  normalise,
  putInCart,
  snapshotTables,
  waitUntil,
  type TestApp,
} from './helpers'

let app: TestApp | undefined
let userId: number
let mug: Product
let teapot: Product

beforeEach(async () => {
  await clearDb()
  userId = await addUserAndLogIn('alice')
  mug = await addProduct({ name: 'Blue Enamel Mug', price: 1299, stock: 10 })
  teapot = await addProduct({ name: 'Cast Iron Teapot', price: 2500, stock: 4 })
})

// Mounted in the document so that a submit button submits its form, as in a browser.
enableAutoUnmount(afterEach)

afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

async function mountCart() {
  app = await createTestApp('/cart')
  return mount(CartView, { attachTo: document.body, global: { plugins: [app.pinia, app.router] } })
}

/** Mounts the cart with a mug ×2 and a teapot ×1 and waits until both lines show. */
async function mountFilledCart() {
  await putInCart(userId, mug.id, 2, 1)
  await putInCart(userId, teapot.id, 1, 2)
  const wrapper = await mountCart()
  await waitUntil(() => {
    getListItem(wrapper, 'Blue Enamel Mug')
    getListItem(wrapper, 'Cast Iron Teapot')
  })
  return wrapper
}

async function cartQuantity(productId: number): Promise<number | undefined> {
  return (await db.cartItems.get([userId, productId]))?.quantity
}

describe('CartView', () => {
  it('shows each line with its name, a labelled quantity and its line total, and the order total', async () => {
    const wrapper = await mountFilledCart()

    const mugLine = getListItem(wrapper, 'Blue Enamel Mug')
    expect(getInputByLabel(mugLine, 'Quantity of Blue Enamel Mug').element.value).toBe('2')
    expect(normalise(mugLine.text())).toContain('$12.99 each')
    expect(normalise(mugLine.text())).toContain('$25.98')

    const teapotLine = getListItem(wrapper, 'Cast Iron Teapot')
    expect(getInputByLabel(teapotLine, 'Quantity of Cast Iron Teapot').element.value).toBe('1')
    expect(normalise(teapotLine.text())).toContain('$25.00')
    expect(normalise(teapotLine.text())).not.toContain('$25.98')

    expect(definitionOf(wrapper, 'Subtotal')).toBe('$50.98')
    expect(definitionOf(wrapper, 'Tax (0%)')).toBe('$0.00')
    expect(definitionOf(wrapper, 'Total')).toBe('$50.98')
    expect(alerts(wrapper)).toEqual([])
  })

  it('shows the lines oldest first', async () => {
    await putInCart(userId, teapot.id, 1, 1)
    await putInCart(userId, mug.id, 2, 2)
    const wrapper = await mountCart()
    await waitUntil(() => getListItem(wrapper, 'Blue Enamel Mug'))
    const names = wrapper.findAll('li h2').map((h) => normalise(h.text()))
    expect(names).toEqual(['Cast Iron Teapot', 'Blue Enamel Mug'])
  })

  it("does not show another person's cart", async () => {
    const bob = await addUser('bob')
    const lamp = await addProduct({ name: 'Desk Lamp', price: 4000 })
    await putInCart(bob, lamp.id, 1)
    const wrapper = await mountFilledCart()

    expect(wrapper.text()).not.toContain('Desk Lamp')
    expect(definitionOf(wrapper, 'Total')).toBe('$50.98')
  })

  it('changes a quantity: the cart in the database, the line total and the order total follow', async () => {
    const wrapper = await mountFilledCart()
    const mugLine = getListItem(wrapper, 'Blue Enamel Mug')

    await getInputByLabel(mugLine, 'Quantity of Blue Enamel Mug').setValue('3')
    await getButton(mugLine, 'Update quantity of Blue Enamel Mug').trigger('click')

    await waitUntil(async () => expect(await cartQuantity(mug.id)).toBe(3))
    await waitUntil(() => expect(definitionOf(wrapper, 'Total')).toBe('$63.97'))
    expect(normalise(getListItem(wrapper, 'Blue Enamel Mug').text())).toContain('$38.97')
    expect(definitionOf(wrapper, 'Subtotal')).toBe('$63.97')
    expect(await cartQuantity(teapot.id)).toBe(1)
    expect(alerts(wrapper)).toEqual([])
  })

  it('accepts a quantity equal to the stock', async () => {
    const wrapper = await mountFilledCart()
    const teapotLine = getListItem(wrapper, 'Cast Iron Teapot')

    await getInputByLabel(teapotLine, 'Quantity of Cast Iron Teapot').setValue('4')
    await getButton(teapotLine, 'Update quantity of Cast Iron Teapot').trigger('click')

    await waitUntil(async () => expect(await cartQuantity(teapot.id)).toBe(4))
    await waitUntil(() => expect(definitionOf(wrapper, 'Total')).toBe('$125.98'))
    expect(alerts(wrapper)).toEqual([])
  })

  it.each([
    ['0', 'Quantity must be at least 1.'],
    // The field is type="number", so letters never reach the cart; a huge number can.
    ['2000000', 'Quantity cannot be more than 1,000,000.'],
    ['1.5', 'Quantity must be a whole number.'],
    ['-1', 'Quantity cannot be negative.'],
    ['', 'Enter a quantity.'],
    ['11', 'Only 10 of Blue Enamel Mug are available; you asked for 11.'],
  ])('refuses the quantity "%s" with a message next to that line\'s field and changes nothing', async (typed, message) => {
    const wrapper = await mountFilledCart()
    const before = await snapshotTables()
    const mugLine = getListItem(wrapper, 'Blue Enamel Mug')
    const input = getInputByLabel(mugLine, 'Quantity of Blue Enamel Mug')

    await input.setValue(typed)
    await getButton(mugLine, 'Update quantity of Blue Enamel Mug').trigger('click')

    await waitUntil(() => expect(describedAlerts(wrapper, getInputByLabel(wrapper, 'Quantity of Blue Enamel Mug'))).toEqual([message]))
    const mugLineAfter = getListItem(wrapper, 'Blue Enamel Mug')
    expect(alerts(mugLineAfter)).toEqual([message])
    expect(getInputByLabel(mugLineAfter, 'Quantity of Blue Enamel Mug').attributes('aria-invalid')).toBe('true')
    // Only the line that was changed gets the message.
    expect(alerts(getListItem(wrapper, 'Cast Iron Teapot'))).toEqual([])
    expect(alerts(wrapper)).toEqual([message])

    expect(await snapshotTables()).toEqual(before)
    expect(definitionOf(wrapper, 'Total')).toBe('$50.98')
  })

  it('clears the message once a good quantity is saved', async () => {
    const wrapper = await mountFilledCart()
    const mugLine = getListItem(wrapper, 'Blue Enamel Mug')
    const input = getInputByLabel(mugLine, 'Quantity of Blue Enamel Mug')

    await input.setValue('1.5')
    await getButton(mugLine, 'Update quantity of Blue Enamel Mug').trigger('click')
    await waitUntil(() => expect(alerts(wrapper)).toEqual(['Quantity must be a whole number.']))

    await input.setValue('5')
    await getButton(mugLine, 'Update quantity of Blue Enamel Mug').trigger('click')
    await waitUntil(async () => expect(await cartQuantity(mug.id)).toBe(5))
    await waitUntil(() => expect(alerts(wrapper)).toEqual([]))
    expect(getInputByLabel(wrapper, 'Quantity of Blue Enamel Mug').attributes('aria-invalid')).toBeUndefined()
  })

  it('removes a line with its "Remove <name>" button', async () => {
    const wrapper = await mountFilledCart()
    const productsBefore = await db.products.toArray()

    await getButton(wrapper, 'Remove Blue Enamel Mug').trigger('click')

    await waitUntil(() => expect(wrapper.text()).not.toContain('Blue Enamel Mug'))
    expect(await db.cartItems.toArray()).toEqual([expect.objectContaining({ userId, productId: teapot.id, quantity: 1 })])
    expect(await db.products.toArray()).toEqual(productsBefore)
    expect(definitionOf(wrapper, 'Total')).toBe('$25.00')
    getListItem(wrapper, 'Cast Iron Teapot')
  })

  it('says the cart is empty once the last line is removed', async () => {
    await putInCart(userId, teapot.id, 1)
    const wrapper = await mountCart()
    await waitUntil(() => getListItem(wrapper, 'Cast Iron Teapot'))
    expect(wrapper.text()).not.toContain('Your cart is empty')

    await getButton(wrapper, 'Remove Cast Iron Teapot').trigger('click')

    await waitUntil(() => expect(wrapper.text()).toContain('Your cart is empty'))
    expect(wrapper.text()).not.toContain('Cast Iron Teapot')
    expect(await db.cartItems.count()).toBe(0)
  })

  it('says the cart is empty when this person has nothing in it', async () => {
    const bob = await addUser('bob')
    await putInCart(bob, mug.id, 1)
    const wrapper = await mountCart()

    // Wait until the cart is read for the logged-in person, not the anonymous placeholder.
    const session = useSessionStore(app?.pinia)
    await waitUntil(() => expect(session.user?.id).toBe(userId))
    await waitUntil(() => {
      expect(wrapper.text()).toContain('Your cart is empty')
      expect(wrapper.text()).not.toContain('Loading')
    })
    expect(wrapper.text()).not.toContain('Blue Enamel Mug')
    expect(wrapper.find('input').exists()).toBe(false)
  })

  it('warns on a line whose stock fell below its quantity, as soon as it happens', async () => {
    const wrapper = await mountFilledCart()
    expect(wrapper.text()).not.toContain('left now')

    await db.products.update(mug.id, { stock: 1 })

    await waitUntil(() =>
      expect(normalise(getListItem(wrapper, 'Blue Enamel Mug').text())).toContain(
        'Only 1 left now — lower the quantity to order this item.',
      ),
    )
    expect(normalise(getListItem(wrapper, 'Cast Iron Teapot').text())).not.toContain('left now')
  })

  it('caps the quantity field at the stock, and follows the stock live', async () => {
    const wrapper = await mountFilledCart()
    const input = () => getInputByLabel(getListItem(wrapper, 'Cast Iron Teapot'), 'Quantity of Cast Iron Teapot')
    expect(input().attributes('type')).toBe('number')
    expect(input().attributes('min')).toBe('1')
    expect(input().attributes('max')).toBe('4')

    await db.products.update(teapot.id, { stock: 2 })

    await waitUntil(() => expect(input().attributes('max')).toBe('2'))
  })

  it("shows a guest their guest cart, and nobody's account cart", async () => {
    await db.sessions.clear()
    await putInCart(GUEST_ID, teapot.id, 2, 1)
    await putInCart(userId, mug.id, 1, 2)
    const wrapper = await mountCart()
    const session = useSessionStore(app?.pinia)
    await waitUntil(() => expect(session.ready).toBe(true))

    await waitUntil(() => getListItem(wrapper, 'Cast Iron Teapot'))
    expect(wrapper.text()).not.toContain('Blue Enamel Mug')
    expect(definitionOf(wrapper, 'Total')).toBe('$50.00')
  })

  it("changes a guest's quantity in the guest cart", async () => {
    await db.sessions.clear()
    await putInCart(GUEST_ID, teapot.id, 1, 1)
    const wrapper = await mountCart()
    await waitUntil(() => getListItem(wrapper, 'Cast Iron Teapot'))

    await getInputByLabel(wrapper, 'Quantity of Cast Iron Teapot').setValue('3')
    await getButton(wrapper, 'Update quantity of Cast Iron Teapot').trigger('click')

    await waitUntil(async () => expect((await db.cartItems.get([GUEST_ID, teapot.id]))?.quantity).toBe(3))
    await waitUntil(() => expect(definitionOf(wrapper, 'Total')).toBe('$75.00'))
    expect(await db.cartItems.count()).toBe(1)
  })
})
