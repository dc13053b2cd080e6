import { expect, test, type Page } from '@playwright/test'
import { addToCart, cartLink, checkoutOnDelivery, expectNoAxeViolations, fillContact, fillDelivery, goToMenuLink, login, logOut, openProduct, openShop, payByCard, register } from './helpers'

const PASSWORD = 'correct horse battery'

/** Owner Alice with Decaf Colombian (3 in stock, $11.49) ×2 in her cart, on the checkout page. */
async function aliceAtCheckout(page: Page) {
  await openShop(page)
  await register(page, 'Alice', PASSWORD)
  await openProduct(page, 'Decaf Colombian')
  await addToCart(page, '2')
  await cartLink(page).click()
  await page.getByRole('link', { name: 'Go to checkout' }).click()
  await expect(page.getByRole('heading', { name: 'Checkout', level: 1 })).toBeVisible()
}

async function expectStock(page: Page, product: string, text: string) {
  await openProduct(page, product)
  await expect(page.getByText(text, { exact: true })).toBeVisible()
}

test('card checks next to each field, every declining test card, then a successful payment', async ({ page }) => {
  await aliceAtCheckout(page)
  await expectNoAxeViolations(page)

  // Bad card details are refused next to their fields before anything is sent.
  await page.getByLabel('Card number').fill('4242 4242 4242 4241')
  await page.getByLabel('Expiry (MM/YY)').fill('01/20')
  await page.getByLabel('CVC').fill('12')
  await page.getByRole('button', { name: 'Pay $22.98' }).click()
  await expect(page.getByLabel('Card number')).toHaveAccessibleDescription('This card number is not valid. Check it for typos.')
  await expect(page.getByLabel('Expiry (MM/YY)')).toHaveAccessibleDescription('This card has expired.')
  await expect(page.getByLabel('CVC')).toHaveAccessibleDescription('The security code is 3 or 4 digits.')
  await expect(page.getByLabel('Name on card')).toHaveAccessibleDescription('Enter the name on the card.')
  await expectNoAxeViolations(page)

  // Each declining test card says why and leaves stock, cart and orders as they were.
  for (const [card, message] of [
    ['4000 0000 0000 0002', 'Your card was declined. Try another card or pay on delivery.'],
    ['4000 0000 0000 9995', 'Your card has insufficient funds. Try another card or pay on delivery.'],
    ['4000 0000 0000 0069', 'Your card has expired according to your bank. Try another card.'],
    ['4000 0000 0000 0119', 'The payment could not be processed. Nothing was charged; please try again.'],
  ] as const) {
    await payByCard(page, card)
    await expect(page.getByRole('status').filter({ hasText: 'Processing payment…' })).toBeVisible()
    await expect(page.getByRole('alert').filter({ hasText: message })).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Checkout', level: 1 })).toBeVisible()
  }
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 2 items')
  await goToMenuLink(page, 'My orders')
  await expect(page.getByRole('heading', { name: 'You have no orders yet' })).toBeVisible()
  await expectStock(page, 'Decaf Colombian', 'Only 3 left')

  // The success card pays; the order is paid and keeps only the brand and last four digits.
  await cartLink(page).click()
  await page.getByRole('link', { name: 'Go to checkout' }).click()
  await payByCard(page, '4242 4242 4242 4242')
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
  await expect(page.getByRole('definition').filter({ hasText: 'Paid' })).toBeVisible()
  await expect(page.getByText('Visa ending 4242').first()).toBeVisible()
  await expect(page.getByRole('list', { name: 'Status history' }).getByRole('listitem')).toHaveText([/^Placed/, /^Paid.*Visa ending 4242/])
  await expectNoAxeViolations(page)
  await expectStock(page, 'Decaf Colombian', 'Only 1 left')

  const stored = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('offline-shop')
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    const names = [...db.objectStoreNames]
    const dump: Record<string, unknown[]> = {}
    for (const name of names) {
      dump[name] = await new Promise<unknown[]>((resolve) => {
        const req = db.transaction(name).objectStore(name).getAll()
        req.onsuccess = () => resolve(req.result)
      })
    }
    db.close()
    return JSON.stringify(dump)
  })
  expect(stored).toContain('4242')
  expect(stored).not.toMatch(/4242\s?4242\s?4242\s?4242|12\/40|"cvc"/)
})

