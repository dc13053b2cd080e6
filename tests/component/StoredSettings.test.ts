/**
 * Stored settings that are not valid never break the shop: a currency "EURO" in the database
 * (written by an older build, a bad restore, a test) used to blank the product pages and make
 * saving a new currency fail. Now the shop shows prices in the default currency, the owner is
 * told where to fix it, and the form saves a valid value.
 */
import { render, screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import AppNotices from '../../src/components/app/AppNotices.vue'
import ShopSettingsForm from '../../src/components/app/ShopSettingsForm.vue'
import ProductCard from '../../src/components/product/ProductCard.vue'
import { db } from '../../src/db/database'
import { SETTINGS_KEY } from '../../src/services/reads/settings'
import { useSessionStore } from '../../src/stores/session'
import { useSettingsStore } from '../../src/stores/settings'
import { addProduct, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'

let app: TestApp | undefined

beforeEach(async () => {
  await clearDb()
  await db.meta.put({ key: SETTINGS_KEY, value: { shopName: 'Corner Shop', currency: 'EURO', taxRate: 0 } })
})
afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

describe('stored settings that are not valid', () => {
  it('a product still shows its price, in the default currency', async () => {
    const mug = await addProduct({ name: 'Blue Enamel Mug', price: 1299 })
    app = await createTestApp('/')
    render(ProductCard, { props: { product: mug }, global: { plugins: [app.pinia, app.router] } })
    expect(await screen.findByText('$12.99')).toBeInTheDocument()
  })

  it('the owner is told on every page, with the way to Settings; a customer is not', async () => {
    await addUserAndLogIn('olive', 'owner')
    app = await createTestApp('/')
    render(AppNotices, { global: { plugins: [app.pinia, app.router] } })
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent("Some of the shop's stored settings were not valid, so their defaults are used.")
    expect(screen.getByRole('link', { name: 'Check them in Settings' })).toHaveAttribute('href', '/settings')
  })

  it('nobody but the owner sees the notice', async () => {
    await addUserAndLogIn('carol', 'customer')
    app = await createTestApp('/')
    render(AppNotices, { global: { plugins: [app.pinia, app.router] } })
    // Once the person and the settings' problem are known, the notice is still absent.
    await waitFor(() => expect(useSessionStore().user?.username).toBe('carol'))
    await waitFor(() => expect(useSettingsStore().problems).toHaveLength(1))
    expect(screen.queryByRole('link', { name: 'Check them in Settings' })).not.toBeInTheDocument()
  })

  it('the settings form names what was wrong and saves a valid currency', async () => {
    await addProduct({ name: 'Blue Enamel Mug', price: 1299 })
    await addUserAndLogIn('olive', 'owner')
    app = await createTestApp('/settings')
    render(ShopSettingsForm, { global: { plugins: [app.pinia, app.router] } })
    expect(await screen.findByRole('alert')).toHaveTextContent('The stored currency "EURO" is not an ISO 4217 code; prices are shown in USD until you save a valid one.')
    const currency = screen.getByRole('combobox', { name: 'Currency' })
    await waitFor(() => expect(currency).toHaveValue('USD'))
    await userEvent.selectOptions(currency, 'EUR')
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }))
    expect(await screen.findByText('Settings saved.')).toBeInTheDocument()
    expect((await db.meta.get(SETTINGS_KEY))?.value).toEqual({ shopName: 'Corner Shop', currency: 'EUR', taxRate: 0 })
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument())
  })
})
