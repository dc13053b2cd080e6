import { expect, test } from '@playwright/test'
import { addToCart, cartLink, checkoutOnDelivery, login, openProduct, openShop, register } from './helpers'

const PASSWORD = 'correct horse battery'

test('a checkout is refused when another page bought the stock first, and nothing changes', async ({ context }) => {
  // Two pages of one browser share IndexedDB; a page opened later starts with the browser's
  // most recent login (Alice's), so Bob logs her out there — in every page — and registers.
  const alicePage = await context.newPage()
  await openShop(alicePage)
  await register(alicePage, 'Alice', PASSWORD)
  await openProduct(alicePage, 'Decaf Colombian') // 3 in stock
  await addToCart(alicePage, '2')
  await openProduct(alicePage, 'Stoneware Mug')
  await addToCart(alicePage, '1')
  await cartLink(alicePage).click()
  await expect(alicePage.getByRole('list', { name: 'Cart items' }).getByRole('listitem')).toHaveCount(2)
  await alicePage.getByRole('link', { name: 'Go to checkout' }).click()
  await alicePage.getByRole('radio', { name: 'Pay on delivery' }).check()

  // Another person uses a second page on the same device and buys 2 of the 3 units.
  const bobPage = await context.newPage()
  await bobPage.bringToFront()
  await openShop(bobPage)
  await bobPage.getByRole('button', { name: 'Log out' }).click()
  await register(bobPage, 'Bob', PASSWORD)
  await openProduct(bobPage, 'Decaf Colombian')
  await addToCart(bobPage, '2')
  await cartLink(bobPage).click()
  await checkoutOnDelivery(bobPage)
  await expect(bobPage.getByRole('heading', { name: 'Order #1001', level: 1 })).toBeVisible()
  await bobPage.getByRole('button', { name: 'Log out' }).click()

  // Alice comes back to her page: the logout sent it to the login page; she logs in again
  // and is back on the checkout, where she presses "Place order".
  await alicePage.bringToFront()
  await expect(alicePage.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()
  await login(alicePage, 'Alice', PASSWORD)
  await expect(alicePage.getByRole('heading', { name: 'Checkout', level: 1 })).toBeVisible()
  await alicePage.getByRole('radio', { name: 'Pay on delivery' }).check()
  await alicePage.getByRole('button', { name: 'Place order' }).click()
  await expect(alicePage.getByRole('alert').filter({ hasText: 'you asked for' })).toHaveText(
    'Only 1 of Decaf Colombian is available; you asked for 2.',
  )
  await cartLink(alicePage).click()
  await expect(alicePage.getByText('Only 1 left now — lower the quantity to order this item.')).toBeVisible()

  // Nothing changed: her cart is whole, stock is as Bob left it, and she has no order.
  await expect(alicePage.getByRole('list', { name: 'Cart items' }).getByRole('listitem')).toHaveCount(2)
  await expect(cartLink(alicePage)).toHaveAccessibleName('Cart, 3 items')
  await openProduct(alicePage, 'Decaf Colombian')
  await expect(alicePage.getByText('Only 1 left')).toBeVisible()
  await openProduct(alicePage, 'Stoneware Mug')
  await expect(alicePage.getByText('In stock')).toBeVisible()
  await alicePage.getByRole('link', { name: 'Orders', exact: true }).click()
  await expect(alicePage.getByRole('heading', { name: 'You have no orders yet' })).toBeVisible()

  // Lowering the quantity to what is left lets the order through.
  await cartLink(alicePage).click()
  await alicePage.getByLabel('Quantity of Decaf Colombian', { exact: true }).fill('1')
  await alicePage.getByLabel('Quantity of Decaf Colombian', { exact: true }).press('Enter')
  await checkoutOnDelivery(alicePage)
  await expect(alicePage.getByRole('heading', { name: 'Order #1002', level: 1 })).toBeVisible()
})