test('pay on delivery, a double click makes one order, and two pages submitting the same cart make one order', async ({ context }) => {
  const page = await context.newPage()
  await aliceAtCheckout(page)
  await fillDelivery(page)
  await page.getByRole('radio', { name: 'Pay on delivery' }).check()
  await page.getByRole('button', { name: 'Place order' }).dblclick()
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
  await expect(page.getByRole('definition').filter({ hasText: 'Placed' })).toBeVisible()
  await expect(page.getByText('Pay on delivery').first()).toBeVisible()
  await goToMenuLink(page, 'My orders')
  await expect(page.getByRole('list', { name: 'Orders' }).getByRole('listitem')).toHaveCount(1)
  await expectStock(page, 'Decaf Colombian', 'Only 1 left')

  // The same cart on two pages' checkouts: both press pay, one order comes out.
  await openProduct(page, 'Butter Croissant')
  await addToCart(page, '2')
  const second = await context.newPage()
  await second.goto('/checkout')
  await expect(second.getByRole('heading', { name: 'Checkout', level: 1 })).toBeVisible()
  await page.goto('/checkout')
  const pay = []
  for (const p of [page, second]) {
    await p.bringToFront()
    await fillContact(p)
    await p.getByLabel('Card number').fill('4242424242424242')
    await p.getByLabel('Expiry (MM/YY)').fill('12/40')
    await p.getByLabel('CVC').fill('123')
    await p.getByLabel('Name on card').fill('Alice Example')
    pay.push(p.getByRole('button', { name: 'Pay $5.90' }))
  }
  // Both submit at once (dispatching the click needs no frame from the background page).
  await Promise.all(pay.map((button) => button.dispatchEvent('click')))
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1002$/, level: 1 })).toBeVisible()
  await second.bringToFront()
  await expect(second.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1002$/, level: 1 })).toBeVisible()
  await goToMenuLink(second, 'My orders')
  await expect(second.getByRole('list', { name: 'Orders' }).getByRole('listitem')).toHaveCount(2)
  await expectStock(second, 'Butter Croissant', 'In stock')
  await expect(second.getByText('You have 2 in your cart.')).toHaveCount(0)
})

