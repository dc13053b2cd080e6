/**
 * What useAction changes for a person, in real forms: a second press while an action runs does
 * not do it twice, a refusal given again is announced again, and a cart line's Remove pressed
 * while its update is saved still counts (that action is queued).
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/vue'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import StockChangeForms from '../../src/components/inventory/StockChangeForms.vue'
import { db } from '../../src/db/database'
import type { Product } from '../../src/domain/product'
import { useSessionStore } from '../../src/stores/session'
import CartView from '../../src/views/CartView.vue'
import { addProduct, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, putInCart, type TestApp } from './fixtures'
import type { Id } from '../../src/domain/id'

let app: TestApp | undefined
let userId: Id

beforeEach(async () => {
  await clearDb()
  userId = await addUserAndLogIn('olive', 'owner')
})

afterEach(() => {
  // Without vitest's globals, testing-library does not unmount by itself.
  cleanup()
  disposeTestApp(app)
  app = undefined
})

async function renderLoggedIn(component: Parameters<typeof render>[0], props: Record<string, unknown> = {}, path = '/') {
  app = await createTestApp(path)
  const result = render(component, { props, global: { plugins: [app.pinia, app.router] } })
  const session = useSessionStore()
  await waitFor(() => expect(session.user?.id).toBe(userId))
  return result
}

describe('a form run through useAction', () => {
  let mug: Product

  beforeEach(async () => {
    mug = await addProduct({ name: 'Blue Enamel Mug', stock: 10 })
  })

  it('restocks once when "Restock" is pressed twice before the first is saved', async () => {
    await renderLoggedIn(StockChangeForms, { product: mug })
    await fireEvent.update(screen.getByLabelText('Units received'), '3')
    const button = screen.getByRole('button', { name: 'Restock' })
    await fireEvent.click(button)
    await fireEvent.click(button)

    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Stock is now 13.'))
    // Give a second restock, had it been started, the time to land.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect((await db.products.get(mug.id))?.stock).toBe(13)
    expect(await db.stockLedger.where('productId').equals(mug.id).count()).toBe(1)
  })

  it('announces a refusal again when it is given again (its alert is put back, not left as it was)', async () => {
    await renderLoggedIn(StockChangeForms, { product: mug })
    const button = screen.getByRole('button', { name: 'Restock' })
    await fireEvent.click(button)
    const first = await screen.findByRole('alert', {})
    expect(first.textContent).toMatch(/quantity/i)

    await fireEvent.click(button)
    await waitFor(() => expect(screen.getByRole('alert')).not.toBe(first))
    expect(screen.getByRole('alert').textContent).toBe(first.textContent)
  })
})

describe('a cart line', () => {
  it('removes the line when "Remove" is pressed while its new quantity is being saved', async () => {
    const teapot = await addProduct({ name: 'Cast Iron Teapot', stock: 4 })
    await putInCart(userId, teapot.id, 1)
    await renderLoggedIn(CartView, {}, '/cart')
    const quantity = await screen.findByLabelText('Quantity of Cast Iron Teapot', {})
    await fireEvent.update(quantity, '2')
    await fireEvent.submit(quantity.closest('form')!)
    await fireEvent.click(screen.getByRole('button', { name: 'Remove Cast Iron Teapot' }))

    await waitFor(() => expect(screen.queryByLabelText('Quantity of Cast Iron Teapot')).toBeNull())
    expect(await db.cartItems.get([userId, teapot.id])).toBeUndefined()
    expect(screen.queryAllByRole('alert')).toEqual([])
  })
})
