import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import ProductForm from '../../src/components/inventory/ProductForm.vue'
import { shopCurrency } from '../../src/composables/useMoney'
import { emptyErrors } from '../../src/stores/errors'
import { getInputByLabel } from './helpers'

describe('ProductForm', () => {
  afterEach(() => {
    shopCurrency.value = 'USD'
  })

  it('labels the price in the shop’s currency as the owner set it', async () => {
    const wrapper = mount(ProductForm, {
      props: { categories: [], errors: emptyErrors(), busy: false, submitLabel: 'Save' },
      global: { plugins: [createPinia()] },
    })
    expect(getInputByLabel(wrapper, 'Price (USD)').exists()).toBe(true)
    shopCurrency.value = 'EUR'
    await nextTick()
    expect(getInputByLabel(wrapper, 'Price (EUR)').exists()).toBe(true)
  })
})
