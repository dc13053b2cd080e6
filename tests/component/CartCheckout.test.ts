import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import CartCheckout from '../../src/components/cart/CartCheckout.vue'
import { db } from '../../src/db/database'
import type { Product } from '../../src/domain/product'
import { saveSettings } from '../../src/services/settings'
import {
  addProduct,
  addUserAndLogIn,
  alerts,
  clearDb,
  createTestApp,
  definitionOf,
  disposeTestApp,
  findAllByName,
  getLink,
  normalise,
  putInCart,
  queryButton,
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

/** Mounts the summary and waits for its total. */
async function mountSummary(expectedTotal = '$50.98') {
  app = await createTestApp('/cart')
  const wrapper = mount(CartCheckout, { global: { plugins: [app.pinia, app.router] } })
  await waitUntil(() => expect(definitionOf(wrapper, 'Total')).toBe(expectedTotal))
  return wrapper
}

/** A cart of mug ×2 ($25.98) and teapot ×1 ($25.00). */
async function fillCart() {
  await putInCart(userId, mug.id, 2, 1)
  await putInCart(userId, teapot.id, 1, 2)
}

/** The owner sets the shop's tax rate, as on the settings page. */
async function setTaxRate(rate: string) {
  const owner = await db.users.add({
    username: 'owner',
    usernameKey: 'owner',
    role: 'owner',
    passwordHash: 'AAAA',
    failedLogins: 0,
    lockedUntil: 0,
    salt: 'AAAA',
    iterations: 1,
    createdAt: 0,
  })
  await saveSettings(db, owner, { shopName: 'Offline Shop', currency: 'USD', taxRate: rate })
}

function checkoutLinks(wrapper: Parameters<typeof findAllByName>[0]) {
  return findAllByName(wrapper, 'a', 'Go to checkout')
}

describe('CartCheckout', () => {
  it('shows the subtotal, no tax at the default 0 % rate, and the total', async () => {
    await fillCart()
    const wrapper = await mountSummary('$50.98')
    expect(definitionOf(wrapper, 'Subtotal')).toBe('$50.98')
    expect(definitionOf(wrapper, 'Tax (0%)')).toBe('$0.00')
    expect(alerts(wrapper)).toEqual([])
  })

  it("adds the owner's tax rate, rounded half-up once on the subtotal", async () => {
    await setTaxRate('8.25')
    await fillCart()
    // 5098 × 8.25 % = 420.585 cents → 421.
    const wrapper = await mountSummary('$55.19')
    expect(definitionOf(wrapper, 'Subtotal')).toBe('$50.98')
    expect(definitionOf(wrapper, 'Tax (8.25%)')).toBe('$4.21')
  })

  it('follows a change to the tax rate live', async () => {
    await fillCart()
    const wrapper = await mountSummary('$50.98')

    await setTaxRate('10')

    await waitUntil(() => expect(definitionOf(wrapper, 'Total')).toBe('$56.08'))
    expect(definitionOf(wrapper, 'Tax (10%)')).toBe('$5.10')
  })

  it('leads on to the checkout page, and places no order itself', async () => {
    await fillCart()
    const wrapper = await mountSummary()
    const before = await snapshotTables()

    const link = getLink(wrapper, 'Go to checkout')
    expect(link.attributes('href')).toBe('/checkout')
    expect(queryButton(wrapper, 'Place order')).toBeUndefined()

    await link.trigger('click')
    await waitUntil(() => expect(app?.router.currentRoute.value.name).toBe('checkout'))
    expect(await snapshotTables()).toEqual(before)
  })

  it.each([
    ['the mug', 'mug', 1, ['Blue Enamel Mug']],
    ['the teapot, to nothing', 'teapot', 0, ['Cast Iron Teapot']],
  ] as const)('names a line that is short since %s fell below the cart, instead of the checkout link', async (_what, which, stock, named) => {
    await fillCart()
    const wrapper = await mountSummary()
    expect(checkoutLinks(wrapper)).toHaveLength(1)

    await db.products.update((which === 'mug' ? mug : teapot).id, { stock })

    await waitUntil(() => expect(alerts(wrapper)).toHaveLength(1))
    const [alert] = alerts(wrapper)
    for (const name of named) expect(alert).toContain(name)
    const other = which === 'mug' ? 'Cast Iron Teapot' : 'Blue Enamel Mug'
    expect(alert).not.toContain(other)
    expect(alert).toContain('Lower the quantity to what is left to check out.')
    expect(checkoutLinks(wrapper)).toHaveLength(0)
  })

  it('names every short line', async () => {
    await fillCart()
    const wrapper = await mountSummary()

    await db.products.update(mug.id, { stock: 1 })
    await db.products.update(teapot.id, { stock: 0 })

    await waitUntil(() =>
      expect(alerts(wrapper)).toEqual([
        'Stock changed since you added Blue Enamel Mug, Cast Iron Teapot. Lower the quantity to what is left to check out.',
      ]),
    )
  })

  it('offers the checkout again once the short line is lowered to what is left', async () => {
    await fillCart()
    const wrapper = await mountSummary()
    await db.products.update(mug.id, { stock: 1 })
    await waitUntil(() => expect(alerts(wrapper)).toHaveLength(1))

    await db.cartItems.update([userId, mug.id], { quantity: 1 })

    await waitUntil(() => expect(alerts(wrapper)).toEqual([]))
    expect(definitionOf(wrapper, 'Total')).toBe('$37.99')
    expect(normalise(getLink(wrapper, 'Go to checkout').text())).toBe('Go to checkout')
  })

  it('does not count a line holding exactly the stock as short', async () => {
    await putInCart(userId, teapot.id, 4)
    const wrapper = await mountSummary('$100.00')
    expect(alerts(wrapper)).toEqual([])
    getLink(wrapper, 'Go to checkout')
  })
})
