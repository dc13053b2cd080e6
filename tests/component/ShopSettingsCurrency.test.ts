import { render, screen, within } from '@testing-library/vue'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import ShopSettingsForm from '../../src/components/app/ShopSettingsForm.vue'
import { addUserAndLogIn, clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'

let app: TestApp | undefined
beforeEach(async () => {
  await clearDb()
  await addUserAndLogIn('olive', 'owner')
  app = await createTestApp('/settings')
})
afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

describe('choosing the currency', () => {
  it('is a list of ISO 4217 codes with their names, and warns that prices are not converted', async () => {
    render(ShopSettingsForm, { global: { plugins: [app!.pinia, app!.router] } })
    const currency = screen.getByRole('combobox', { name: 'Currency' })
    expect(currency).toHaveAccessibleDescription('Prices are not converted: a price of 12.99 stays 12.99 in the new currency.')
    expect(currency).toHaveValue('USD')
    const options = within(currency).getAllByRole('option')
    expect(options.length).toBeGreaterThan(100)
    expect(within(currency).getByRole('option', { name: 'EUR — Euro' })).toBeInTheDocument()
    expect(within(currency).getByRole('option', { name: 'JPY — Japanese Yen' })).toBeInTheDocument()
    expect(new Set(options.map((o) => (o as HTMLOptionElement).value)).size).toBe(options.length)
  })
})
