/**
 * The shop on a 360 × 740 phone: a header that leaves the screen to the page, a Manage menu
 * that works from the keyboard, the product page's essentials in the first screen, and a
 * purchase made with the quantity steppers.
 */
import { expect, test, type Page } from '@playwright/test'
import { expectNoAxeViolations, manageButton, menuButton, openShop, register } from './helpers'

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
  await expect(links).toHaveText([/^\s*Orders to fulfil/, 'Inventory', /^\s*Low stock/, 'Accounts', 'Settings', 'My orders', /^\s*Your account/])
  // The demo catalog has products running low: the count is part of the link's name.
  await expect(menu.getByRole('link', { name: /^Low stock: \d+$/ })).toBeVisible()
  await expect(menu.getByRole('button', { name: 'Log out' })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.keyboard.press('Tab')
  await expect(menu.getByRole('link', { name: 'Orders to fulfil' })).toBeFocused()
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
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Inventory', level: 1 })).toBeVisible()
  await expect(button).toHaveAttribute('aria-expanded', 'false')
  await expect(menu).toBeHidden()

  // A tap outside closes it as well.
  await button.click()
  await expect(menu).toBeVisible()
  await page.getByRole('heading', { name: 'Inventory', level: 1 }).click()
  await expect(menu).toBeHidden()
})

test('on a 1280 px screen the whole header is one row', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await openShop(page)
  await register(page, 'Olivia', PASSWORD)
  expect(await headerHeight(page)).toBeLessThanOrEqual(64)
  await expect(page.getByRole('banner').getByRole('link', { name: 'Products', exact: true })).toBeVisible()
  await expect(manageButton(page)).toBeVisible()
})
