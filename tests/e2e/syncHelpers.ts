/**
 * What the sync specs share (sync.spec.ts, sync-tabs.spec.ts): the test server's shape, the
 * CouchDB users' password, the sync status, and Settings → Sync's Connect with the join's
 * question answered as a person would.
 */
import { expect, type Page } from '@playwright/test'
// @ts-expect-error -- a plain .mjs script without type declarations (as in tests/sync/globalSetup.ts)
import { startTestServer as startServer } from '../../scripts/sync-server.mjs'
import { goToMenuLink } from './helpers'

/** What scripts/sync-server.mjs's startTestServer gives (the parts used here). */
export interface TestServer {
  url: string
  port: number
  admin: { name: string; password: string }
  /** Stops the server for real (its port refuses connections), keeping its data. */
  halt(): Promise<void>
  resume(): Promise<void>
  stop(): Promise<void>
}
export const startTestServer = startServer as () => Promise<TestServer>

/** The password of every CouchDB user the specs make. */
export const COUCH_PASSWORD = 'couch-secret-pass'

export function syncStatus(page: Page) {
  return page.getByRole('status', { name: 'Sync status' })
}

/** The question a device with data of its own is asked when the shop it connects to has data too. */
export function joinChoice(page: Page) {
  return page.getByRole('group', { name: 'This shop already has data, and so has this device' })
}

/**
 * Settings → Sync: the server's address and a CouchDB user, "Connect", and wait until the
 * device is up to date. `join` answers the question a device with data of its own is asked
 * when the shop has data too: 'merge' adds this device's data to the shop (an owner: its local
 * account stays), 'shop' uses the shop's data (the local account goes: the person is logged
 * out and the page leaves Settings, so the notice is waited for instead of "Connected").
 */
export async function connect(page: Page, url: string, couchUser: string, { upToDate = true, join }: { upToDate?: boolean; join?: 'merge' | 'shop' } = {}): Promise<void> {
  await goToMenuLink(page, 'Settings')
  await expect(page.getByRole('heading', { name: 'Sync', level: 2 })).toBeVisible()
  await page.getByLabel('Server address').fill(url)
  await page.getByLabel('Username').fill(couchUser)
  await page.getByLabel('Password', { exact: true }).fill(COUCH_PASSWORD)
  await page.getByRole('button', { name: 'Connect' }).click()
  if (join) {
    const choice = joinChoice(page)
    await expect(choice).toBeVisible({ timeout: 30_000 })
    await choice.getByRole('radio', { name: join === 'merge' ? "Add this device's data to the shop" : "Use the shop's data on this device" }).check()
    const confirm = choice.getByRole('checkbox', { name: /^Yes, delete the/ })
    if (join === 'shop' && (await confirm.count()) > 0) await confirm.check()
    await page.getByRole('button', { name: 'Join the shop' }).click()
  }
  if (join === 'shop') await expect(joinedNotice(page)).toBeVisible({ timeout: 30_000 })
  else await expect(page.getByRole('status').filter({ hasText: `Connected to ${url} as ${couchUser}.` })).toBeVisible({ timeout: 30_000 })
  if (upToDate) await expect(syncStatus(page)).toHaveText('Up to date', { timeout: 60_000 })
}

/** The notice after the shop's data replaced this device's and its own accounts went. */
export function joinedNotice(page: Page) {
  return page.getByRole('alert').filter({ hasText: "This device now uses the shop's data." })
}

/** Inventory → Add a product, with `stock` units. */
export async function addProduct(page: Page, name: string, sku: string, stock: number, price = '12.00'): Promise<void> {
  await goToMenuLink(page, 'Inventory')
  await page.getByRole('link', { name: 'Add a product' }).click()
  await expect(page.getByRole('heading', { name: 'New product', level: 1 })).toBeVisible()
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByLabel('SKU').fill(sku)
  await page.getByLabel('Category').fill('Kitchen')
  await page.getByLabel('Description').fill('Made for the sync test.')
  await page.getByLabel('Price (USD)').fill(price)
  await page.getByLabel('Stock', { exact: true }).fill(String(stock))
  await page.getByRole('button', { name: 'Add product' }).click()
  await expect(page.getByText('Product added.')).toBeVisible()
}
