import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import { addToCart, cartLink, checkoutOnDelivery, expectNoAxeViolations, goToMenuLink, openProduct, openShop, register } from './helpers'

const PASSWORD = 'correct horse battery'

async function expectStock(page: Page, product: string, text: string) {
  await openProduct(page, product)
  await expect(page.getByText(text, { exact: true })).toBeVisible()
}

test('a CSV exported, a sale made, the same file re-imported with the default choices: stock unchanged, inventory verifies', async ({ page }) => {
  await openShop(page)
  await register(page, 'Olivia', PASSWORD)

  // The export, while Decaf Colombian has 3 in stock.
  await page.goto('/inventory/csv')
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export products as CSV' }).click()
  const csv = await readFile(await (await downloading).path(), 'utf8')
  expect(csv).toContain('COF-0003,Decaf Colombian,Coffee,Swiss-water decaf with a smooth caramel finish. 250 g.,11.49,3,5,no')

  // A sale: 2 of the 3.
  await openProduct(page, 'Decaf Colombian')
  await addToCart(page, '2')
  await cartLink(page).click()
  await checkoutOnDelivery(page)
  await expect(page.getByRole('heading', { name: /^Order #/, level: 1 })).toBeVisible()
  await expectStock(page, 'Decaf Colombian', 'Only 1 left')

  // The old file again: first a preview; the file's stock (3) is not the shop's (1), and by default it is kept.
  await page.goto('/inventory/csv')
  await page.getByLabel('CSV file').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.getByRole('button', { name: 'Import products' }).click()
  const preview = page.getByRole('region', { name: 'Preview of products.csv' })
  await expect(preview).toContainText('0 to add, 0 to update, 25 unchanged.')
  const stock = preview.getByRole('group', { name: 'Stock of products already in the shop' })
  await expect(stock).toContainText('1 product has another stock in the file')
  await expect(stock.getByRole('radio', { name: /Keep the shop's stock/ })).toBeChecked()
  await expect(preview.getByRole('table', { name: 'Stock changes' })).toHaveCount(0)
  await expectNoAxeViolations(page)

  // Choosing to set it shows the change, product by product, before anything is written…
  await stock.getByRole('radio', { name: /Set the stock to the file's figures/ }).check()
  const changes = preview.getByRole('table', { name: 'Stock changes' })
  await expect(changes.getByRole('row')).toHaveCount(2)
  await expect(changes.getByRole('row').nth(1)).toHaveText(/COF-0003\s*Decaf Colombian\s*1 → 3\s*\+2/)
  await expect(preview).toContainText('0 to add, 1 to update, 24 unchanged.')
  await expectNoAxeViolations(page)
  // …and going back to the default is one click.
  await stock.getByRole('radio', { name: /Keep the shop's stock/ }).check()
  await expect(preview.getByRole('table', { name: 'Stock changes' })).toHaveCount(0)

  await preview.getByRole('button', { name: 'Confirm import' }).click()
  await expect(page.getByText('Import complete: 0 added, 0 updated, 25 unchanged.')).toBeVisible()
  await expectStock(page, 'Decaf Colombian', 'Only 1 left')

  await goToMenuLink(page, 'Inventory')
  await page.getByRole('button', { name: 'Verify inventory' }).click()
  await expect(page.getByText('All 25 products match their stock ledger.')).toBeVisible()
})
