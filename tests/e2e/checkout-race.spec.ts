import { expect, test } from '@playwright/test'
import { addToCart, cartLink, checkoutOnDelivery, fillDelivery, goToMenuLink, login, logOut, openProduct, openShop, register } from './helpers'

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
  await fillDelivery(alicePage)
  await alicePage.getByRole('radio', { name: 'Pay on delivery' }).check()

  // Another person uses a second page on the same device and buys 2 of the 3 units.
  const bobPage = await context.newPage()
  await bobPage.bringToFront()
  await openShop(bobPage)
  await logOut(bobPage)
  await register(bobPage, 'Bob', PASSWORD)
  await openProduct(bobPage, 'Decaf Colombian')
  await addToCart(bobPage, '2')
  await cartLink(bobPage).click()
  await checkoutOnDelivery(bobPage)
  await expect(bobPage.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
  await logOut(bobPage)

  // Alice comes back to her page: the logout sent it to the login page; she logs in again
  // and is back on the checkout, where she presses "Place order".
  await alicePage.bringToFront()
  await expect(alicePage.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()
  await login(alicePage, 'Alice', PASSWORD)
  await expect(alicePage.getByRole('heading', { name: 'Checkout', level: 1 })).toBeVisible()
  await fillDelivery(alicePage)
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
  await goToMenuLink(alicePage, 'My orders')
  await expect(alicePage.getByRole('heading', { name: 'You have no orders yet' })).toBeVisible()

  // Lowering the quantity to what is left lets the order through.
  await cartLink(alicePage).click()
  await alicePage.getByLabel('Quantity of Decaf Colombian', { exact: true }).fill('1')
  await alicePage.getByLabel('Quantity of Decaf Colombian', { exact: true }).press('Enter')
  await checkoutOnDelivery(alicePage)
  await expect(alicePage.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1002$/, level: 1 })).toBeVisible()
})

test('four people on four pages race for the last 2 units: exactly 2 are sold, never more', async ({ context }) => {
  // Sessions are per tab: pages opened before anyone logs in can each be a different person.
  const pages = await Promise.all([0, 1, 2, 3].map(() => context.newPage()))
  for (const page of pages) await openShop(page)
  // No reloads from here on: a tab that loads afresh takes the device's latest session.
  for (const [i, page] of pages.entries()) {
    await page.bringToFront()
    await register(page, `Buyer${i + 1}`, PASSWORD)
    await openProduct(page, 'Cinnamon Roll') // 2 in stock
    await addToCart(page, '1')
    await cartLink(page).click()
    await page.getByRole('link', { name: 'Go to checkout' }).click()
    await fillDelivery(page)
    await page.getByRole('radio', { name: 'Pay on delivery' }).check()
  }

  // Everyone presses "Place order" at once (a dispatched click needs no frame from a background page).
  await Promise.all(pages.map((page) => page.getByRole('button', { name: 'Place order' }).dispatchEvent('click')))

  let winners = 0
  let losers = 0
  for (const page of pages) {
    await page.bringToFront()
    const won = page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-\d+$/, level: 1 })
    const lost = page.getByRole('alert').filter({ hasText: 'Cinnamon Roll is out of stock.' })
    await expect(won.or(lost)).toBeVisible()
    if (await won.isVisible()) winners++
    else {
      losers++
      // The loser keeps their cart and is told why.
      await expect(cartLink(page)).toHaveAccessibleName('Cart, 1 item')
    }
  }
  expect([winners, losers]).toEqual([2, 2])

  // Units sold equal the starting stock, and the stock is 0, not below.
  const { stock, sold } = await pages[0]!.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('offline-shop')
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve) => {
        const req = db.transaction(store).objectStore(store).getAll()
        req.onsuccess = () => resolve(req.result as T[])
      })
    const products = await all<{ name: string; stock: number }>('products')
    const orders = await all<{ lines: { name: string; quantity: number }[] }>('orders')
    db.close()
    return {
      stock: products.find((p) => p.name === 'Cinnamon Roll')?.stock,
      sold: orders.flatMap((o) => o.lines).filter((l) => l.name === 'Cinnamon Roll').reduce((n, l) => n + l.quantity, 0),
    }
  })
  expect(sold).toBe(2)
  expect(stock).toBe(0)
})
