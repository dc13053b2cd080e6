/**
 * The CSV import page through its file picker: a clean file is previewed (added, updated with
 * which fields, unchanged) and nothing is written until it is confirmed; the stock of
 * existing products is kept unless the owner chooses to set it, and then each change is
 * listed old → new; a shop that changed since the preview is refused with the new preview.
 */
import { render, screen, waitFor, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import CsvView from '../../src/views/inventory/CsvView.vue'
import { db } from '../../src/db/database'
import { useSessionStore } from '../../src/stores/session'
import { addProduct, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, snapshotTables, type TestApp } from './fixtures'
import { statusText, textOf } from './queries'
import type { Id } from '../../src/domain/id'
import type { Product } from '../../src/domain/product'

const HEADER = 'sku,name,category,description,price,stock,low_stock_threshold,archived'
let app: TestApp | undefined
let mug: Product
let tea: Product

beforeEach(async () => {
  await clearDb()
  const owner: Id = await addUserAndLogIn('olive', 'owner')
  mug = await addProduct({ sku: 'MUG-1', name: 'Mug', description: '', price: 1200, stock: 7 })
  tea = await addProduct({ sku: 'TEA-1', name: 'Tea', description: '', price: 500, stock: 3 })
  app = await createTestApp('/inventory/csv')
  render(CsvView, { global: { plugins: [app.pinia, app.router] } })
  const session = useSessionStore()
  await waitFor(() => expect(session.user?.id).toBe(owner))
})
afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

/** A file made last week: the mug's stock was 10 then (3 sold since), its price is fixed; the tea is as it was; a plate is new. */
const FILE = [HEADER, 'MUG-1,Mug,Kitchen,,13.00,10,5,no', 'TEA-1,Tea,Kitchen,,5.00,3,5,no', 'NEW-1,Plate,Kitchen,,3.00,6,2,no'].join('\n')

async function choose(text = FILE) {
  const user = userEvent.setup()
  await user.upload(screen.getByLabelText('CSV file'), new File([text], 'products.csv', { type: 'text/csv' }))
  await user.click(screen.getByRole('button', { name: 'Import products' }))
  await screen.findByRole('region', { name: 'Preview of products.csv' })
  return user
}
/** The table's body rows, each as its cells' texts joined by " | ". */
const rowsOf = (caption: string) =>
  within(screen.getByRole('table', { name: caption }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell').map(textOf).join(' | '))

describe('the CSV import preview', () => {
  it('says what the import will do and writes nothing until confirmed', async () => {
    const before = await snapshotTables()
    await choose()
    expect(screen.getByText(/1 to add, 1 to update, 1 unchanged\./)).toBeInTheDocument()
    expect(rowsOf('Products to add')).toEqual(['NEW-1 | Plate | 6'])
    expect(rowsOf('Products to update')).toEqual(['MUG-1 | Mug | price'])
    // By default the shop's stock is kept, and said so.
    const stock = screen.getByRole('group', { name: 'Stock of products already in the shop' })
    expect(within(stock).getByRole('radio', { name: /Keep the shop's stock/ })).toBeChecked()
    expect(stock).toHaveTextContent('1 product has another stock in the file')
    expect(screen.queryByRole('table', { name: 'Stock changes' })).not.toBeInTheDocument()
    expect(await snapshotTables()).toEqual(before)
  })

  it('confirmed with the defaults, updates the price and keeps the stock the sales left', async () => {
    const user = await choose()
    await user.click(screen.getByRole('button', { name: 'Confirm import' }))
    expect(await screen.findByText('Import complete: 1 added, 1 updated, 1 unchanged.')).toBeInTheDocument()
    expect(await db.products.get(mug.id)).toMatchObject({ price: 1300, stock: 7 })
    expect(await db.products.get(tea.id)).toMatchObject({ stock: 3 })
    expect(await db.products.where('sku').equals('NEW-1').first()).toMatchObject({ stock: 6 })
  })

  it('setting the stock is a choice that lists each change old → new before it is confirmed', async () => {
    const user = await choose()
    await user.click(screen.getByRole('radio', { name: /Set the stock to the file's figures/ }))
    expect(await screen.findByRole('table', { name: 'Stock changes' })).toBeInTheDocument()
    expect(rowsOf('Stock changes')).toEqual(['MUG-1 | Mug | 7 → 10 | +3'])
    expect(rowsOf('Products to update')).toEqual(['MUG-1 | Mug | price, stock 7 → 10'])
    expect(await db.products.get(mug.id)).toMatchObject({ stock: 7 })

    await user.click(screen.getByRole('button', { name: 'Confirm import' }))
    await waitFor(() => expect(statusText()).toBe('Import complete: 1 added, 1 updated, 1 unchanged. The stock of 1 product was set from the file.'))
    expect(await db.products.get(mug.id)).toMatchObject({ stock: 10 })
    expect(await db.stockLedger.where('productId').equals(mug.id).toArray()).toEqual([
      expect.objectContaining({ delta: 3, reason: 'adjustment', stockAfter: 10 }),
    ])
  })

  it('discarding writes nothing and closes the preview', async () => {
    const before = await snapshotTables()
    const user = await choose()
    await user.click(screen.getByRole('button', { name: 'Discard' }))
    expect(screen.queryByRole('region', { name: /Preview/ })).not.toBeInTheDocument()
    expect(await snapshotTables()).toEqual(before)
  })

  it('when the shop changed since the preview, writes nothing and shows the new preview with the reason', async () => {
    const user = await choose()
    await user.click(screen.getByRole('radio', { name: /Set the stock/ }))
    await screen.findByRole('table', { name: 'Stock changes' })
    await db.products.update(mug.id, { stock: 5 }) // a sale in another tab, say
    const before = await snapshotTables()
    await user.click(screen.getByRole('button', { name: 'Confirm import' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The stock of Mug (MUG-1) changed since the preview: it is 5 now, not 7. Nothing was imported; check the new preview and confirm again.',
    )
    expect(rowsOf('Stock changes')).toEqual(['MUG-1 | Mug | 5 → 10 | +5'])
    expect(await snapshotTables()).toEqual(before)
  })

  it('shows long lists a page at a time', async () => {
    const many = [HEADER, ...Array.from({ length: 130 }, (_, i) => `N-${i},Item ${i},Kitchen,,1.00,1,5,no`)].join('\n')
    const user = await choose(many)
    expect(rowsOf('Products to add')).toHaveLength(100)
    await user.click(screen.getByRole('button', { name: 'Show more products to add (30 not shown)' }))
    expect(rowsOf('Products to add')).toHaveLength(130)
  })
})