test('a customer cancels before shipping and the stock comes back exactly once, even from two pages', async ({ context }) => {
  const page = await context.newPage()
  await aliceAtCheckout(page)
  await fillDelivery(page)
  await page.getByRole('radio', { name: 'Pay on delivery' }).check()
  await page.getByRole('button', { name: 'Place order' }).click()
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
  const orderUrl = page.url()
  await expectStock(page, 'Decaf Colombian', 'Only 1 left')

  const second = await context.newPage()
  await second.goto(orderUrl)
  await page.bringToFront()
  await page.goto(orderUrl)
  await page.getByRole('button', { name: 'Cancel order' }).click()
  await page.getByRole('dialog', { name: /^Cancel order #/ }).getByRole('button', { name: /^Cancel order #/ }).click()
  await expect(page.getByRole('status').filter({ hasText: 'is now cancelled' })).toHaveText(/^Order #[2-9A-Z]{2,}-1001 is now cancelled\.$/)
  await expect(page.getByRole('list', { name: 'Status history' }).getByRole('listitem')).toHaveText([/^Placed/, /^Cancelled/])

  // The second page saw it change live: its button is gone, so nothing can restock twice.
  await second.bringToFront()
  await expect(second.getByRole('definition').filter({ hasText: 'Cancelled' })).toBeVisible()
  await expect(second.getByRole('button', { name: 'Cancel order' })).toHaveCount(0)
  await expectStock(second, 'Decaf Colombian', 'Only 3 left')
})

test('the owner moves an order along its lifecycle, refunds it, and finds it by number or customer', async ({ page }) => {
  await openShop(page)
  await register(page, 'Owner', PASSWORD)
  await logOut(page)
  await register(page, 'Bob', PASSWORD)
  await openProduct(page, 'Glass Teapot') // 4 in stock
  await addToCart(page, '3')
  await cartLink(page).click()
  await checkoutOnDelivery(page)
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
  // A customer cannot reach the owner's pages.
  await page.goto('/admin/orders')
  await expect(page.getByRole('heading', { name: 'Not allowed', level: 1 })).toBeVisible()
  await logOut(page)

  await page.getByRole('link', { name: 'Log in' }).click()
  await login(page, 'Owner', PASSWORD)
  await goToMenuLink(page, 'Orders to fulfil')
  await expect(page.getByRole('heading', { name: 'All orders', level: 1 })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByLabel('Search orders').fill('bo')
  await expect(page.getByRole('table', { name: 'Orders' }).getByRole('row')).toHaveCount(2)
  await page.getByLabel('Search orders').fill('#1001')
  await expect(page.getByRole('row', { name: /#[2-9A-Z]{2,}-1001 Bob/ })).toBeVisible()
  await page.getByLabel('Search orders').fill('zed')
  await expect(page.getByText('No orders match.')).toBeVisible()
  await page.getByLabel('Search orders').fill('')
  await page.getByLabel('Status').selectOption('shipped')
  await expect(page.getByText('No orders match.')).toBeVisible()
  await page.getByLabel('Status').selectOption('placed')
  await page.getByRole('link', { name: /^#[2-9A-Z]{2,}-1001$/ }).click()
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible() // the URL is the order's now
  const orderUrl = page.url()

  for (const next of ['paid', 'processing', 'shipped', 'delivered']) {
    await page.getByRole('button', { name: `Mark as ${next}` }).click()
    await expect(page.getByRole('status').filter({ hasText: 'is now' })).toHaveText(new RegExp(`^Order #[2-9A-Z]{2,}-1001 is now ${next}\\.$`))
  }
  await expectNoAxeViolations(page)
  await expect(page.getByRole('button', { name: 'Cancel order' })).toHaveCount(0)
  await expectStock(page, 'Glass Teapot', 'Only 1 left')
  await page.goto(orderUrl)
  await page.getByLabel('Note for the history (optional)').fill('Returned unopened')
  await page.getByRole('button', { name: 'Refund order' }).click()
  // Delivered goods: the refund asks whether they came back; these did, so they go back into stock.
  const refund = page.getByRole('dialog', { name: /^Refund order #/ })
  await refund.getByRole('radio', { name: 'Yes, they came back: put them back into stock' }).check()
  await refund.getByRole('button', { name: /^Refund order #/ }).click()
  await expect(page.getByRole('list', { name: 'Status history' }).getByRole('listitem')).toHaveText([
    /^Placed/,
    /^Paid/,
    /^Processing/,
    /^Shipped/,
    /^Delivered/,
    /^Refunded.*Returned unopened/,
  ])
  await expect(page.getByRole('button', { name: 'Refund order' })).toHaveCount(0)
  await expectStock(page, 'Glass Teapot', 'Only 4 left')
})

test('tax at the shop rate, a guest cart merged on login, and a printable receipt', async ({ page }) => {
  await openShop(page)
  await register(page, 'Owner', PASSWORD)
  await goToMenuLink(page, 'Settings')
  await page.getByLabel('Shop name').fill('Corner Café')
  await page.getByLabel('Tax rate (%)').fill('8.255')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByLabel('Tax rate (%)')).toHaveAccessibleDescription(/at most two decimals/)
  await page.getByLabel('Currency').selectOption('JPY')
  await page.getByLabel('Tax rate (%)').fill('8.25')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByLabel('Currency')).toHaveAccessibleDescription(/Choose a currency with 2 decimal places/)
  await page.getByLabel('Currency').selectOption('EUR')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible()
  await expectNoAxeViolations(page)
  await expect(page.getByRole('link', { name: 'Corner Café' })).toBeVisible()
  await logOut(page)

  // A guest fills a cart, then creates an account: the cart comes along.
  await openProduct(page, 'Brass Bookmark') // 1 in stock, €8.99
  await addToCart(page, '1')
  await openProduct(page, 'Sea Salt Flakes') // €5.75
  await addToCart(page, '2')
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 3 items')
  await cartLink(page).click()
  await page.getByRole('link', { name: 'Go to checkout' }).click()
  await expect(page.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()
  await page.getByRole('link', { name: 'Create an account' }).click()
  await register(page, 'Dana', PASSWORD)
  await expect(page.getByRole('heading', { name: 'Checkout', level: 1 })).toBeVisible()
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 3 items')
  // 8.99 + 11.50 = 20.49; tax 8.25 % = 1.690… → 1.69; total 22.18
  const summary = page.getByRole('region', { name: 'Your order' })
  await expect(summary).toContainText('€20.49')
  await expect(summary).toContainText('Tax (8.25%)')
  await expect(summary).toContainText('€1.69')
  await expect(summary).toContainText('€22.18')
  await payByCard(page, '5555 5555 5555 4444')
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()

  await page.getByRole('link', { name: 'View printable receipt' }).click()
  await expect(page.getByRole('heading', { name: /^Receipt for order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
  const receipt = page.getByRole('article')
  await expect(receipt).toContainText('Corner Café')
  await expect(receipt).toContainText('Brass Bookmark')
  await expect(receipt).toContainText('€1.69')
  await expect(receipt).toContainText('€22.18')
  await expect(receipt).toContainText('Payment: Mastercard ending 4444')
  await expectNoAxeViolations(page)
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('banner')).toBeHidden()
  await expect(page.getByRole('button', { name: 'Print receipt' })).toBeHidden()
  await expect(receipt).toBeVisible()
})

test('a guest cart is capped by the stock when it merges into an account that already has some', async ({ page }) => {
  await openShop(page)
  await register(page, 'Alice', PASSWORD)
  await openProduct(page, 'Cinnamon Roll') // 2 in stock
  await addToCart(page, '1')
  await logOut(page)
  await openProduct(page, 'Cinnamon Roll')
  await addToCart(page, '2')
  await page.getByRole('link', { name: 'Log in' }).click()
  await login(page, 'Alice', PASSWORD)
  await cartLink(page).click()
  await expect(page.getByRole('status').filter({ hasText: 'limited to the stock' })).toHaveText(
    'Some items from before you logged in were limited to the stock left: Cinnamon Roll.',
  )
  const quantity = page.getByLabel('Quantity of Cinnamon Roll', { exact: true })
  await expect(quantity).toHaveValue('2')
  await expect(quantity).toHaveAttribute('max', '2')
})
