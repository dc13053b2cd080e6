/**
 * The owner's dashboard on a phone (360 × 740): its figures follow the orders placed in this
 * test — a cancelled one drops out of the sales but the others stay — and the page is clean
 * under axe in light and dark mode, the chart drawn. The dashboard is opened by its address
 * (the header is being reworked elsewhere); logging in as the owner lands on it.
 */
import { expect, test, type Page } from '@playwright/test'
import { addToCart, cartLink, checkoutOnDelivery, expectNoAxeViolations, login, logOut, manageButton, openProduct, openShop, register } from './helpers'

const PASSWORD = 'correct horse battery'

test.use({ viewport: { width: 360, height: 740 } })

/** Buys `quantity` of `product`, paying on delivery; returns the order page's address. */
async function buy(page: Page, product: string, quantity: string): Promise<string> {
  await openProduct(page, product)
  await addToCart(page, quantity)
  await cartLink(page).click()
  await checkoutOnDelivery(page)
  await expect(page.getByRole('heading', { name: /^Order #/, level: 1 })).toBeVisible()
  return new URL(page.url()).pathname
}

function tile(page: Page, name: string) {
  return page.getByRole('main').getByRole('region', { name, exact: true })
}

/** A tile reads `text` as the eye reads it: "To fulfil 2 orders waiting See orders" (its lines joined). */
async function expectTile(page: Page, name: string, text: string) {
  await expect.poll(async () => (await tile(page, name).innerText()).replace(/\s+/g, ' ')).toContain(text)
}

async function openDashboard(page: Page) {
  await page.goto('/dashboard')
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible()
}

test('the dashboard adds up the orders placed, leaves out a cancelled one, and passes axe in both modes', async ({ page }) => {
  await openShop(page)
  await register(page, 'Olga', PASSWORD) // the first account: the owner
  await openDashboard(page)
  await expectTile(page, 'Today', 'Today $0.00 0 orders')
  await expect(page.getByText('No sales in the last 30 days.')).toBeVisible()

  // Three orders today: $29.98 and $13.99, and a teapot at $32.99 that is then cancelled.
  await buy(page, 'Stoneware Mug', '2')
  await buy(page, 'Espresso Roast', '1')
  const teapot = await buy(page, 'Glass Teapot', '1')
  await openDashboard(page)
  await expectTile(page, 'Today', '$76.96')
  await expectTile(page, 'To fulfil', 'To fulfil 3 orders waiting')
  await page.goto(teapot)
  await page.getByRole('button', { name: 'Cancel order' }).click()
  await page.getByRole('dialog', { name: /^Cancel order #.+\?$/ }).getByRole('button', { name: /^Cancel order #/ }).click()
  await expect(page.getByRole('status').filter({ hasText: /is now cancelled\.$/ })).toBeVisible()

  await openDashboard(page)
  await expectTile(page, 'Today', 'Today $43.97 2 orders')
  await expectTile(page, 'This week', 'This week $43.97 2 orders since')
  await expectTile(page, 'To fulfil', 'To fulfil 2 orders waiting')
  await expectTile(page, 'Oversold', 'Oversold 0 no product below zero')
  await expect(page.getByText('$43.97 from 2 orders')).toBeVisible()

  // Best sellers: by revenue; the cancelled teapot is not among them.
  const best = page.getByRole('list', { name: 'Best sellers, last 30 days' }).getByRole('listitem')
  await expect(best).toHaveCount(2)
  await expect(best.nth(0)).toContainText('Stoneware Mug')
  await expect(best.nth(0)).toContainText('2 sold')
  await expect(best.nth(0)).toContainText('$29.98')
  await expect(best.nth(1)).toContainText('Espresso Roast')
  await expect(best.nth(1)).toContainText('$13.99')

  // The chart is drawn (Chart.js loaded on this page), and its figures are in the table too.
  const chart = page.getByRole('img', { name: /^Revenue per day from .+: \$43\.97 in all\./ })
  await expect(chart).toBeVisible()
  await expect.poll(() => chart.evaluate((canvas: HTMLCanvasElement) => canvas.width)).toBeGreaterThan(0)
  await page.getByText('Show the figures as a table').click()
  const table = page.getByRole('table', { name: 'Revenue per day, last 30 days' })
  await expect(table.getByRole('row')).toHaveCount(31)
  const todayRow = table.getByRole('row').nth(1)
  await expect(todayRow.getByRole('cell')).toHaveText(['2', '$43.97'])
  await expect(table.getByRole('row').nth(2).getByRole('cell')).toHaveText(['0', '$0.00'])

  // The low-stock tile counts what the low-stock page lists.
  const lowStock = Number((await tile(page, 'Low stock').locator('p').first().textContent())?.trim())
  expect(lowStock).toBeGreaterThan(0) // the demo catalog has a few running low
  await expectNoAxeViolations(page)
  await page.goto('/inventory/low-stock')
  await expect(page.getByRole('heading', { name: 'Low stock', level: 1 })).toBeVisible()
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(lowStock + 1)

  // An owner who logs in lands on the dashboard.
  await logOut(page)
  await expect(manageButton(page)).toHaveCount(0)
  await page.goto('/login')
  await login(page, 'Olga', PASSWORD)
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible()
  await expect(page).toHaveURL(/\/dashboard$/)
})
