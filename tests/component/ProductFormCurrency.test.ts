/**
 * The product form follows the shop's currency and its decimals: a shop switched to yen
 * (no decimals) or Kuwaiti dinar (three) before it had products takes prices in that
 * currency's minor units, not in cents. Until the digits came from the settings, "1500"
 * typed in a yen shop was stored as 150000.
 */
import '@testing-library/jest-dom/vitest'
import { cleanup, render, screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import ProductForm from '../../src/components/inventory/ProductForm.vue'
import ProductCard from '../../src/components/product/ProductCard.vue'
import { db } from '../../src/db/database'
import { DEFAULT_SETTINGS } from '../../src/domain/settings'
import { SETTINGS_KEY } from '../../src/services/reads/settings'
import { emptyErrors } from '../../src/stores/errors'
import ProductEditView from '../../src/views/inventory/ProductEditView.vue'
import { addProduct, addUser, clearDb, createTestApp, disposeTestApp, logIn, type TestApp } from './fixtures'

let app: TestApp | undefined

beforeEach(clearDb)
afterEach(() => {
  cleanup()
  disposeTestApp(app)
  app = undefined
})

/** The shop's currency as the owner saved it on the settings page. */
async function shopIn(currency: string) {
  await db.meta.put({ key: SETTINGS_KEY, value: { ...DEFAULT_SETTINGS, currency } })
}

async function ownerLoggedIn() {
  const id = await addUser('olivia')
  await db.users.update(id, { role: 'owner' })
  await logIn(id)
}

/** The "New product" page as the owner sees it. */
async function renderNewProduct() {
  app = await createTestApp('/')
  render(ProductEditView, { global: { plugins: [app.pinia, app.router] } })
}

async function addProductTyping(price: string) {
  const user = userEvent.setup()
  await user.type(screen.getByLabelText('Name'), 'Tea Bowl')
  await user.type(screen.getByLabelText('SKU'), 'BOWL-1')
  await user.type(screen.getByLabelText('Category'), 'Kitchen')
  const field = screen.getByLabelText(/^Price \(/)
  await user.clear(field)
  await user.type(field, price)
  await user.click(screen.getByRole('button', { name: 'Add product' }))
}

describe('the product form in a shop priced in yen (no decimals)', () => {
  it('labels the price JPY, asks for a whole amount, and stores "1500" as 1500 minor units', async () => {
    await shopIn('JPY')
    await ownerLoggedIn()
    await renderNewProduct()
    const price = await screen.findByLabelText('Price (JPY)')
    expect(price).toHaveAccessibleDescription('A whole amount, like 1500.')
    expect(price).toHaveAttribute('inputmode', 'numeric')
    await addProductTyping('1500')
    await waitFor(async () => expect(await db.products.toArray()).toMatchObject([{ sku: 'BOWL-1', price: 1500 }]))
  })

  it('refuses "15.50", saying yen has no decimals, next to the field, and stores nothing', async () => {
    await shopIn('JPY')
    await ownerLoggedIn()
    await renderNewProduct()
    await screen.findByLabelText('Price (JPY)')
    await addProductTyping('15.50')
    const price = screen.getByLabelText('Price (JPY)')
    await waitFor(() => expect(price).toHaveAccessibleDescription(expect.stringContaining('Price must be a whole amount: this currency has no decimals.')))
    expect(await db.products.count()).toBe(0)
  })

  it('shows a stored price of 1500 as "1500" for editing, and as ¥1,500 on its card', async () => {
    await shopIn('JPY')
    const product = await addProduct({ price: 1500 })
    app = await createTestApp('/')
    // Mounted before the settings have been read: the field follows once they are.
    render(ProductForm, {
      props: { product, categories: [], errors: emptyErrors(), busy: false, submitLabel: 'Save' },
      global: { plugins: [app.pinia, app.router] },
    })
    await waitFor(() => expect(screen.getByLabelText('Price (JPY)')).toHaveValue('1500'))
    render(ProductCard, { props: { product }, global: { plugins: [app.pinia, app.router] } })
    await waitFor(() => expect(screen.getByText('¥1,500')).toBeInTheDocument())
  })
})

describe('the product form in a shop priced in Kuwaiti dinar (three decimals)', () => {
  it('labels the price KWD and stores "1.234" as 1234 minor units', async () => {
    await shopIn('KWD')
    await ownerLoggedIn()
    await renderNewProduct()
    const price = await screen.findByLabelText('Price (KWD)')
    expect(price).toHaveAccessibleDescription('Like 12.999.')
    expect(price).toHaveAttribute('inputmode', 'decimal')
    await addProductTyping('1.234')
    await waitFor(async () => expect(await db.products.toArray()).toMatchObject([{ sku: 'BOWL-1', price: 1234 }]))
  })
})
