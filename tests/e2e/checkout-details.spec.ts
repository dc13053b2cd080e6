import { expect, test, type Page } from '@playwright/test'
import { addToCart, cartLink, expectNoAxeViolations, openProduct, openShop, register } from './helpers'

const PASSWORD = 'correct horse battery'

test.use({ viewport: { width: 360, height: 740 } })

async function toCheckout(page: Page, product: string) {
  await openProduct(page, product)
  await addToCart(page, '1')
  await cartLink(page).click()
  await page.getByRole('link', { name: 'Go to checkout' }).click()
  await expect(page.getByRole('heading', { name: 'Checkout', level: 1 })).toBeVisible()
}

test('checkout on a phone: bad details are named by their fields, a pickup and a delivery are placed, shown and found', async ({ page }) => {
  await openShop(page)
  // The first account is the shop's owner: the one who also sees every order.
  await register(page, 'Olga', PASSWORD)
  await toCheckout(page, 'Sourdough Loaf')

  // Nothing typed: the form names what is missing, next to each field, and focus goes to the first.
  await page.getByRole('radio', { name: 'Pay at pickup' }).check()
  await page.getByRole('button', { name: 'Place order' }).click()
  const name = page.getByLabel('Name', { exact: true })
  await expect(name).toHaveAccessibleDescription('Enter the name the order is for.')
  await expect(name).toBeFocused()
  await expect(page.getByLabel('Phone')).toHaveAccessibleDescription(/Enter a phone number or an e-mail address/)
  await expectNoAxeViolations(page)

  // A pickup: a name and an e-mail address are enough; a bad address is refused first.
  await name.fill('Grace Hopper')
  await page.getByLabel('E-mail').fill('grace@example')
  await page.getByRole('button', { name: 'Place order' }).click()
  await expect(page.getByLabel('E-mail')).toHaveAccessibleDescription('This e-mail address is not valid: it looks like name@example.com.')
  await expect(page.getByLabel('E-mail')).toBeFocused()
  await page.getByLabel('E-mail').fill('grace@example.com')
  await page.getByLabel('Note for the shop (optional)').fill('Sliced, please')
  await page.getByRole('button', { name: 'Place order' }).click()
  await expect(page.getByRole('heading', { name: /^Order #/, level: 1 })).toBeVisible()
  const pickupNumber = (await page.getByRole('heading', { name: /^Order #/, level: 1 }).textContent())!.replace('Order #', '')
  await expect(page.getByRole('definition').filter({ hasText: 'Grace Hopper · grace@example.com' })).toBeVisible()
  await expect(page.getByRole('definition').filter({ hasText: 'Pickup at the shop' })).toBeVisible()
  await expect(page.getByRole('definition').filter({ hasText: 'Sliced, please' })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Status history' })).toContainText('Pay at pickup')

  // A delivery: the address must be whole; the form starts from the last order's details.
  await toCheckout(page, 'Wildflower Honey')
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Grace Hopper')
  await page.getByRole('radio', { name: 'Delivery', exact: true }).check()
  await expect(page.getByLabel('Street and number')).toHaveAttribute('autocomplete', 'shipping address-line1')
  await page.getByLabel('Street and number').fill('4 Harbour Lane')
  await page.getByLabel('Postal code').fill('EH6#6QA')
  await page.getByRole('radio', { name: 'Pay on delivery' }).check()
  await page.getByRole('button', { name: 'Place order' }).click()
  await expect(page.getByLabel('Postal code')).toHaveAccessibleDescription('A postal code has letters, digits, spaces and dashes only, at most 12.')
  await expect(page.getByLabel('Postal code')).toBeFocused()
  await expect(page.getByLabel('Town or city')).toHaveAccessibleDescription('Enter the town or city.')
  await expect(page.getByLabel('Country')).toHaveAccessibleDescription('Enter the country.')
  await expectNoAxeViolations(page)
  await page.getByLabel('Postal code').fill('eh6 6qa')
  await page.getByLabel('Town or city').fill('Leith')
  await page.getByLabel('Country').fill('Scotland')
  await page.getByLabel('Phone').fill('0131 496 0000')
  await page.getByRole('button', { name: 'Place order' }).click()
  await expect(page.getByRole('heading', { name: /^Order #/, level: 1 })).toBeVisible()
  const deliveryNumber = (await page.getByRole('heading', { name: /^Order #/, level: 1 }).textContent())!.replace('Order #', '')
  await expect(page.getByRole('definition').filter({ hasText: '4 Harbour Lane, EH6 6QA Leith, Scotland' })).toBeVisible()

  // The receipt says it too.
  await page.getByRole('link', { name: 'View printable receipt' }).click()
  await expect(page.getByRole('definition').filter({ hasText: '4 Harbour Lane, EH6 6QA Leith, Scotland' })).toBeVisible()
  await expect(page.getByRole('definition').filter({ hasText: 'Grace Hopper · 0131 496 0000 · grace@example.com' })).toBeVisible()
  await expectNoAxeViolations(page)

  // The owner's list shows how each order goes out, and its search finds them by their details.
  await page.goto('/admin/orders')
  const table = page.getByRole('table', { name: 'Orders' })
  await expect(table.getByRole('row', { name: new RegExp(deliveryNumber) })).toContainText('Delivery, Leith')
  await expect(table.getByRole('row', { name: new RegExp(pickupNumber) })).toContainText('Pickup')
  const search = page.getByRole('searchbox', { name: 'Search orders' })
  for (const [query, number] of [
    ['sliced', pickupNumber],
    ['0131496', deliveryNumber],
    ['harbour', deliveryNumber],
  ] as const) {
    await search.fill(query)
    await expect(table.getByRole('row')).toHaveCount(2)
    await expect(table.getByRole('row').nth(1)).toContainText(number)
  }
  await expectNoAxeViolations(page)
})
