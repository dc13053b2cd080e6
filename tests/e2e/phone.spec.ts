/**
 * The shop on a 360 × 740 phone: a header that leaves the screen to the page, a Manage menu
 * that works from the keyboard, the product page's essentials in the first screen, and a
 * purchase made with the quantity steppers.
 */
import { expect, test, type Locator, type Page } from '@playwright/test'
import { cartLink, checkoutOnDelivery, expectNoAxeViolations, manageButton, menuButton, openProduct, openShop, register } from './helpers'

const PASSWORD = 'correct horse battery'

test.use({ viewport: { width: 360, height: 740 } })

async function headerHeight(page: Page): Promise<number> {
  const box = await page.getByRole('banner').boundingBox()
  if (!box) throw new Error('no header')
  return box.height
}

test('the header is at most 64 px tall; the Manage menu works by keyboard', async ({ page }) => {
  await openShop(page)
  // A guest: the shop's name, the cart and a menu with Log in and Create account.
  expect(await headerHeight(page)).toBeLessThanOrEqual(64)
  await expect(page.getByRole('banner').getByRole('link', { name: /^Cart, 0 items$/ })).toBeVisible()
  await expect(menuButton(page, 'Menu')).toBeVisible()

  await register(page, 'Olivia', PASSWORD)
  expect(await headerHeight(page)).toBeLessThanOrEqual(64)
  const button = manageButton(page)
  await expect(button).toHaveAttribute('aria-expanded', 'false')
  const menuId = await button.getAttribute('aria-controls')
  expect(menuId).toBeTruthy()
  const menu = page.locator(`#${menuId}`)
  await expect(menu).toBeHidden()

  // Open it from the keyboard: its links, in lists, follow the button in Tab order.
  await button.focus()
  await page.keyboard.press('Enter')
  await expect(button).toHaveAttribute('aria-expanded', 'true')
  await expect(menu).toBeVisible()
  await expect(menu).toHaveRole('navigation')
  await expect(menu).toHaveAccessibleName('Manage')
  const links = menu.getByRole('list').getByRole('link')
  await expect(links).toHaveText(['Dashboard', /^\s*Orders to fulfil/, 'Inventory', /^\s*Low stock/, 'Accounts', 'Settings', 'My orders', /^\s*Your account/])
  // The demo catalog has products running low: the count is part of the link's name.
  await expect(menu.getByRole('link', { name: /^Low stock: \d+$/ })).toBeVisible()
  await expect(menu.getByRole('button', { name: 'Log out' })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.keyboard.press('Tab')
  await expect(menu.getByRole('link', { name: 'Dashboard' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(menu.getByRole('link', { name: /^Orders to fulfil/ })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(menu.getByRole('link', { name: 'Inventory' })).toBeFocused()

  // Escape closes it and puts the focus back on its button.
  await page.keyboard.press('Escape')
  await expect(button).toHaveAttribute('aria-expanded', 'false')
  await expect(menu).toBeHidden()
  await expect(button).toBeFocused()

  // Space opens it too; following a link goes there and closes the menu.
  await page.keyboard.press('Space')
  await expect(menu).toBeVisible()
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Inventory', level: 1 })).toBeVisible()
  await expect(button).toHaveAttribute('aria-expanded', 'false')
  await expect(menu).toBeHidden()

  // A tap outside closes it as well.
  await button.click()
  await expect(menu).toBeVisible()
  await page.mouse.click(4, 720) // the page's margin, below the open menu
  await expect(menu).toBeHidden()
  await expect(page.getByRole('heading', { name: 'Inventory', level: 1 })).toBeVisible()
})

test('on a 1280 px screen the whole header is one row', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await openShop(page)
  await register(page, 'Olivia', PASSWORD)
  expect(await headerHeight(page)).toBeLessThanOrEqual(64)
  await expect(page.getByRole('banner').getByRole('link', { name: 'Products', exact: true })).toBeVisible()
  await expect(manageButton(page)).toBeVisible()
})

/** The element is wholly inside the first screen (the page not scrolled). */
async function expectInFirstScreen(page: Page, locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox()
  expect(box, what).not.toBeNull()
  expect(box!.y, what).toBeGreaterThanOrEqual(0)
  expect(box!.y + box!.height, `${what}: its bottom at ${box!.y + box!.height} px`).toBeLessThanOrEqual(740)
}

test('a product page shows its name, price, stock and Add to cart in the first screen; buying with the steppers', async ({ page }) => {
  await openShop(page)
  await register(page, 'Carla', PASSWORD)

  // A long name that wraps, on a product with a description and a picture.
  await openProduct(page, 'Ceramic Pour-Over Dripper')
  expect(await page.evaluate(() => window.scrollY)).toBe(0)
  const main = page.getByRole('main')
  await expectInFirstScreen(page, main.getByRole('heading', { name: 'Ceramic Pour-Over Dripper', level: 1 }), 'the name')
  await expectInFirstScreen(page, main.getByText('$24.99', { exact: true }), 'the price')
  await expectInFirstScreen(page, main.getByText('In stock', { exact: true }), 'the stock')
  await expectInFirstScreen(page, main.getByRole('button', { name: 'Add to cart' }), 'Add to cart')
  await expectNoAxeViolations(page)

  // − n + on the product page: two more, then add.
  await main.getByRole('button', { name: 'One more' }).click()
  await main.getByRole('button', { name: 'One more' }).click()
  await expect(main.getByLabel('Quantity')).toHaveValue('3')
  await main.getByRole('button', { name: 'Add to cart' }).click()
  await expect(main.getByText('You have 3 in your cart.')).toBeVisible()
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 3 items')

  await openProduct(page, 'Butter Croissant')
  await main.getByRole('button', { name: 'Add to cart' }).click()
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 4 items')

  // In the cart each step is saved at once: no Update button.
  await cartLink(page).click()
  const dripper = page.getByRole('listitem').filter({ hasText: 'Ceramic Pour-Over Dripper' })
  await dripper.getByRole('button', { name: 'One more Ceramic Pour-Over Dripper' }).click()
  await expect(dripper.getByLabel('Quantity of Ceramic Pour-Over Dripper')).toHaveValue('4')
  await expect(dripper.getByText('$99.96')).toBeVisible()
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 5 items')
  await dripper.getByRole('button', { name: 'One fewer Ceramic Pour-Over Dripper' }).click()
  await expect(dripper.getByText('$74.97')).toBeVisible()
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 4 items')
  await expect(page.getByRole('button', { name: /^Update/ })).toHaveCount(0)

  // The lines align: each line's stepper and total sit where the other line's do, on a phone and on a wide screen.
  const croissant = page.getByRole('listitem').filter({ hasText: 'Butter Croissant' })
  const x = async (line: Locator, name: string) => (await line.getByRole('button', { name }).boundingBox())?.x
  const totalRight = async (line: Locator) => {
    const box = await line.getByText(/^Line total \$/).boundingBox()
    return box ? Math.round(box.x + box.width) : undefined
  }
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 800 })
    expect(await x(dripper, 'One more Ceramic Pour-Over Dripper'), `steppers at ${width} px`).toBe(await x(croissant, 'One more Butter Croissant'))
    expect(await totalRight(dripper), `totals at ${width} px`).toBe(await totalRight(croissant))
  }
  await page.setViewportSize({ width: 360, height: 740 })
  await expectNoAxeViolations(page)

  await checkoutOnDelivery(page)
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 0 items')
})
