import { render, screen } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { db } from '../../src/db/database'
import CatalogView from '../../src/views/CatalogView.vue'
import { addProduct, clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'

let app: TestApp | undefined
beforeEach(clearDb)
afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

async function addMany(count: number, category: string): Promise<void> {
  await db.products.bulkAdd(
    Array.from({ length: count }, (_, i) => ({
      sku: `MANY-${category}-${i}`,
      name: `Thing ${String(i).padStart(4, '0')}`,
      category,
      description: '',
      price: 100,
      stock: 1,
      lowStockThreshold: 0,
      archived: false,
      createdAt: 0,
      updatedAt: 0,
    })),
  )
}

describe('the catalog\'s count', () => {
  it('says exactly how many products there are, formatted, though only the first pages are read', async () => {
    await addMany(1_200, 'Kitchen')
    await addMany(34, 'Garden')
    app = await createTestApp('/')
    render(CatalogView, { global: { plugins: [app.pinia, app.router] } })
    expect(await screen.findByText('1,234 products', {}, { timeout: 5_000 })).toBeInTheDocument()
    // Counted, not listed: the list holds only what was read of the first pages.
    expect(screen.getAllByRole('listitem').length).toBeLessThan(200)
  })

  it('counts the matches of a filter and of a search, the category\'s name included, and follows them', async () => {
    await addMany(60, 'Kitchen')
    await addProduct({ name: 'Garden Hose', category: 'Garden' })
    await addProduct({ name: 'Watering Can', category: 'Garden', stock: 0 })
    app = await createTestApp('/?category=Kitchen')
    render(CatalogView, { global: { plugins: [app.pinia, app.router] } })
    expect(await screen.findByText('60 matches')).toBeInTheDocument()

    await app.router.replace('/?q=garden')
    expect(await screen.findByText('2 matches')).toBeInTheDocument()
    await userEvent.click(screen.getByLabelText('In stock only'))
    expect(await screen.findByText('1 match')).toBeInTheDocument()

    // A new product in the shop changes the count at once.
    await addProduct({ name: 'Garden Gloves', category: 'Garden' })
    expect(await screen.findByText('2 matches')).toBeInTheDocument()
  })
})
