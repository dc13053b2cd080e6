/**
 * The owner's dashboard as a person reads it: the tiles, the chart (Chart.js itself is
 * mocked: a canvas draws nothing in happy-dom), the same figures as a table, the best sellers;
 * live as orders arrive, and whole without the chart when Chart.js cannot load.
 */
import userEvent from '@testing-library/user-event'
import { render, screen, waitFor, within } from '@testing-library/vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '../../src/db/database'
import type { OrderStatus } from '../../src/domain/order'
import DashboardView from '../../src/views/DashboardView.vue'
import { anOrder } from '../unit/support'
import { addProduct, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'
import { textOf } from './queries'

const chart = vi.hoisted(() => ({ create: vi.fn(), update: vi.fn(), destroy: vi.fn() }))
vi.mock('../../src/components/dashboard/revenueChart', () => ({
  createRevenueChart: (...args: unknown[]) => {
    chart.create(...args)
    return { update: chart.update, destroy: chart.destroy }
  },
}))

// Tuesday 1 December 2026, 15:00 on this machine. Only Date is faked: the database's timers run.
const NOW = new Date(2026, 11, 1, 15)
const at = (month: number, day: number, hour = 12) => new Date(2026, month - 1, day, hour).getTime()
let app: TestApp | undefined
let n = 1000

/** A tile's or a list item's text, its parts (title, figure, detail) apart as the eye reads them. */
const partsOf = (element: Element) => Array.from(element.children).map(textOf).join(' ')

function order(createdAt: number, total: number, status: OrderStatus = 'paid', name = 'Stoneware Mug', quantity = 1) {
  n++
  return anOrder({
    id: `o${n}`,
    number: `K7-${n}`,
    createdAt,
    total,
    status,
    lines: [{ productId: `p-${name}`, sku: 'X', name, unitPrice: total / quantity, quantity, lineTotal: total }],
  })
}

async function showDashboard() {
  app = await createTestApp('/dashboard')
  render(DashboardView, { global: { plugins: [app.pinia, app.router] } })
  return screen.findByRole('region', { name: 'Today' })
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(NOW)
  chart.create.mockReset()
  chart.update.mockReset()
  chart.destroy.mockReset()
  await clearDb()
})
afterEach(() => {
  disposeTestApp(app)
  app = undefined
  vi.useRealTimers()
})

describe('the dashboard', () => {
  it('shows the tiles, the chart, the table and the best sellers from the orders', async () => {
    await addUserAndLogIn('olga', 'owner')
    await db.orders.bulkAdd([
      order(at(12, 1, 9), 1000, 'placed', 'Glass Teapot'),
      order(at(12, 1, 10), 2500, 'processing', 'Stoneware Mug', 5),
      order(at(12, 1, 11), 9900, 'cancelled', 'Glass Teapot'),
      order(at(11, 29), 700, 'delivered'), // Sunday: this week, in en-US
      order(at(11, 28), 300, 'shipped'), // Saturday: last week
    ])
    await addProduct({ stock: 1, lowStockThreshold: 5 })
    await addProduct({ stock: -2, lowStockThreshold: 5 })

    const today = await showDashboard()
    await waitFor(() => expect(partsOf(today)).toBe('Today $35.00 2 orders'))
    expect(partsOf(screen.getByRole('region', { name: 'This week' }))).toBe('This week $42.00 3 orders since Sun, Nov 29')
    const toFulfil = screen.getByRole('region', { name: 'To fulfil' })
    expect(partsOf(toFulfil)).toContain('2 orders waiting')
    expect(within(toFulfil).getByRole('link', { name: 'See orders' })).toHaveAttribute('href', '/admin/orders')
    expect(partsOf(screen.getByRole('region', { name: 'Low stock' }))).toContain('2 products at or below threshold')
    expect(partsOf(screen.getByRole('region', { name: 'Oversold' }))).toContain('1 product below zero')

    // The chart: 30 days, oldest first, today's revenue last, money written the shop's way.
    await waitFor(() => expect(chart.create).toHaveBeenCalledTimes(1))
    const [canvas, data] = chart.create.mock.calls[0] as [HTMLCanvasElement, { labels: string[]; values: number[]; formatMoney: (m: number) => string }]
    expect(canvas).toBe(screen.getByRole('img', { name: /^Revenue per day from Mon, Nov 2 to Tue, Dec 1: \$45\.00 in all\./ }))
    expect(data.labels).toHaveLength(30)
    expect(data.labels.at(-1)).toBe('Dec 1')
    expect(data.values.at(-1)).toBe(3500)
    expect(data.values.at(-3)).toBe(700)
    expect(data.formatMoney(123456)).toBe('$1,234.56')

    // The same figures as a table, newest day first, behind a disclosure.
    await userEvent.click(screen.getByText('Show the figures as a table'))
    const table = screen.getByRole('table', { name: 'Revenue per day, last 30 days' })
    const rows = within(table).getAllByRole('row')
    expect(rows).toHaveLength(31)
    expect(within(rows[0]!).getAllByRole('columnheader').map(textOf)).toEqual(['Day', 'Orders', 'Revenue'])
    expect(within(rows[1]!).getByRole('rowheader')).toHaveTextContent('Tue, Dec 1')
    expect(within(rows[1]!).getAllByRole('cell').map(textOf)).toEqual(['2', '$35.00'])
    expect(within(rows[3]!).getAllByRole('cell').map(textOf)).toEqual(['1', '$7.00'])

    const best = screen.getByRole('list', { name: 'Best sellers, last 30 days' })
    // The mug: 5 + 1 + 1 units, $25.00 + $7.00 + $3.00; the teapot's cancelled order does not count.
    expect(within(best).getAllByRole('listitem').map(partsOf)).toEqual(['Stoneware Mug 7 sold $35.00', 'Glass Teapot 1 sold $10.00'])
  })

  it('follows an order placed while it is open, and redraws the chart', async () => {
    await addUserAndLogIn('olga', 'owner')
    const today = await showDashboard()
    await waitFor(() => expect(partsOf(today)).toBe('Today $0.00 0 orders'))
    expect(screen.getByText('No sales in the last 30 days.')).toBeInTheDocument()
    await waitFor(() => expect(chart.create).toHaveBeenCalled())
    await db.orders.add(order(at(12, 1, 14), 1299))
    await waitFor(() => expect(partsOf(today)).toBe('Today $12.99 1 order'))
    await waitFor(() => expect(chart.update).toHaveBeenCalled())
    const [data] = chart.update.mock.calls.at(-1) as [{ values: number[] }]
    expect(data.values.at(-1)).toBe(1299)
  })

  it('keeps every figure in the table when the chart cannot be drawn', async () => {
    await addUserAndLogIn('olga', 'owner')
    chart.create.mockImplementationOnce(() => {
      throw new Error('Failed to fetch dynamically imported module')
    })
    await showDashboard()
    expect(await screen.findByText('The chart could not be loaded; the table below has the same figures.')).toBeInTheDocument()
    expect(screen.getByText('Show the figures as a table')).toBeInTheDocument()
  })

  it('shows a customer nothing of it', async () => {
    await addUserAndLogIn('bob', 'customer')
    await db.orders.add(order(at(12, 1, 9), 1000))
    app = await createTestApp('/')
    render(DashboardView, { global: { plugins: [app.pinia, app.router] } })
    await waitFor(() => expect(screen.queryByRole('status')).not.toBeInTheDocument())
    expect(screen.queryByRole('region', { name: 'Today' })).not.toBeInTheDocument()
    expect(screen.queryByText('$10.00')).not.toBeInTheDocument()
  })
})
