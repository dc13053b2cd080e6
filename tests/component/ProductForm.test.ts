import { render, screen, waitFor } from '@testing-library/vue'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import ProductForm from '../../src/components/inventory/ProductForm.vue'
import { db } from '../../src/db/database'
import { DEFAULT_SETTINGS } from '../../src/domain/settings'
import { SETTINGS_KEY } from '../../src/services/reads/settings'
import { emptyErrors } from '../../src/stores/errors'
import { clearDb } from './fixtures'

describe('ProductForm', () => {
  afterEach(clearDb)

  it('labels the price in the shop’s currency as the owner set it', async () => {
    render(ProductForm, {
      props: { categories: [], errors: emptyErrors(), busy: false, submitLabel: 'Save' },
      global: { plugins: [createPinia()] },
    })
    expect(screen.getByRole('textbox', { name: 'Price (USD)' })).toBeInTheDocument()
    await db.meta.put({ key: SETTINGS_KEY, value: { ...DEFAULT_SETTINGS, currency: 'EUR' } })
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Price (EUR)' })).toBeInTheDocument())
    expect(screen.queryByRole('textbox', { name: 'Price (USD)' })).not.toBeInTheDocument()
  })
})
