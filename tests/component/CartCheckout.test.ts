import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import CartCheckout from '../../src/components/cart/CartCheckout.vue'
import { db } from '../../src/db/database'
import type { Product } from '../../src/domain/product'
import { useSessionStore } from '../../src/stores/session'
import {
  addProduct,
  addUser,
  addUserAndLogIn,
  alerts,
  clearDb,
  createTestApp,
  definitionOf,
  disposeTestApp,
  getButton,
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
  mug = await addProduct({ sku: 'MUG-1', name: 'Blue Enamel Mug', price: 1299, stock: 10 })
  teapot = await addProduct({ sku: 'POT-1', name: 'Cast Iron Teapot', price: 2500, stock: 4 })
})

afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

/** Mounts the summary for a cart of mug ×2 and teapot ×1 and waits for its total. */
async function mountCheckout(expectedTotal = '$50.98') {
  app = await createTestApp('/cart')
  const wrapper = mount(CartCheckout, { global: { plugins: [app.pinia, app.router] } })
  await waitUntil(() => expect(definitionOf(wrapper, 'Total')).toBe(expectedTotal))
  return wrapper
}

async function fillCart() {
  await putInCart(userId, mug.id, 2, 1)
  await putInCart(userId, teapot.id, 1, 2)
}

function currentRoute() {
  if (!app) throw new Error('not mounted')
  return app.router.currentRoute.value
}

describe('CartCheckout', () => {
  it('shows how many items and the total', async () => {
    await fillCart()
    const wrapper = await mountCheckout('$50.98')
    expect(definitionOf(wrapper, 'Items')).toBe('3')
  })

  it('"Place order" records the order, takes the stock, empties the cart and opens the order', async () => {
    await fillCart()
    const bob = await addUser('bob')
    await putInCart(bob, mug.id, 1)
    const wrapper = await mountCheckout()

    await getButton(wrapper, 'Place order').trigger('click')

    await waitUntil(() => expect(currentRoute().name).toBe('order'))
    const orders = await db.orders.toArray()
    expect(orders).toHaveLength(1)
    const [order] = orders
    expect(order).toMatchObject({
      userId,
      status: 'placed',
      number: 1001,
      total: 5098,
      lines: [
        { productId: mug.id, sku: 'MUG-1', name: 'Blue Enamel Mug', unitPrice: 1299, quantity: 2, lineTotal: 2598 },
        { productId: teapot.id, sku: 'POT-1', name: 'Cast Iron Teapot', unitPrice: 2500, quantity: 1, lineTotal: 2500 },
      ],
    })
    expect(currentRoute().params.id).toBe(order?.id)
    expect(currentRoute().query.placed).toBe('1')

    expect(await db.cartItems.where('userId').equals(userId).count()).toBe(0)
    // Someone else's cart is not touched.
    expect(await db.cartItems.where('userId').equals(bob).toArray()).toEqual([expect.objectContaining({ productId: mug.id, quantity: 1 })])
    expect((await db.products.get(mug.id))?.stock).toBe(8)
    expect((await db.products.get(teapot.id))?.stock).toBe(3)
    expect(alerts(wrapper)).toEqual([])
  })

  it('sells the last units when the cart asks for exactly the stock', async () => {
    await putInCart(userId, teapot.id, 4)
    const wrapper = await mountCheckout('$100.00')

    await getButton(wrapper, 'Place order').trigger('click')

    await waitUntil(() => expect(currentRoute().name).toBe('order'))
    expect((await db.products.get(teapot.id))?.stock).toBe(0)
    expect(await db.orders.count()).toBe(1)
  })

  it.each([
    ['the first line', 'mug', 1, 'Only 1 of Blue Enamel Mug is available; you asked for 2.'],
    ['the first line, to nothing', 'mug', 0, 'Blue Enamel Mug is out of stock.'],
    ['the last line', 'teapot', 0, 'Cast Iron Teapot is out of stock.'],
  ] as const)(
    'refuses the whole order when stock of %s fell below the cart, naming the product, and changes nothing',
    async (_what, which, stock, message) => {
      await fillCart()
      const wrapper = await mountCheckout()
      await db.products.update((which === 'mug' ? mug : teapot).id, { stock })
      const before = await snapshotTables()

      await getButton(wrapper, 'Place order').trigger('click')

      await waitUntil(() => expect(alerts(wrapper)).toEqual([message]))
      expect(await snapshotTables()).toEqual(before)
      expect(before.orders).toEqual([])
      expect(before.cartItems).toHaveLength(2)
      expect(currentRoute().name).toBe('cart')
      expect(getButton(wrapper, 'Place order').attributes('disabled')).toBeUndefined()
    },
  )

  it('says how many are left when more than one remain', async () => {
    await putInCart(userId, mug.id, 5)
    const wrapper = await mountCheckout('$64.95')
    await db.products.update(mug.id, { stock: 3 })

    await getButton(wrapper, 'Place order').trigger('click')

    await waitUntil(() => expect(alerts(wrapper)).toEqual(['Only 3 of Blue Enamel Mug are available; you asked for 5.']))
    expect((await db.products.get(mug.id))?.stock).toBe(3)
    expect(await db.orders.count()).toBe(0)
  })

  it('places the order once the quantity is lowered after a refusal, and the message goes away', async () => {
    await fillCart()
    const wrapper = await mountCheckout()
    await db.products.update(mug.id, { stock: 1 })
    await getButton(wrapper, 'Place order').trigger('click')
    await waitUntil(() => expect(alerts(wrapper)).toHaveLength(1))

    await db.cartItems.update([userId, mug.id], { quantity: 1 })
    await waitUntil(() => expect(definitionOf(wrapper, 'Total')).toBe('$37.99'))
    await getButton(wrapper, 'Place order').trigger('click')

    await waitUntil(() => expect(currentRoute().name).toBe('order'))
    expect(alerts(wrapper)).toEqual([])
    expect((await db.products.get(mug.id))?.stock).toBe(0)
  })

  it('refuses an order for a product no longer sold, and changes nothing', async () => {
    await fillCart()
    await putInCart(userId, 999, 1, 3)
    const wrapper = await mountCheckout()
    const before = await snapshotTables()

    await getButton(wrapper, 'Place order').trigger('click')

    await waitUntil(() => expect(alerts(wrapper)).toEqual(['A product in your cart is no longer sold. Remove it and try again.']))
    expect(await snapshotTables()).toEqual(before)
    expect(currentRoute().name).toBe('cart')
  })

  it('refuses to order an empty cart', async () => {
    const wrapper = await mountCheckout('$0.00')
    // An empty cart reads $0.00 before the session is known too: wait until it is.
    const session = useSessionStore(app?.pinia)
    await waitUntil(() => expect(session.user?.id).toBe(userId))

    await getButton(wrapper, 'Place order').trigger('click')

    await waitUntil(() => expect(alerts(wrapper)).toEqual(['Your cart is empty.']))
    expect(await db.orders.count()).toBe(0)
    expect(currentRoute().name).toBe('cart')
  })
})
