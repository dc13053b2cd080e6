import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import ProductCard from '../../src/components/product/ProductCard.vue'
import ProductStock from '../../src/components/product/ProductStock.vue'
import type { Product } from '../../src/domain/product'
import { createTestApp, disposeTestApp, getLink, normalise, waitUntil, type TestApp } from './helpers'

function product(overrides: Partial<Product> = {}): Product {
  return {
    id: 7,
    sku: 'MUG-001',
    name: 'Blue Enamel Mug',
    category: 'Kitchen',
    description: 'Holds coffee.',
    price: 1299,
    stock: 20,
    lowStockThreshold: 5,
    archived: false,
    updatedAt: 0,
    createdAt: 0,
    ...overrides,
  }
}

let app: TestApp | undefined

afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

async function mountCard(p: Product) {
  app = await createTestApp('/')
  return mount(ProductCard, { props: { product: p }, global: { plugins: [app.pinia, app.router] } })
}

describe('ProductCard', () => {
  it('shows the name as a link to the product page, the category and the price', async () => {
    const wrapper = await mountCard(product())

    const link = getLink(wrapper, 'Blue Enamel Mug')
    expect(link.attributes('href')).toBe('/products/7')
    expect(wrapper.text()).toContain('Kitchen')
    expect(wrapper.text()).toContain('$12.99')
  })

  it('links to the id of the product it shows', async () => {
    const wrapper = await mountCard(product({ id: 42, name: 'Teapot' }))
    expect(getLink(wrapper, 'Teapot').attributes('href')).toBe('/products/42')
  })

  it('opens the product page when the name is clicked', async () => {
    const wrapper = await mountCard(product())
    await getLink(wrapper, 'Blue Enamel Mug').trigger('click')
    // The product page is loaded lazily, so the navigation finishes a little later.
    await waitUntil(() => expect(app?.router.currentRoute.value.name).toBe('product'))
    expect(app?.router.currentRoute.value.params).toEqual({ id: '7' })
  })

  it.each([
    [1299, '$12.99'],
    [0, '$0.00'],
    [5, '$0.05'],
    [100, '$1.00'],
    [123456789, '$1,234,567.89'],
  ])('formats a price of %i cents as %s', async (price, text) => {
    const wrapper = await mountCard(product({ price }))
    expect(wrapper.text()).toContain(text)
  })

  it.each([
    [20, 'In stock'],
    [3, 'Only 3 left'],
    [0, 'Out of stock'],
  ])('with a stock of %i says "%s"', async (stock, text) => {
    const wrapper = await mountCard(product({ stock }))
    expect(wrapper.text()).toContain(text)
    for (const other of ['In stock', 'left', 'Out of stock'].filter((t) => !text.includes(t))) {
      expect(wrapper.text()).not.toContain(other)
    }
  })
})

describe('ProductStock', () => {
  it.each([
    [-1, 'Out of stock'],
    [0, 'Out of stock'],
    [1, 'Only 1 left'],
    [3, 'Only 3 left'],
    [5, 'Only 5 left'],
    [6, 'In stock'],
    [20, 'In stock'],
    [1_000_000, 'In stock'],
  ])('stock %i reads "%s"', (stock, text) => {
    const wrapper = mount(ProductStock, { props: { stock } })
    expect(normalise(wrapper.text())).toBe(text)
  })

  it('follows a change of stock', async () => {
    const wrapper = mount(ProductStock, { props: { stock: 6 } })
    expect(normalise(wrapper.text())).toBe('In stock')
    await wrapper.setProps({ stock: 5 })
    expect(normalise(wrapper.text())).toBe('Only 5 left')
    await wrapper.setProps({ stock: 0 })
    expect(normalise(wrapper.text())).toBe('Out of stock')
  })
})
