import { enableAutoUnmount, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { db } from '../../src/db/database'
import ProductView from '../../src/views/ProductView.vue'
import {
  addProduct,
  addUserAndLogIn,
  clearDb,
  createTestApp,
  disposeTestApp,
  getButton,
  normalise,
  queryButton,
  waitUntil,
  type TestApp,
} from './helpers'

let app: TestApp | undefined

enableAutoUnmount(afterEach)

beforeEach(async () => {
  await clearDb()
  await addUserAndLogIn('alice')
})

afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

async function mountProductPage(id: number) {
  app = await createTestApp(`/products/${id}`)
  return mount(ProductView, { props: { id }, attachTo: document.body, global: { plugins: [app.pinia, app.router] } })
}

describe('ProductView', () => {
  it('shows the product with its price, stock and purchase form', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', category: 'Lighting', price: 4550, stock: 4, sku: 'LAMP-9' })
    const wrapper = await mountProductPage(lamp.id)

    await waitUntil(() => expect(wrapper.find('h1').text()).toBe('Desk Lamp'))
    const text = normalise(wrapper.text())
    expect(text).toContain('Lighting')
    expect(text).toContain('$45.50')
    expect(text).toContain('Only 4 left')
    expect(text).toContain('SKU: LAMP-9')
    await waitUntil(() => getButton(wrapper, 'Add to cart'))
  })

  it('follows a stock change made elsewhere: the button turns to "Out of stock"', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 2 })
    const wrapper = await mountProductPage(lamp.id)
    await waitUntil(() => getButton(wrapper, 'Add to cart'))

    await db.products.update(lamp.id, { stock: 0 })

    await waitUntil(() => expect(getButton(wrapper, 'Out of stock').element.disabled).toBe(true))
    expect(queryButton(wrapper, 'Add to cart')).toBeUndefined()
  })

  it('says so when there is no product with that id', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp' })
    const wrapper = await mountProductPage(lamp.id + 100)

    await waitUntil(() => expect(wrapper.find('h1').text()).toBe('Product not found'))
    expect(wrapper.text()).not.toContain('Desk Lamp')
  })
})
