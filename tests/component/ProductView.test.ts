import type { Id } from '../../src/domain/id'
import { render, screen, waitFor } from '@testing-library/vue'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { db } from '../../src/db/database'
import ProductView from '../../src/views/ProductView.vue'
import { addProduct, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'

let app: TestApp | undefined

beforeEach(async () => {
  await clearDb()
  await addUserAndLogIn('alice')
})

afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

async function mountProductPage(id: Id) {
  app = await createTestApp(`/products/${id}`)
  render(ProductView, { props: { id }, global: { plugins: [app.pinia, app.router] } })
}

describe('ProductView', () => {
  it('shows the product with its price, stock and purchase form', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', category: 'Lighting', price: 4550, stock: 4, sku: 'LAMP-9' })
    await mountProductPage(lamp.id)

    expect(await screen.findByRole('heading', { level: 1, name: 'Desk Lamp' })).toBeInTheDocument()
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1)
    expect(document.body).toHaveTextContent('Lighting')
    expect(document.body).toHaveTextContent('$45.50')
    expect(document.body).toHaveTextContent('Only 4 left')
    expect(document.body).toHaveTextContent('SKU: LAMP-9')
    expect(await screen.findByRole('button', { name: 'Add to cart' })).toBeInTheDocument()
  })

  it('follows a stock change made elsewhere: the button turns to "Out of stock"', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp', stock: 2 })
    await mountProductPage(lamp.id)
    await screen.findByRole('button', { name: 'Add to cart' })

    await db.products.update(lamp.id, { stock: 0 })

    await waitFor(() => expect(screen.getByRole('button', { name: 'Out of stock' })).toBeDisabled())
    expect(screen.queryByRole('button', { name: 'Add to cart' })).not.toBeInTheDocument()
  })

  it('says so when there is no product with that id', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp' })
    await mountProductPage(lamp.id + 100)

    expect(await screen.findByRole('heading', { level: 1, name: 'Product not found' })).toBeInTheDocument()
    expect(document.body).not.toHaveTextContent('Desk Lamp')
  })

  it('on a first visit waits for the demo catalog being written rather than saying "not found"', async () => {
    app = await createTestApp('/products/P7lNMXryzkC-8')
    const { useCatalogStore } = await import('../../src/stores/catalog')
    const catalog = useCatalogStore(app.pinia)
    catalog.seeding = true
    render(ProductView, { props: { id: 'P7lNMXryzkC-8' }, global: { plugins: [app.pinia, app.router] } })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(screen.getByRole('status')).toHaveTextContent('Loading…')
    expect(screen.queryByRole('heading', { name: 'Product not found' })).not.toBeInTheDocument()
    catalog.seeding = false
    expect(await screen.findByRole('heading', { level: 1, name: 'Product not found' })).toBeInTheDocument()
  })
})
