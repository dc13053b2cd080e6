/**
 * The shop after one visit, with its server gone: this test starts its own `vite preview`,
 * visits once, then kills the server process — Playwright's setOffline would not stop the
 * service worker's own fetches — and does the whole workflow, deep links included.
 */
import { expect, test } from '@playwright/test'
import { addToCart, cartLink, checkoutOnDelivery, expectNoAxeViolations, login, logOut, openMenu, openProduct, openShop, register } from './helpers'
import { isServing, startPreview, type PreviewServer } from './servers'

const PORT = 4186
const PASSWORD = 'correct horse battery'

let server: PreviewServer | undefined
test.afterEach(async () => {
  await server?.stop()
  server = undefined
})

test('after one visit the whole shop works with the server stopped, deep links included', async ({ browser }) => {
  // A long story (the whole workflow, offline); a loaded machine needs more than a minute.
  test.slow()
  server = await startPreview({ port: PORT })
  const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'allow' })
  const page = await context.newPage()

  // The one visit: the service worker installs and says the shop now works offline.
  await openShop(page)
  await expect(page.getByText('Ready to work offline: the shop now opens without a network.')).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Online' })).toBeVisible()
  await page.getByRole('button', { name: 'Dismiss the offline notice' }).click()

  // The server goes away for real.
  await server.stop()
  expect(await isServing(server.url)).toBe(false)

  // Reload and create an account: pages, code and icons come from the service worker's cache.
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Products', level: 1 })).toBeVisible()
  await expect(page.getByText('25 products', { exact: true })).toBeVisible()
  await register(page, 'Olga', PASSWORD)
  await expect((await openMenu(page)).getByText('(owner)')).toBeVisible()
  await page.keyboard.press('Escape')

  // The device loses its network too: the header says so.
  await context.setOffline(true)
  await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible()
  await expectNoAxeViolations(page)

  // Log out and in again.
  await logOut(page)
  await page.getByRole('link', { name: 'Log in' }).click()
  await login(page, 'Olga', PASSWORD)

  // Browse: a category of products and their pages; fill the cart.
  await openProduct(page, 'Decaf Colombian')
  await expect(page.getByText('Only 3 left')).toBeVisible()
  // The product's address, for the deep link below: its global id.
  const productPath = new URL(page.url()).pathname
  expect(productPath).toMatch(/^\/products\/[-0-9A-Za-z_]{13}$/)
  await addToCart(page, '2')
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 2 items')
  await openProduct(page, 'Glass Teapot')
  await addToCart(page, '1')
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 3 items')

  // Cart and order.
  await cartLink(page).click()
  await expect(page.getByRole('list', { name: 'Cart items' }).getByRole('listitem')).toHaveCount(2)
  await expect(page.getByRole('region', { name: 'Order summary' })).toContainText('$55.97')
  await checkoutOnDelivery(page)

  // Order details.
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
  await expect(page.getByRole('table', { name: /^Items in order #[2-9A-Z]{2,}-1001$/ }).getByRole('row', { name: /Total/ })).toContainText('$55.97')
  const orderUrl = page.url()
  expect(orderUrl).toMatch(/\/orders\/[-0-9A-Za-z_]{13}\?placed=1$/)
  await expectNoAxeViolations(page)

  // Deep links, typed into the address bar with neither server nor network.
  await page.goto(productPath)
  await expect(page.getByRole('heading', { name: 'Decaf Colombian', level: 1 })).toBeVisible()
  await expect(page.getByText('Only 1 left')).toBeVisible()
  await page.goto(new URL(orderUrl).pathname)
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
  await page.goto('/orders')
  await expect(page.getByRole('list', { name: 'Orders' }).getByRole('listitem')).toHaveCount(1)
  await page.goto('/no/such/page')
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()

  // A new tab opened offline lands on the same shop, logged in, with the empty cart.
  const second = await context.newPage()
  await second.goto('/cart')
  await expect(second.getByRole('heading', { name: 'Your cart is empty' })).toBeVisible()
  await expect(second.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible()

  // Back online, the header says so.
  await context.setOffline(false)
  await expect(page.getByRole('status').filter({ hasText: 'Online' })).toBeVisible()
  await context.close()
})
