/**
 * An order keeps the currency it was placed in: the customer's list shows it in that
 * currency even after the shop has moved to another one.
 */
import '@testing-library/jest-dom/vitest'
import { cleanup, render, screen, waitFor } from '@testing-library/vue'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { db } from '../../src/db/database'
import { DEFAULT_SETTINGS } from '../../src/domain/settings'
import { SETTINGS_KEY } from '../../src/services/reads/settings'
import OrdersView from '../../src/views/OrdersView.vue'
import { anOrder } from '../unit/support'
import { addUserAndLogIn, clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'

let app: TestApp | undefined

beforeEach(clearDb)
afterEach(() => {
  cleanup()
  disposeTestApp(app)
  app = undefined
})

it('shows each order in its own currency, not the shop’s', async () => {
  const userId = await addUserAndLogIn('alice')
  await db.meta.put({ key: SETTINGS_KEY, value: { ...DEFAULT_SETTINGS, currency: 'USD' } })
  await db.orders.add(anOrder({ userId, currency: 'EUR', total: 1499 }))
  app = await createTestApp('/')
  render(OrdersView, { global: { plugins: [app.pinia, app.router] } })
  await waitFor(() => expect(screen.getByText('€14.99')).toBeInTheDocument())
  expect(screen.queryByText('$14.99')).not.toBeInTheDocument()
})
