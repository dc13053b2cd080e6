/**
 * Two tabs of one browser share the shop's IndexedDB. Through liveQuery each shows the
 * other's changes at once — cart, stock, session and orders — and a tab left holding an old
 * database version steps aside for a newer one instead of blocking it.
 */
import { expect, test } from '@playwright/test'
import { DB_NAME } from '../../src/db/database'
import { addToCart, cartLink, checkoutOnDelivery, expectNoAxeViolations, goToMenuLink, logOut, manageButton, openMenu, openProduct, openShop, register } from './helpers'

const PASSWORD = 'correct horse battery'

test('cart, stock, session and orders stay the same in two tabs without reloading', async ({ context }) => {
  // Two pages doing a whole story side by side.
  test.slow()
  const a = await context.newPage()
  await openShop(a)

  // Session: a tab opened after registering in tab A is logged in as the same person.
  await register(a, 'Alice', PASSWORD)
  const b = await context.newPage()
  await openShop(b)
  await expect(manageButton(b)).toBeVisible()
  await expect((await openMenu(b)).getByText('Alice (owner)')).toBeVisible()
  await b.keyboard.press('Escape')

  // Cart: A adds, B's header and product page follow.
  await openProduct(b, 'Decaf Colombian')
  await openProduct(a, 'Decaf Colombian')
  await addToCart(a, '2')
  await expect(cartLink(b)).toHaveAccessibleName('Cart, 2 items')
  await expect(b.getByText('You have 2 in your cart.')).toBeVisible()

  // B changes the quantity on its cart page; A's cart page follows.
  await cartLink(a).click()
  await cartLink(b).click()
  await b.getByLabel('Quantity of Decaf Colombian', { exact: true }).fill('3')
  await b.getByLabel('Quantity of Decaf Colombian', { exact: true }).press('Enter')
  await expect(a.getByLabel('Quantity of Decaf Colombian', { exact: true })).toHaveValue('3')
  await expect(cartLink(a)).toHaveAccessibleName('Cart, 3 items')
  await expect(a.getByRole('region', { name: 'Order summary' })).toContainText('$34.47')

  // Orders and stock: B places the order; A's cart empties, its orders and stock follow.
  await goToMenuLink(a, 'My orders')
  await expect(a.getByRole('heading', { name: 'You have no orders yet' })).toBeVisible()
  await checkoutOnDelivery(b)
  await expect(b.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
  await expect(a.getByRole('list', { name: 'Orders' }).getByRole('listitem')).toHaveCount(1)
  await expect(a.getByRole('list', { name: 'Orders' })).toContainText('$34.47')
  await expect(cartLink(a)).toHaveAccessibleName('Cart, 0 items')
  await openProduct(a, 'Decaf Colombian')
  await expect(a.getByRole('button', { name: 'Out of stock' })).toBeDisabled()
  await b.getByRole('link', { name: 'Products', exact: true }).click()
  await expect(b.getByRole('list', { name: 'Products' }).getByRole('listitem').filter({ hasText: 'Decaf Colombian' })).toContainText(
    'Out of stock',
  )

  // Session again: logging out in B logs A out, and A leaves the page that needs an account.
  await goToMenuLink(a, 'My orders')
  await expect(a.getByRole('heading', { name: 'Your orders', level: 1 })).toBeVisible()
  await logOut(b)
  await expect(a.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()
  await expect(a.getByRole('link', { name: 'Log in' })).toBeVisible()
})

test('a tab holding the old database version is asked to reload and never blocks the upgrade', async ({ context }) => {
  const oldTab = await context.newPage()
  await openShop(oldTab)
  await expect(oldTab.getByRole('alert')).toHaveCount(0)

  // Another page of the same origin opens the database at a higher version, as a newer
  // release of the app would. A page that is not the app, so only the old tab holds a connection.
  const newTab = await context.newPage()
  await newTab.goto('/favicon.svg')
  const outcome = await newTab.evaluate(
    (name) =>
      new Promise<string>((resolve) => {
        const request = indexedDB.open(name, 1000)
        request.onblocked = () => resolve('blocked')
        request.onerror = () => resolve(`error: ${request.error?.name}`)
        request.onsuccess = () => {
          const version = request.result.version
          request.result.close()
          resolve(`upgraded to ${version}`)
        }
      }),
    DB_NAME,
  )
  expect(outcome).toBe('upgraded to 1000')

  const notice = oldTab.getByRole('alert')
  await expect(notice).toHaveText(/The shop was updated in another tab\. Reload this page to keep working\./)
  await expectNoAxeViolations(oldTab)

  // Reloading opens the database as it now is; the shop carries on.
  await notice.getByRole('button', { name: 'Reload page' }).click()
  await expect(oldTab.getByRole('heading', { name: 'Products', level: 1 })).toBeVisible()
  await expect(oldTab.getByText('25 products', { exact: true })).toBeVisible()
  await expect(oldTab.getByRole('alert')).toHaveCount(0)
})
