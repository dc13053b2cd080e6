import { expect, test } from '@playwright/test'
import { addToCart, cartLink, checkoutOnDelivery, expectNoAxeViolations, goToMenuLink, login, logOut, manageButton, openMenu, openProduct, openShop, register } from './helpers'

const PASSWORD = 'correct horse battery'

test('a new person creates an account, shops, orders and follows the order', async ({ page }) => {
  // A long story with eight axe scans; on a loaded two-core machine they alone can take a minute.
  test.slow()
  // The built app registers its service worker.
  await openShop(page)
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)
  expect(scope).toBe(new URL('/', page.url()).href)

  // 2. Product list: the seeded demo catalog with prices and stock.
  const cards = page.getByRole('list', { name: 'Products' }).getByRole('listitem')
  await expect(page.getByText('25 products', { exact: true })).toBeVisible()
  const decafCard = cards.filter({ hasText: 'Decaf Colombian' })
  await expect(decafCard).toContainText('$11.49')
  await expect(decafCard).toContainText('Only 3 left')
  await expect(cards.filter({ hasText: 'House Blend Coffee Beans' })).toContainText('In stock')
  await expect(cards.filter({ hasText: 'Cold Brew Pack' })).toContainText('Out of stock')
  await expectNoAxeViolations(page)

  // 1. Create an account: the first one on the device is the owner.
  await register(page, 'Alice', PASSWORD)
  await expect((await openMenu(page)).getByText('(owner)')).toBeVisible()
  await page.keyboard.press('Escape')

  // 3. Product page: check availability, with bad input refused next to the field.
  await openProduct(page, 'Decaf Colombian')
  await expectNoAxeViolations(page)
  const quantity = page.getByLabel('Quantity')
  const check = page.getByRole('button', { name: 'Check availability' })
  await quantity.fill('2')
  await check.click()
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Yes, 2 are available.')
  await quantity.fill('5')
  await check.click()
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Sorry, only 3 left.')
  for (const [input, message] of [
    ['0', 'Quantity must be at least 1.'],
    ['-1', 'Quantity cannot be negative.'],
    ['1.5', 'Quantity must be a whole number.'],
    ['abc', 'Quantity must be a number, like 1 or 2.'],
  ] as const) {
    await quantity.fill(input)
    await check.click()
    await expect(quantity).toHaveAccessibleDescription(message)
  }
  await expectNoAxeViolations(page)

  // 4. Add to cart: over stock refused; then stock minus what is already in the cart.
  await addToCart(page, '4')
  await expect(quantity).toHaveAccessibleDescription('Only 3 of Decaf Colombian are available; you asked for 4.')
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 0 items')
  await addToCart(page, '2')
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Added 2 × Decaf Colombian to your cart. View your cart')
  await expect(page.getByRole('main').getByRole('status').getByRole('link', { name: 'View your cart' })).toHaveAttribute('href', '/cart')
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 2 items')
  await addToCart(page, '2')
  await expect(quantity).toHaveAccessibleDescription(
    'You can add at most 1 more Decaf Colombian: 3 in stock and 2 already in your cart.',
  )
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 2 items')

  // An out-of-stock product cannot be added.
  await openProduct(page, 'Cold Brew Pack')
  await expect(page.getByRole('button', { name: 'Out of stock' })).toBeDisabled()

  await openProduct(page, 'Butter Croissant')
  await addToCart(page, '3')
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 5 items')
  await openProduct(page, 'Stoneware Mug')
  await addToCart(page, '1')
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 6 items')

  // 5. Cart: lines and total; change a quantity; remove a line; it survives a reload.
  await cartLink(page).click()
  await expect(page.getByRole('heading', { name: 'Your cart', level: 1 })).toBeVisible()
  const lines = page.getByRole('list', { name: 'Cart items' }).getByRole('listitem')
  await expect(lines).toHaveCount(3)
  // 2 × 11.49 + 3 × 2.95 + 1 × 14.99 = 46.82
  await expect(page.getByRole('region', { name: 'Order summary' })).toContainText('$46.82')
  await expectNoAxeViolations(page)

  await page.getByLabel('Quantity of Butter Croissant', { exact: true }).fill('1.5')
  await page.getByLabel('Quantity of Butter Croissant', { exact: true }).press('Enter')
  await expect(page.getByLabel('Quantity of Butter Croissant', { exact: true })).toHaveAccessibleDescription('Quantity must be a whole number.')
  await page.getByLabel('Quantity of Butter Croissant', { exact: true }).fill('1')
  await page.getByLabel('Quantity of Butter Croissant', { exact: true }).press('Enter')
  await expect(page.getByRole('region', { name: 'Order summary' })).toContainText('$40.92')
  await page.getByRole('button', { name: 'Remove Stoneware Mug' }).click()
  await expect(lines).toHaveCount(2)
  await expect(page.getByRole('region', { name: 'Order summary' })).toContainText('$25.93')
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 3 items')

  await page.reload()
  await expect(manageButton(page)).toBeVisible()
  await expect(lines).toHaveCount(2)
  await expect(page.getByRole('region', { name: 'Order summary' })).toContainText('$25.93')

  // 6. Place the order.
  await checkoutOnDelivery(page)

  // 7. Order details: number, date, lines, total, status.
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Thank you' })).toHaveText('Thank you! Your order has been placed.')
  await expect(page.getByRole('definition').filter({ hasText: 'Placed' })).toBeVisible()
  const table = page.getByRole('table', { name: /^Items in order #[2-9A-Z]{2,}-1001$/ })
  await expect(table.getByRole('row', { name: /Decaf Colombian/ })).toContainText('$22.98')
  await expect(table.getByRole('row', { name: /Butter Croissant/ })).toContainText('$2.95')
  await expect(table.getByRole('row', { name: /Total/ })).toContainText('$25.93')
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 0 items')
  await expectNoAxeViolations(page)

  // Stock went down everywhere.
  await openProduct(page, 'Decaf Colombian')
  await expect(page.getByText('Only 1 left')).toBeVisible()

  // The order history; the cart is empty.
  await goToMenuLink(page, 'My orders')
  await expect(page.getByRole('heading', { name: 'Your orders', level: 1 })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Orders' }).getByRole('listitem')).toHaveCount(1)
  await expect(page.getByRole('list', { name: 'Orders' })).toContainText('$25.93')
  await expectNoAxeViolations(page)
  await cartLink(page).click()
  await expect(page.getByRole('heading', { name: 'Your cart is empty' })).toBeVisible()
  await expectNoAxeViolations(page)

  // Log out and in again: wrong password refused, the order is still there.
  await logOut(page)
  await page.getByRole('link', { name: 'Log in' }).click()
  await expectNoAxeViolations(page)
  await page.getByLabel('Username').fill('alice')
  await page.getByLabel('Password', { exact: true }).fill('wrong password')
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.')
  await login(page, 'alice', PASSWORD)
  await goToMenuLink(page, 'My orders')
  await page.getByRole('link', { name: /^Order #[2-9A-Z]{2,}-1001$/ }).click()
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
})

test('registration refuses a taken username and bad input next to each field', async ({ page }) => {
  await openShop(page)
  await register(page, 'Alice', PASSWORD)
  await logOut(page)

  await page.getByRole('link', { name: 'Create account' }).click()
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByLabel('Username')).toHaveAccessibleDescription(/Enter a username\./)

  await page.getByLabel('Username').fill('ALICE')
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByLabel('Confirm password').fill('something else')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByLabel('Confirm password')).toHaveAccessibleDescription('The passwords do not match.')

  await page.getByLabel('Confirm password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByLabel('Username')).toHaveAccessibleDescription(/That username is taken/)
  await expectNoAxeViolations(page)

  await page.getByLabel('Username').fill('Bob')
  await page.getByLabel('Password', { exact: true }).fill('short')
  await page.getByLabel('Confirm password').fill('short')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/Password must be at least 8 characters\./)

  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByLabel('Confirm password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(manageButton(page)).toBeVisible({ timeout: 20_000 })
  await expect((await openMenu(page)).getByText('(owner)')).toHaveCount(0)
})

test('pages that need an account send a visitor to log in, then back', async ({ page }) => {
  await openShop(page)
  await page.goto('/orders')
  await expect(page.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()
  await page.getByRole('link', { name: 'Create an account' }).click()
  await expect(page).toHaveURL(/\/register\?redirect=(\/|%2F)orders$/)
  await register(page, 'Carol', PASSWORD)
  await expect(page.getByRole('heading', { name: 'Your orders', level: 1 })).toBeVisible()
  await page.goto('/no/such/page')
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
  await expectNoAxeViolations(page)
})
