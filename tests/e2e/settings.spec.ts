/**
 * The owner's settings page: the device's storage (usage, quota, persistence) and the
 * shop's backup — export to a file, refuse bad files next to the field, restore all of it.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { addToCart, cartLink, checkoutOnDelivery, confirmRestore, expectNoAxeViolations, goToMenuLink, login, logOut, manageButton, openMenu, openProduct, openShop, register } from './helpers'

const PASSWORD = 'correct horse battery'

/** Sets Chromium's "persistent storage" permission for this page's origin and context. */
async function setPersistentStorage(page: Page, setting: 'granted' | 'denied'): Promise<void> {
  const session = await page.context().newCDPSession(page)
  const { targetInfo } = await session.send('Target.getTargetInfo')
  const browserSession = await page.context().browser()!.newBrowserCDPSession()
  await browserSession.send('Browser.setPermission', {
    permission: { name: 'persistent-storage' },
    setting,
    origin: new URL(page.url()).origin,
    browserContextId: targetInfo.browserContextId,
  })
}

async function openSettings(page: Page): Promise<void> {
  await goToMenuLink(page, 'Settings')
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
}

test('the owner sees how much storage the shop uses and can ask the browser to keep it', async ({ page }) => {
  // Count the app's own requests for persistent storage.
  await page.addInitScript(() => {
    const persist = StorageManager.prototype.persist
    StorageManager.prototype.persist = function () {
      const w = window as unknown as { persistCalls?: number }
      w.persistCalls = (w.persistCalls ?? 0) + 1
      return persist.call(this)
    }
  })
  await openShop(page)
  await setPersistentStorage(page, 'denied')
  expect(await page.evaluate(() => (window as unknown as { persistCalls?: number }).persistCalls ?? 0)).toBe(0)
  await register(page, 'Olga', PASSWORD)
  // Once someone has an account, the shop asks the browser to keep its data.
  await expect.poll(() => page.evaluate(() => (window as unknown as { persistCalls?: number }).persistCalls ?? 0)).toBeGreaterThan(0)

  await openSettings(page)
  const storage = page.getByRole('region', { name: 'Storage on this device' })
  await expect(storage).toContainText(/Used by the shop\s*[\d.,]+ (bytes|kB|MB)/)
  await expect(storage).toContainText(/Available to the shop\s*[\d.,]+ (MB|GB|TB)/)
  await expect(storage).toContainText(/Share used\s*[\d.,]+%/)
  await expect(storage).toContainText('Off: the browser may clear the shop’s data when the device runs low on space.')
  await expectNoAxeViolations(page)

  const keep = storage.getByRole('button', { name: 'Keep data on this device' })
  await keep.click()
  await expect(storage.getByRole('status')).toHaveText(/The browser said no for now\./)

  await setPersistentStorage(page, 'granted')
  await keep.click()
  await expect(storage).toContainText('On: the browser will not clear the shop’s data to free space.')
  await expect(storage.getByRole('status')).toHaveText('The browser will keep the shop’s data.')
  await expect(keep).toHaveCount(0)
  await expectNoAxeViolations(page)
})

