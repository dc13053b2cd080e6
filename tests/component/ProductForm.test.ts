import { render, screen } from '@testing-library/vue'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import ProductForm from '../../src/components/inventory/ProductForm.vue'
import { shopCurrency } from '../../src/composables/useMoney'
import { emptyErrors } from '../../src/stores/errors'

describe('ProductForm', () => {
  afterEach(() => {
    shopCurrency.value = 'USD'
  })

  it('labels the price in the shop’s currency as the owner set it', async () => {
    render(ProductForm, {
      props: { categories: [], errors: emptyErrors(), busy: false, submitLabel: 'Save' },
      global: { plugins: [createPinia()] },
    })
    expect(screen.getByRole('textbox', { name: 'Price (USD)' })).toBeInTheDocument()
    shopCurrency.value = 'EUR'
    await nextTick()
    expect(screen.getByRole('textbox', { name: 'Price (EUR)' })).toBeInTheDocument()
    expect(screen.queryByRole('textbox', { name: 'Price (USD)' })).not.toBeInTheDocument()
  })
})
