import { render, screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import ProductCard from '../../src/components/product/ProductCard.vue'
import ProductStock from '../../src/components/product/ProductStock.vue'
import type { Product } from '../../src/domain/product'
import { db } from '../../src/db/database'
import { GUEST_ID } from '../../src/domain/cart'
import { useAppStore } from '../../src/stores/app'
import { addProduct, clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'
import { textOf } from './queries'

function product(overrides: Partial<Product> = {}): Product {
  return {
    id: '-P7ksRwOhw6m7',
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
  return render(ProductCard, { props: { product: p }, global: { plugins: [app.pinia, app.router] } })
}

describe('ProductCard', () => {
  it('shows the name as a link to the product page, the category and the price', async () => {
    const { container } = await mountCard(product())

    expect(screen.getByRole('link', { name: 'Blue Enamel Mug' })).toHaveAttribute('href', '/products/-P7ksRwOhw6m7')
    expect(container).toHaveTextContent('Kitchen')
    expect(container).toHaveTextContent('$12.99')
  })

  it('links to the id of the product it shows', async () => {
    await mountCard(product({ id: '-P7ksRwOhw6m_', name: 'Teapot' }))
    expect(screen.getByRole('link', { name: 'Teapot' })).toHaveAttribute('href', '/products/-P7ksRwOhw6m_')
  })

  it('opens the product page when the name is clicked', async () => {
    await mountCard(product())
    await userEvent.click(screen.getByRole('link', { name: 'Blue Enamel Mug' }))
    // The product page is loaded lazily, so the navigation finishes a little later.
    await waitFor(() => expect(app?.router.currentRoute.value.name).toBe('product'))
    expect(app?.router.currentRoute.value.params).toEqual({ id: '-P7ksRwOhw6m7' })
  })

  it.each([
    [1299, '$12.99'],
    [0, '$0.00'],
    [5, '$0.05'],
    [100, '$1.00'],
    [123456789, '$1,234,567.89'],
  ])('formats a price of %i cents as %s', async (price, text) => {
    const { container } = await mountCard(product({ price }))
    expect(container).toHaveTextContent(text)
  })

  it.each([
    [20, 'In stock'],
    [3, 'Only 3 left'],
    [0, 'Out of stock'],
  ])('with a stock of %i says "%s"', async (stock, text) => {
    const { container } = await mountCard(product({ stock }))
    expect(container).toHaveTextContent(text)
    for (const other of ['In stock', 'left', 'Out of stock'].filter((t) => !text.includes(t))) {
      expect(container).not.toHaveTextContent(other)
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
    const { container } = render(ProductStock, { props: { stock } })
    expect(textOf(container)).toBe(text)
  })

  it('follows a change of stock', async () => {
    const { container, rerender } = render(ProductStock, { props: { stock: 6 } })
    expect(textOf(container)).toBe('In stock')
    await rerender({ stock: 5 })
    expect(textOf(container)).toBe('Only 5 left')
    await rerender({ stock: 0 })
    expect(textOf(container)).toBe('Out of stock')
  })
})

describe('ProductCard, adding from the list', () => {
  it('"Add" puts one in the cart and says so above the page', async () => {
    await clearDb()
    const mug = await addProduct({ name: 'Blue Enamel Mug', stock: 1 })
    await mountCard(mug)
    await userEvent.click(screen.getByRole('button', { name: 'Add Blue Enamel Mug to cart' }))
    await waitFor(async () => expect((await db.cartItems.get([GUEST_ID, mug.id]))?.quantity).toBe(1))
    expect(useAppStore().notice).toBe('Added 1 × Blue Enamel Mug to your cart.')
    // The last one is in the cart already: a second Add is refused, and says why.
    await userEvent.click(screen.getByRole('button', { name: 'Add Blue Enamel Mug to cart' }))
    await waitFor(() => expect(useAppStore().notice).toMatch(/already have 1 Blue Enamel Mug in your cart/))
    expect((await db.cartItems.get([GUEST_ID, mug.id]))?.quantity).toBe(1)
  })

  it('offers no Add for a product out of stock', async () => {
    await mountCard(product({ stock: 0 }))
    expect(screen.queryByRole('button', { name: /^Add / })).not.toBeInTheDocument()
  })
})
