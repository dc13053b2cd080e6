/**
 * Cancelling and refunding an order ask first, in a dialog named by the action; a refund
 * after shipping also asks whether the goods came back, and only returned goods go back
 * into stock. Keeping the order changes nothing and gives focus back to the button.
 */
import { render, screen, waitFor, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import OrderDetailView from '../../src/views/OrderDetailView.vue'
import { db } from '../../src/db/database'
import type { Id } from '../../src/domain/id'
import type { OrderStatus } from '../../src/domain/order'
import { addToCart } from '../../src/services/cart'
import { placeOrder } from '../../src/services/checkout'
import { changeOrderStatus } from '../../src/services/orders'
import { useSessionStore } from '../../src/stores/session'
import { addProduct, addUser, clearDb, createTestApp, disposeTestApp, logIn, snapshotTables, type TestApp } from './fixtures'
import { statusText } from './queries'

let app: TestApp | undefined
let owner: Id
let alice: Id
let mugId: Id

beforeEach(async () => {
  await clearDb()
  owner = await addUser('olive', 'owner')
  alice = await addUser('alice')
  mugId = (await addProduct({ name: 'Blue Enamel Mug', stock: 5 })).id
})
afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

/** Alice's order of 2 mugs (stock 3), moved by the owner to `status`; the page opened by `viewer`. */
async function openOrder(status: OrderStatus, viewer: Id) {
  await addToCart(db, alice, mugId, 2)
  const order = await placeOrder(db, alice)
  const path: OrderStatus[] = ['paid', 'processing', 'shipped', 'delivered']
  for (const step of path.slice(0, path.indexOf(status) + 1)) await changeOrderStatus(db, owner, order.id, step)
  await logIn(viewer)
  app = await createTestApp(`/orders/${order.id}`)
  render(OrderDetailView, { props: { id: order.id }, global: { plugins: [app.pinia, app.router] } })
  const session = useSessionStore()
  await waitFor(() => expect(session.user?.id).toBe(viewer))
  await screen.findByRole('heading', { name: `Order #${order.number}`, level: 1 })
  return { order, user: userEvent.setup() }
}
const stock = async () => (await db.products.get(mugId))?.stock

describe('cancelling an order', () => {
  it.each([
    ['the customer', () => alice],
    ['the owner', () => owner],
  ])('%s is asked first; keeping the order changes nothing and focus goes back to the button', async (_who, viewer) => {
    const { order, user } = await openOrder('placed', viewer())
    const before = await snapshotTables()
    const opener = screen.getByRole('button', { name: 'Cancel order' })
    await user.click(opener)
    const dialog = await screen.findByRole('dialog', { name: `Cancel order #${order.number}?` })
    expect(dialog).toHaveAccessibleDescription('The items go back into stock. This cannot be undone.')
    await user.click(within(dialog).getByRole('button', { name: 'Keep the order' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(opener).toHaveFocus()
    expect(await snapshotTables()).toEqual(before)

    await user.click(opener)
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: `Cancel order #${order.number}` }))
    await waitFor(() => expect(statusText()).toContain(`Order #${order.number} is now cancelled.`))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(await stock()).toBe(5)
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Cancel order' })).not.toBeInTheDocument())
    expect(screen.getByRole('heading', { name: 'Change this order' })).toHaveFocus()
  })
})

describe('refunding an order', () => {
  it('before shipping asks only to confirm, and the items go back', async () => {
    const { order, user } = await openOrder('processing', owner)
    await user.click(screen.getByRole('button', { name: 'Refund order' }))
    const dialog = await screen.findByRole('dialog', { name: `Refund order #${order.number}?` })
    expect(within(dialog).queryByRole('group', { name: 'Did the goods come back?' })).not.toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: `Refund order #${order.number}` }))
    await waitFor(() => expect(statusText()).toContain('is now refunded.'))
    expect(await stock()).toBe(5)
  })

  it.each([
    ['delivered', 'No: nothing goes back into stock', 3],
    ['shipped', 'Yes, they came back: put them back into stock', 5],
  ] as const)('of a %s order asks whether the goods came back; answered "%s", the stock is %d', async (status, answer, after) => {
    const { order, user } = await openOrder(status, owner)
    expect(await stock()).toBe(3)
    await user.click(screen.getByRole('button', { name: 'Refund order' }))
    const dialog = await screen.findByRole('dialog', { name: `Refund order #${order.number}?` })
    const question = within(dialog).getByRole('group', { name: 'Did the goods come back?' })
    // No answer is chosen for the owner: confirming without one is refused, in the dialog.
    await user.click(within(dialog).getByRole('button', { name: `Refund order #${order.number}` }))
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Say whether the goods came back.')
    expect((await db.orders.get(order.id))?.status).toBe(status)

    await user.click(within(question).getByRole('radio', { name: answer }))
    await user.click(within(dialog).getByRole('button', { name: `Refund order #${order.number}` }))
    await waitFor(() => expect(statusText()).toContain('is now refunded.'))
    expect(await stock()).toBe(after)
    expect((await db.orders.get(order.id))?.status).toBe('refunded')
  })
})
