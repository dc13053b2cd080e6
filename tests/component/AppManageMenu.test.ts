import { render, screen, waitFor, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import AppHeader from '../../src/components/app/AppHeader.vue'
import { addProduct, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'

let app: TestApp | undefined
beforeEach(clearDb)
afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

async function renderHeader() {
  app = await createTestApp('/')
  render(AppHeader, { global: { plugins: [app.pinia, app.router] } })
}

describe('the Manage menu', () => {
  it('is a disclosure: a button that shows and hides a list of links, closed by Escape with the focus back on it', async () => {
    await addUserAndLogIn('olga', 'owner')
    await addProduct({ name: 'Low Mug', stock: 2, lowStockThreshold: 5 })
    await addProduct({ name: 'Plenty Mug', stock: 50 })
    await renderHeader()
    const button = await screen.findByRole('button', { name: 'Manage' })
    expect(button).toHaveAttribute('aria-expanded', 'false')
    const menu = document.getElementById(button.getAttribute('aria-controls') ?? '')
    expect(menu).not.toBeNull()
    expect(menu).not.toBeVisible()

    await userEvent.click(button)
    expect(button).toHaveAttribute('aria-expanded', 'true')
    expect(menu).toBeVisible()
    const nav = screen.getByRole('navigation', { name: 'Manage' })
    // The owner's counts, live from the indexes: one product at or below its threshold, no orders.
    expect(await within(nav).findByRole('link', { name: 'Low stock: 1' })).toHaveAttribute('href', '/inventory/low-stock')
    expect(within(nav).getByRole('link', { name: 'Orders to fulfil' })).toHaveAttribute('href', '/admin/orders')
    expect(within(nav).getAllByRole('list').flatMap((list) => within(list).queryAllByRole('link').map((a) => a.getAttribute('href')))).toEqual([
      '/dashboard',
      '/admin/orders',
      '/inventory',
      '/inventory/low-stock',
      '/admin/users',
      '/settings',
      '/orders',
      '/account',
    ])
    expect(within(nav).getByRole('link', { name: 'Your account: logged in as olga (owner)' })).toBeVisible()

    await userEvent.tab()
    expect(within(nav).getByRole('link', { name: 'Dashboard' })).toHaveFocus()
    await userEvent.keyboard('{Escape}')
    expect(button).toHaveAttribute('aria-expanded', 'false')
    expect(menu).not.toBeVisible()
    expect(button).toHaveFocus()
  })

  it('shows a customer their own pages only', async () => {
    await addUserAndLogIn('carl', 'customer')
    await renderHeader()
    await userEvent.click(await screen.findByRole('button', { name: 'Manage' }))
    const nav = screen.getByRole('navigation', { name: 'Manage' })
    await waitFor(() => expect(within(nav).getByRole('link', { name: 'My orders' })).toBeVisible())
    expect(within(nav).queryByRole('link', { name: /Dashboard|Inventory|Low stock|Settings|Accounts|Orders to fulfil/ })).not.toBeInTheDocument()
    expect(within(nav).getByRole('button', { name: 'Log out' })).toBeVisible()
  })

  it('offers a guest Log in and Create account, not Manage', async () => {
    await renderHeader()
    await screen.findByRole('button', { name: 'Menu' })
    expect(screen.queryByRole('button', { name: 'Manage' })).not.toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Menu' }))
    const nav = screen.getByRole('navigation', { name: 'Menu' })
    expect(within(nav).getByRole('link', { name: 'Log in' })).toHaveAttribute('href', '/login')
    expect(within(nav).getByRole('link', { name: 'Create account' })).toHaveAttribute('href', '/register')
  })
})
