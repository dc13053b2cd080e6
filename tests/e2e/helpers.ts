import AxeBuilder from '@axe-core/playwright'
import { expect, type APIRequestContext, type Page } from '@playwright/test'

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

/** The header's menu button: "Manage" for someone logged in (on every screen), "Menu" for a guest on a phone. */
export function menuButton(page: Page, name: 'Manage' | 'Menu' = 'Manage') {
  return page.getByRole('banner').getByRole('button', { name, exact: true })
}

/** Someone is logged in: the header offers the Manage menu. */
export function manageButton(page: Page) {
  return menuButton(page, 'Manage')
}

/** Opens the header's menu unless it is open already, and returns its list of links. */
export async function openMenu(page: Page, name: 'Manage' | 'Menu' = 'Manage') {
  const button = menuButton(page, name)
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click()
  await expect(button).toHaveAttribute('aria-expanded', 'true')
  const menu = page.getByRole('navigation', { name, exact: true })
  // Its links load apart from the first page: wait for them, so "no such link" means something.
  await expect(menu.getByRole('link').first()).toBeVisible()
  return menu
}

/** Follows one of the Manage menu's links ("Inventory", "Settings", "My orders", "Low stock" with its count…). */
export async function goToMenuLink(page: Page, name: string): Promise<void> {
  const menu = await openMenu(page)
  await menu.getByRole('link', { name }).click()
  // Following a link closes the menu once the page has changed: wait for it, so the next
  // openMenu does not find it still open and then closing under it.
  await expect(manageButton(page)).toHaveAttribute('aria-expanded', 'false')
}

/** Logs out through the Manage menu. */
export async function logOut(page: Page): Promise<void> {
  const menu = await openMenu(page)
  await menu.getByRole('button', { name: 'Log out', exact: true }).click()
}

/** The Manage menu's link to the person's account, named "Your account: logged in as …" (the menu opened first). */
export async function accountLink(page: Page) {
  const menu = await openMenu(page)
  return menu.getByRole('link', { name: /^Your account: logged in as/ })
}

/** Opens the shop and waits until the demo catalog is on screen. */
export async function openShop(page: Page): Promise<void> {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Products', level: 1 })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Products' }).getByRole('listitem').first()).toBeVisible()
}

/** The header's "Create account" link: in the header on a wide screen, in the Menu on a phone. */
export async function goToRegister(page: Page): Promise<void> {
  const link = page.getByRole('banner').getByRole('link', { name: 'Create account' })
  // The header may still be changing (a logout a moment ago): wait for the link or the phone's Menu.
  await expect(link.or(menuButton(page, 'Menu')).first()).toBeVisible()
  if (!(await link.isVisible())) await openMenu(page, 'Menu')
  await link.click()
}

/** The header's "Log in" link, wherever the screen's width puts it. */
export async function goToLogin(page: Page): Promise<void> {
  const link = page.getByRole('banner').getByRole('link', { name: 'Log in' })
  // The header may still be changing (a logout a moment ago): wait for the link or the phone's Menu.
  await expect(link.or(menuButton(page, 'Menu')).first()).toBeVisible()
  if (!(await link.isVisible())) await openMenu(page, 'Menu')
  await link.click()
}

/** Creates an account through the form, as a new person would, and waits to be logged in. */
export async function register(page: Page, username: string, password: string): Promise<void> {
  const form = page.getByRole('heading', { name: 'Create account', level: 1 })
  if (!(await form.isVisible())) await goToRegister(page)
  await expect(form).toBeVisible()
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByLabel('Confirm password').fill(password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(manageButton(page)).toBeVisible({ timeout: 20_000 })
}

export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(manageButton(page)).toBeVisible({ timeout: 20_000 })
}

/** The Products page from the header: its "Products" link on a wide screen, the shop's name on a phone. */
export async function goToProducts(page: Page): Promise<void> {
  const link = page.getByRole('banner').getByRole('link', { name: 'Products', exact: true })
  if (await link.isVisible()) await link.click()
  else await page.getByRole('banner').getByRole('link').first().click()
}

/** Finds a product the way a shopper would: the Products page, its name in the search box, its link. */
export async function openProduct(page: Page, name: string): Promise<void> {
  await goToProducts(page)
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

/** On the checkout: who the order is for (a name and a phone number), as a customer types them. */
export async function fillContact(page: Page, name = 'Alice Example'): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByLabel('Phone').fill('020 7946 0000')
}

/** On the checkout: the contact, delivery chosen, and an address to deliver to. */
export async function fillDelivery(page: Page): Promise<void> {
  await fillContact(page)
  await page.getByRole('radio', { name: 'Delivery', exact: true }).check()
  await page.getByLabel('Street and number').fill('12 Analytical Row')
  await page.getByLabel('Postal code').fill('NW1 6XE')
  await page.getByLabel('Town or city').fill('London')
  await page.getByLabel('Country').fill('United Kingdom')
}

/** From the cart: on to checkout, a delivery paid on delivery, and wait for the order page. */
export async function checkoutOnDelivery(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Go to checkout' }).click()
  await fillDelivery(page)
  await page.getByRole('radio', { name: 'Pay on delivery' }).check()
  await page.getByRole('button', { name: 'Place order' }).click()
}

/** Fills the contact (a pickup) and the card form with a test card (and a valid expiry, CVC and name) and pays. */
export async function payByCard(page: Page, number: string): Promise<void> {
  await fillContact(page)
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

/**
 * The code of every script the first page loads statically: index.html's scripts and
 * preloads, and their static imports (a dynamic import("…") is left out: that is what "lazy"
 * means), joined. Checked to hold the catalog's own code, so a crawl that found nothing fails.
 */
export async function firstPageScripts(request: APIRequestContext): Promise<string> {
  const html = await (await request.get('/')).text()
  const queue = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1] as string)
  const seen = new Map<string, string>()
  while (queue.length > 0) {
    const path = queue.shift() as string
    if (seen.has(path)) continue
    const code = await (await request.get(path)).text()
    seen.set(path, code)
    for (const m of code.matchAll(/import\s*(?:[^"'();]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) queue.push(`/assets/${m[1]}`)
  }
  const code = [...seen.values()].join('\n')
  // The catalog's search box and Vue itself: the first page's code was found.
  expect(code).toContain('Search products')
  expect(code).toContain('createApp')
  return code
}
