/**
 * Backups in the real app: one taken while a guest in another tab has a cart restores (the
 * guest's cart is that tab's, not the shop's, and stays); the preview says what restoring
 * does and the "Restore this backup?" dialog asks for the owner's password (axe, light and
 * dark); a backup edited by hand, its checksum computed again, is refused naming the record.
 */
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { addToCart, cartLink, checkoutOnDelivery, expectNoAxeViolations, goToMenuLink, login, openProduct, openShop, register } from './helpers'

const PASSWORD = 'correct horse battery'

async function openSettings(page: Page): Promise<void> {
  await goToMenuLink(page, 'Settings')
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
}

/** Downloads the shop's backup from the settings page and returns its path. */
async function downloadBackup(page: Page, path: string): Promise<string> {
  await openSettings(page)
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Download backup' }).click()
  await (await downloading).saveAs(path)
  return path
}

test('a backup taken while a guest in another tab has a cart restores, with the guest’s cart kept and everyone else logged out', async ({ context }, testInfo) => {
  test.slow() // two registrations' and two logins' worth of PBKDF2, and two axe scans
  // Two tabs of one browser, opened before anyone has an account: one stays a guest.
  const guest = await context.newPage()
  const owner = await context.newPage()
  await openShop(guest)
  await openShop(owner)
  await register(owner, 'Olga', PASSWORD)
  // After the registration: registering brings the device's guest cart into the new account.
  await openProduct(guest, 'Glass Teapot')
  await addToCart(guest, '2')
  await expect(cartLink(guest)).toHaveAccessibleName('Cart, 2 items')
  await openProduct(owner, 'Stoneware Mug')
  await addToCart(owner, '1')
  await cartLink(owner).click()
  await checkoutOnDelivery(owner)
  await expect(owner.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
  // The guest is still a guest, cart and all.
  await expect(cartLink(guest)).toHaveAccessibleName('Cart, 2 items')

  const backupPath = await downloadBackup(owner, testInfo.outputPath('backup.json'))
  const file = JSON.parse(readFileSync(backupPath, 'utf8'))
  // The guest's cart is the device's, like its sessions: not in the file.
  expect(file.tables.cartItems.map((c: { userId: string }) => c.userId)).not.toContain('guest')

  // The shop changes after the backup: a second order.
  await openProduct(owner, 'Stoneware Mug')
  await addToCart(owner, '2')
  await cartLink(owner).click()
  await checkoutOnDelivery(owner)
  await expect(owner.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1002$/, level: 1 })).toBeVisible()

  // The preview says what restoring does.
  await openSettings(owner)
  await owner.getByLabel('Backup file').setInputFiles(backupPath)
  await expect(owner.getByText(/It holds 1 account, 25 products, 1 order, 0 cart lines\./)).toBeVisible()
  await expect(owner.getByText('The owner will be Olga.')).toBeVisible()
  await expect(owner.getByText('The backup’s 1 account replaces the 1 account on this device now.')).toBeVisible()
  await expect(owner.getByText('Everyone on this device is logged out, you included, and logs in again with an account from the backup.')).toBeVisible()

  // The dialog: named, described, the password field focused; cancel gives focus back.
  const replace = owner.getByRole('button', { name: 'Replace this shop with the backup' })
  await replace.click()
  const dialog = owner.getByRole('dialog', { name: 'Restore this backup?' })
  await expect(dialog).toHaveAccessibleDescription(/everyone on this device is logged out\. This cannot be undone\./)
  const password = dialog.getByLabel('Your password')
  await expect(password).toBeFocused()
  await expectNoAxeViolations(owner)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  await expect(replace).toBeFocused()

  // A wrong password: said next to the field, nothing restored.
  await replace.click()
  await password.fill('not my password')
  await dialog.getByRole('button', { name: 'Restore this backup' }).click()
  await expect(password).toHaveAccessibleDescription('That is not your password. Nothing was restored.')
  await expectNoAxeViolations(owner)

  await password.fill(PASSWORD)
  await dialog.getByRole('button', { name: 'Restore this backup' }).click()
  await expect(owner.getByRole('status').filter({ hasText: 'Log in with an account' })).toHaveText(
    /The shop was restored from the backup\. Log in with an account from the backup\./,
  )
  await expect(owner.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()

  // The guest's tab keeps its cart: its teapots are in the restored shop.
  await expect(cartLink(guest)).toHaveAccessibleName('Cart, 2 items')

  // Exactly the backup's shop: one order.
  await login(owner, 'Olga', PASSWORD)
  await goToMenuLink(owner, 'My orders')
  await expect(owner.getByRole('list', { name: 'Orders' }).getByRole('listitem')).toHaveCount(1)
  await expect(owner.getByRole('link', { name: /^Order #[2-9A-Z]{2,}-1001$/ })).toBeVisible()
})

test('a backup edited by hand, its checksum computed again, is refused naming the record', async ({ page }, testInfo) => {
  test.slow()
  await openShop(page)
  await register(page, 'Olga', PASSWORD)
  const file = JSON.parse(readFileSync(await downloadBackup(page, testInfo.outputPath('backup.json')), 'utf8'))

  // 99 mugs out of nowhere: the stock no longer matches its ledger. The checksum only shows damage; anyone can recompute it.
  const mug = file.tables.products.find((p: { name: string }) => p.name === 'Stoneware Mug')
  mug.stock = 99
  file.checksum = `sha256:${createHash('sha256').update(JSON.stringify(file.tables)).digest('hex')}`
  const tamperedPath = testInfo.outputPath('tampered.json')
  writeFileSync(tamperedPath, JSON.stringify(file))

  const input = page.getByLabel('Backup file')
  await input.setInputFiles(tamperedPath)
  await expect(input).toHaveAccessibleDescription(
    `Product “Stoneware Mug” (SKU ${mug.sku}): its stock is 99 but its stock movements add up to 20. Nothing was imported.`,
  )
  await expect(page.getByRole('button', { name: 'Replace this shop with the backup' })).toHaveCount(0)
  await expectNoAxeViolations(page)
})
