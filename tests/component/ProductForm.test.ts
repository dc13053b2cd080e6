import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import ProductForm from '../../src/components/inventory/ProductForm.vue'
import { db } from '../../src/db/database'
import { DEFAULT_SETTINGS } from '../../src/domain/settings'
import { SETTINGS_KEY } from '../../src/services/reads/settings'
import { emptyErrors } from '../../src/stores/errors'
import { clearDb, getInputByLabel, waitUntil } from './helpers'

describe('ProductForm', () => {
  afterEach(clearDb)

  it('labels the price in the shop’s currency as the owner set it', async () => {
    const wrapper = mount(ProductForm, {
      props: { categories: [], errors: emptyErrors(), busy: false, submitLabel: 'Save' },
      global: { plugins: [createPinia()] },
    })
    expect(getInputByLabel(wrapper, 'Price (USD)').exists()).toBe(true)
    await db.meta.put({ key: SETTINGS_KEY, value: { ...DEFAULT_SETTINGS, currency: 'EUR' } })
    await waitUntil(() => expect(getInputByLabel(wrapper, 'Price (EUR)').exists()).toBe(true))
  })
})
