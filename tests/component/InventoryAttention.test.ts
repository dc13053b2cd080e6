/**
 * What sync leaves for the owner: an oversold product ("Oversold by N", with the orders whose
 * sales took it below zero, offline ones marked) and a product renamed by a SKU clash, each
 * with a link to settle it; and orders placed offline marked on the owner's order pages.
 */
import '@testing-library/jest-dom/vitest'
import { cleanup, render, screen, waitFor, within } from '@testing-library/vue'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { db } from '../../src/db/database'
import InventoryAttention from '../../src/components/inventory/InventoryAttention.vue'
import AdminOrdersView from '../../src/views/AdminOrdersView.vue'
import OrderDetailView from '../../src/views/OrderDetailView.vue'
import { anOrder } from '../unit/support'
import { addProduct, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'

let app: TestApp | undefined

beforeEach(clearDb)
afterEach(() => {
  cleanup()
  disposeTestApp(app)
  app = undefined
})

/** A product both devices sold the last unit of while apart: their ledgers merged, stock −1. */
async function oversoldMug(owner: string) {
  const mug = await addProduct({ name: 'Stoneware Mug', sku: 'KIT-1', stock: 1 })
  await db.orders.bulkAdd([
    anOrder({ id: 'order-a', number: 'A1-1001', userId: owner, createdAt: 10 }),
    anOrder({ id: 'order-b', number: 'B2-1001', userId: owner, createdAt: 20, offline: true }),
  ])
  await db.stockLedger.bulkAdd([
    { id: `i:${mug.id}`, productId: mug.id, delta: 1, reason: 'initial', stockAfter: 1, note: '', at: 0 },
    { id: `s:order-a:${mug.id}`, productId: mug.id, delta: -1, reason: 'sale', stockAfter: 0, orderId: 'order-a', note: '', at: 10 },
    { id: `s:order-b:${mug.id}`, productId: mug.id, delta: -1, reason: 'sale', stockAfter: 0, orderId: 'order-b', note: '', at: 20 },
  ])
  // What the pull does once the ledgers merged: the stock is the ledger's sum.
  await db.products.update(mug.id, { stock: -1 })
  return mug
}

it('shows nothing when nothing needs settling', async () => {
  await addUserAndLogIn('olivia', 'owner')
  await addProduct({ stock: 0 })
  app = await createTestApp('/')
  render(InventoryAttention, { global: { plugins: [app.pinia, app.router] } })
  await new Promise((r) => setTimeout(r, 50))
  expect(screen.queryByRole('heading', { name: 'Needs your attention' })).not.toBeInTheDocument()
})

it('flags an oversold product with the orders that took it below zero, and a SKU clash with a link to settle it', async () => {
  const owner = await addUserAndLogIn('olivia', 'owner')
  const mug = await oversoldMug(owner)
  const tea = await addProduct({ name: 'Green Tea', sku: 'TEA-1-ABCD', skuConflict: 'TEA-1' })
  app = await createTestApp('/')
  render(InventoryAttention, { global: { plugins: [app.pinia, app.router] } })
  const section = await screen.findByRole('region', { name: 'Needs your attention' })
  const [oversold, clash] = within(section).getAllByRole('listitem')
  expect(oversold).toHaveTextContent('Stoneware Mug (SKU KIT-1): Oversold by 1')
  // Only the sale that went below zero is named, and it was placed offline.
  expect(within(oversold!).getByRole('link', { name: 'B2-1001' })).toHaveAttribute('href', '/orders/order-b')
  expect(within(oversold!).queryByRole('link', { name: 'A1-1001' })).not.toBeInTheDocument()
  expect(oversold).toHaveTextContent('(placed offline)')
  expect(within(oversold!).getByRole('link', { name: 'Stoneware Mug' })).toHaveAttribute('href', `/inventory/products/${mug.id}`)
  expect(clash).toHaveTextContent('Green Tea (SKU TEA-1-ABCD): SKU clash: renamed from TEA-1')
  expect(within(clash!).getByRole('link', { name: 'Settle the SKU of Green Tea' })).toHaveAttribute('href', `/inventory/products/${tea.id}`)
})

it('clears the flag once the owner restocks it', async () => {
  const owner = await addUserAndLogIn('olivia', 'owner')
  const mug = await oversoldMug(owner)
  app = await createTestApp('/')
  render(InventoryAttention, { global: { plugins: [app.pinia, app.router] } })
  await screen.findByText('Oversold by 1')
  await db.products.update(mug.id, { stock: 3 })
  await waitFor(() => expect(screen.queryByText('Oversold by 1')).not.toBeInTheDocument())
})

it('marks an order placed offline on the owner’s list and on its page', async () => {
  const owner = await addUserAndLogIn('olivia', 'owner')
  await db.orders.bulkAdd([
    anOrder({ id: 'order-a', number: 'A1-1001', userId: owner, createdAt: 10 }),
    anOrder({ id: 'order-b', number: 'B2-1001', userId: owner, createdAt: 20, offline: true }),
  ])
  app = await createTestApp('/admin/orders')
  const list = render(AdminOrdersView, { global: { plugins: [app.pinia, app.router] } })
  const offlineRow = (await screen.findByRole('link', { name: '#B2-1001' })).closest('tr')
  expect(offlineRow).toHaveTextContent('Placed offline')
  expect(screen.getByRole('link', { name: '#A1-1001' }).closest('tr')).not.toHaveTextContent('Placed offline')
  list.unmount()

  render(OrderDetailView, { props: { id: 'order-b' }, global: { plugins: [app.pinia, app.router] } })
  expect(await screen.findByText(/^Placed offline/)).toBeInTheDocument()
})
