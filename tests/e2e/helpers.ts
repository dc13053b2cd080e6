import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

/**
 * axe finds no WCAG violations on the page as it is now, in light and in dark mode (the shop
 * follows the system's colour scheme); the page is left in light mode.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme })
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
    const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
    expect(summary, `axe violations on ${page.url()} in ${colorScheme} mode`).toEqual([])
  }
}

/** Opens the shop and waits until the demo catalog is on screen. */
export async function openShop(page: Page): Promise<void> {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Products', level: 1 })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Products' }).getByRole('listitem').first()).toBeVisible()
}

/** Creates an account through the form, as a new person would, and waits to be logged in. */
export async function register(page: Page, username: string, password: string): Promise<void> {
  const form = page.getByRole('heading', { name: 'Create account', level: 1 })
  if (!(await form.isVisible())) await page.getByRole('link', { name: 'Create account' }).click()
  await expect(form).toBeVisible()
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByLabel('Confirm password').fill(password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('button', { name: 'Log out', exact: true })).toBeVisible({ timeout: 20_000 })
}

export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('button', { name: 'Log out', exact: true })).toBeVisible({ timeout: 20_000 })
}

/** Finds a product the way a shopper would: the Products page, its name in the search box, its link. */
export async function openProduct(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name: 'Products', exact: true }).click()
  await searchBox(page).fill(name)
  await page.getByRole('list', { name: 'Products' }).getByRole('link', { name, exact: true }).click()
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible()
}

/** Types a quantity on a product page and presses "Add to cart". */
export async function addToCart(page: Page, quantity: string): Promise<void> {
  await page.getByLabel('Quantity').fill(quantity)
  await page.getByRole('button', { name: 'Add to cart' }).click()
}

export function cartLink(page: Page) {
  return page.getByRole('link', { name: /^Cart, \d+ items?$/ })
}

/** From the cart: on to checkout, pay on delivery, and wait for the order page. */
export async function checkoutOnDelivery(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Go to checkout' }).click()
  await page.getByRole('radio', { name: 'Pay on delivery' }).check()
  await page.getByRole('button', { name: 'Place order' }).click()
}

/** Fills the card form with a test card (and a valid expiry, CVC and name) and pays. */
export async function payByCard(page: Page, number: string): Promise<void> {
  await page.getByLabel('Card number').fill(number)
  await page.getByLabel('Expiry (MM/YY)').fill('12/40')
  await page.getByLabel('CVC').fill('123')
  await page.getByLabel('Name on card').fill('Alice Example')
  await page.getByRole('button', { name: /^Pay / }).click()
}

export function searchBox(page: Page) {
  return page.getByRole('searchbox', { name: 'Search products' })
}

/**
 * From a backup's preview on the settings page: "Replace this shop with the backup", then the
 * "Restore this backup?" dialog's password and its confirm button.
 */
export async function confirmRestore(page: Page, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Replace this shop with the backup' }).click()
  const dialog = page.getByRole('dialog', { name: 'Restore this backup?' })
  await dialog.getByLabel('Your password').fill(password)
  await dialog.getByRole('button', { name: 'Restore this backup' }).click()
}
