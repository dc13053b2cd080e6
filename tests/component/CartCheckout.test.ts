import { render, screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import CartCheckout from '../../src/components/cart/CartCheckout.vue'
import { db } from '../../src/db/database'
import type { Product } from '../../src/domain/product'
import { saveSettings } from '../../src/services/settings'
import { addProduct, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, putInCart, snapshotTables, type TestApp } from './fixtures'
import { alertTexts, definitionOf } from './queries'
import type { Id } from '../../src/domain/id'

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

/** Mounts the summary and waits for its total. */
async function mountSummary(expectedTotal = '$50.98') {
  app = await createTestApp('/cart')
  render(CartCheckout, { global: { plugins: [app.pinia, app.router] } })
  await waitFor(() => expect(definitionOf('Total')).toBe(expectedTotal))
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

function checkoutLinks() {
  return screen.queryAllByRole('link', { name: 'Go to checkout' })
}

describe('CartCheckout', () => {
  it('shows the subtotal, no tax at the default 0 % rate, and the total', async () => {
    await fillCart()
    await mountSummary('$50.98')
    expect(definitionOf('Subtotal')).toBe('$50.98')
    expect(definitionOf('Tax (0%)')).toBe('$0.00')
    expect(alertTexts()).toEqual([])
  })

  it("adds the owner's tax rate, rounded half-up once on the subtotal", async () => {
    await setTaxRate('8.25')
    await fillCart()
    // 5098 × 8.25 % = 420.585 cents → 421.
    await mountSummary('$55.19')
    expect(definitionOf('Subtotal')).toBe('$50.98')
    expect(definitionOf('Tax (8.25%)')).toBe('$4.21')
  })

  it('follows a change to the tax rate live', async () => {
    await fillCart()
    await mountSummary('$50.98')

    await setTaxRate('10')

    await waitFor(() => expect(definitionOf('Total')).toBe('$56.08'))
    expect(definitionOf('Tax (10%)')).toBe('$5.10')
  })

  it('leads on to the checkout page, and places no order itself', async () => {
    await fillCart()
    await mountSummary()
    const before = await snapshotTables()

    const link = screen.getByRole('link', { name: 'Go to checkout' })
    expect(link).toHaveAttribute('href', '/checkout')
    expect(screen.queryByRole('button', { name: 'Place order' })).not.toBeInTheDocument()

    await userEvent.click(link)
    await waitFor(() => expect(app?.router.currentRoute.value.name).toBe('checkout'))
    expect(await snapshotTables()).toEqual(before)
  })

  it.each([
    ['the mug', 'mug', 1, ['Blue Enamel Mug']],
    ['the teapot, to nothing', 'teapot', 0, ['Cast Iron Teapot']],
  ] as const)('names a line that is short since %s fell below the cart, instead of the checkout link', async (_what, which, stock, named) => {
    await fillCart()
    await mountSummary()
    expect(checkoutLinks()).toHaveLength(1)

    await db.products.update((which === 'mug' ? mug : teapot).id, { stock })

    await waitFor(() => expect(alertTexts()).toHaveLength(1))
    const [alert] = alertTexts()
    for (const name of named) expect(alert).toContain(name)
    const other = which === 'mug' ? 'Cast Iron Teapot' : 'Blue Enamel Mug'
    expect(alert).not.toContain(other)
    expect(alert).toContain('Lower the quantity to what is left to check out.')
    expect(checkoutLinks()).toHaveLength(0)
  })

  it('names every short line', async () => {
    await fillCart()
    await mountSummary()

    await db.products.update(mug.id, { stock: 1 })
    await db.products.update(teapot.id, { stock: 0 })

    await waitFor(() =>
      expect(alertTexts()).toEqual([
        'Stock changed since you added Blue Enamel Mug, Cast Iron Teapot. Lower the quantity to what is left to check out.',
      ]),
    )
  })

  it('offers the checkout again once the short line is lowered to what is left', async () => {
    await fillCart()
    await mountSummary()
    await db.products.update(mug.id, { stock: 1 })
    await waitFor(() => expect(alertTexts()).toHaveLength(1))

    await db.cartItems.update([userId, mug.id], { quantity: 1 })

    await waitFor(() => expect(alertTexts()).toEqual([]))
    expect(definitionOf('Total')).toBe('$37.99')
    expect(screen.getByRole('link', { name: 'Go to checkout' })).toHaveTextContent(/^Go to checkout$/)
  })

  it('does not count a line holding exactly the stock as short', async () => {
    await putInCart(userId, teapot.id, 4)
    await mountSummary('$100.00')
    expect(alertTexts()).toEqual([])
    expect(screen.getByRole('link', { name: 'Go to checkout' })).toBeInTheDocument()
  })
})
