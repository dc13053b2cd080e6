import { render, screen } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import BaseProgress from '../../src/components/base/BaseProgress.vue'
import CatalogView from '../../src/views/CatalogView.vue'
import { addProduct, clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'

let app: TestApp | undefined
beforeEach(clearDb)
afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

describe('the catalog when nothing matches', () => {
  it('offers "Clear filters", which brings the whole catalog back', async () => {
    await addProduct({ name: 'Blue Enamel Mug' })
    app = await createTestApp('/?q=teapot&instock=1')
    render(CatalogView, { global: { plugins: [app.pinia, app.router] } })
    expect(await screen.findByText(/^No products match/)).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }))
    expect(await screen.findByText('Blue Enamel Mug')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument()
    expect(screen.getByRole('searchbox', { name: /search/i })).toHaveValue('')
  })
})

describe('long work', () => {
  it('shows a real progress bar, named by its "N of M"', () => {
    render(BaseProgress, { props: { label: 'Saving products:', done: 1500, total: 20000 } })
    const bar = screen.getByRole('progressbar', { name: 'Saving products: 1,500 of 20,000…' })
    expect(bar).toHaveAttribute('max', '20000')
    expect(bar).toHaveAttribute('value', '1500')
  })
})