test('the owner exports the shop, bad files are refused next to the field, and a restore brings back exactly the backup', async ({
  page,
}, testInfo) => {
  // A long story with three axe scans; a loaded machine needs more than a minute.
  test.slow()
  await openShop(page)
  await register(page, 'Olga', PASSWORD)
  await openProduct(page, 'Decaf Colombian')
  await addToCart(page, '2')
  await cartLink(page).click()
  await checkoutOnDelivery(page)
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()

  // Export.
  await openSettings(page)
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Download backup' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^offline-shop-backup-\d{4}-\d{2}-\d{2}\.json$/)
  const backupPath = testInfo.outputPath(download.suggestedFilename())
  await download.saveAs(backupPath)
  await expect(page.getByRole('status').filter({ hasText: 'Backup saved as' })).toHaveText(`Backup saved as ${download.suggestedFilename()}.`)
  const file = JSON.parse(readFileSync(backupPath, 'utf8'))
  expect(file).toMatchObject({ format: 'offline-shop-backup', formatVersion: 2, appVersion: expect.any(String) })
  expect(file.checksum).toMatch(/^sha256:[0-9a-f]{64}$/)
  expect(file.tables.products).toHaveLength(25)
  expect(file.tables.orders).toHaveLength(1)
  expect(file.tables.users).toHaveLength(1)

  // The shop changes after the backup: a second order.
  await openProduct(page, 'Stoneware Mug')
  await addToCart(page, '3')
  await cartLink(page).click()
  await checkoutOnDelivery(page)
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1002$/, level: 1 })).toBeVisible()

  // Bad files: each refused next to the field, nothing restored.
  await openSettings(page)
  const input = page.getByLabel('Backup file')
  await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"offline-shop-backup",') })
  await expect(input).toHaveAccessibleDescription(
    'This file is not valid JSON, so it is not a shop backup (it may be damaged or cut short). Nothing was imported.',
  )
  await expect(page.getByRole('button', { name: 'Replace this shop with the backup' })).toHaveCount(0)
  await expectNoAxeViolations(page)

  const tampered = structuredClone(file)
  tampered.tables.products[0].price = 1
  await input.setInputFiles({ name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tampered)) })
  await expect(input).toHaveAccessibleDescription(
    'The backup file was damaged or changed after it was exported: its checksum does not match. Nothing was imported.',
  )
  const newer = { ...file, formatVersion: 3 }
  const newerPath = testInfo.outputPath('newer.json')
  writeFileSync(newerPath, JSON.stringify(newer))
  await input.setInputFiles(newerPath)
  await expect(input).toHaveAccessibleDescription(/^This backup uses format version 3; this version of the shop reads format versions 1 to 2\./)

  // The real file: what it holds, then the restore.
  await input.setInputFiles(backupPath)
  await expect(page.getByText(/It holds 1 account, 25 products, 1 order, 0 cart lines\./)).toBeVisible()
  await expect(input).not.toHaveAttribute('aria-invalid', 'true')
  await expectNoAxeViolations(page)
  await confirmRestore(page, PASSWORD)
  // Every account is the backup's now: everyone on this device logs in again, Olga too.
  await expect(page.getByRole('status').filter({ hasText: 'Log in with an account' })).toHaveText(
    /The shop was restored from the backup\. Log in with an account from the backup\./,
  )
  await expect(page.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()
  await login(page, 'Olga', PASSWORD)

  // Exactly the shop of the backup: one order, and the stock as it was then.
  await goToMenuLink(page, 'My orders')
  await expect(page.getByRole('list', { name: 'Orders' }).getByRole('listitem')).toHaveCount(1)
  await expect(page.getByRole('link', { name: /^Order #[2-9A-Z]{2,}-1001$/ })).toBeVisible()
  // 20 mugs again (the second order had taken 3), and still the 1 decaf the first order left.
  await openProduct(page, 'Stoneware Mug')
  await page.getByLabel('Quantity').fill('20')
  await page.getByRole('button', { name: 'Check availability' }).click()
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Yes, 20 are available.')
  await openProduct(page, 'Decaf Colombian')
  await expect(page.getByText('Only 1 left')).toBeVisible()
})

test('moving the shop to another device: a restore there brings the backup’s accounts, and its owner logs in', async ({
  page,
  browser,
}, testInfo) => {
  // Two devices, two registrations and an axe scan.
  test.slow()
  await openShop(page)
  await register(page, 'Olga', PASSWORD)
  await openProduct(page, 'Glass Teapot')
  await addToCart(page, '1')
  await openSettings(page)
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Download backup' }).click()
  const backupPath = testInfo.outputPath('backup.json')
  await (await downloading).saveAs(backupPath)

  // Another device (a fresh browser profile) with its own owner.
  const device = await browser.newContext()
  const other = await device.newPage()
  await openShop(other)
  await register(other, 'Nina', PASSWORD)
  await openSettings(other)
  await other.getByLabel('Backup file').setInputFiles(backupPath)
  await expect(other.getByText(/It holds 1 account, 25 products, 0 orders, 1 cart line\./)).toBeVisible()
  await expect(other.getByText('The owner will be Olga.')).toBeVisible()
  await expect(other.getByText('The backup’s 1 account replaces the 1 account on this device now.')).toBeVisible()
  // Nina confirms with her own password: she is this device's owner until the restore.
  await confirmRestore(other, PASSWORD)

  // Nina is not in the restored shop: she is logged out and told how to go on.
  await expect(other.getByRole('status').filter({ hasText: 'restored' })).toHaveText(
    /The shop was restored from the backup\. Log in with an account from the backup\./,
  )
  await expect(other.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()
  await expectNoAxeViolations(other)
  await other.getByLabel('Username').fill('Olga')
  await other.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await other.getByRole('button', { name: 'Log in' }).click()
  await expect(manageButton(other)).toBeVisible({ timeout: 20_000 })
  await expect((await openMenu(other)).getByText('(owner)')).toBeVisible()
  await expect(cartLink(other)).toHaveAccessibleName('Cart, 1 item')
  await device.close()
})

test('a customer has no settings link', async ({ page }) => {
  await openShop(page)
  await register(page, 'Olga', PASSWORD)
  await expect((await openMenu(page)).getByRole('link', { name: 'Settings' })).toBeVisible()
  await logOut(page)
  await register(page, 'Carl', PASSWORD)
  const menu = await openMenu(page)
  await expect(menu.getByText('(owner)')).toHaveCount(0)
  await expect(menu.getByRole('link', { name: 'Settings' })).toHaveCount(0)
})
