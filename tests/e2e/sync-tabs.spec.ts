/**
 * One sync engine per device, however many tabs of the shop are open (src/sync/tabs.ts): two
 * pages of one browser context are two tabs of one device (one IndexedDB, one cookie jar).
 * Exactly one of them talks to the server's changes feed, both show the same status, and
 * when that tab closes the other takes over: a product made on another device (another
 * context) still arrives. Same server set-up as sync.spec.ts.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { setupShopDatabase } from '../../scripts/sync-setup.mjs'
import { upsertShopUser } from '../../scripts/sync-user.mjs'
import { addToCart, cartLink, checkoutOnDelivery, goToMenuLink, openProduct, openShop, register } from './helpers'
import { COUCH_PASSWORD, addProduct, connect, startTestServer, syncStatus, type TestServer } from './syncHelpers'


const PASSWORD = 'correct horse battery'
const COUCH = { owner: 'olive-couch', owner2: 'bruno-couch' }
let server: TestServer

test.beforeAll(async () => {
  server = await startTestServer()
  const admin = { user: server.admin.name, password: server.admin.password }
  await upsertShopUser({ serverUrl: server.url, name: COUCH.owner, role: 'owner', userPassword: COUCH_PASSWORD, ...admin })
  await upsertShopUser({ serverUrl: server.url, name: COUCH.owner2, role: 'owner', userPassword: COUCH_PASSWORD, ...admin })
})
test.afterAll(async () => {
  await server?.stop()
})

const contexts: BrowserContext[] = []
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()))
})

async function newShop(): Promise<string> {
  const name = `shop-tabs-${Date.now().toString(36)}`
  await setupShopDatabase({ dbUrl: `${server.url}/${name}`, user: server.admin.name, password: server.admin.password, log: () => {} })
  return `http://localhost:${server.port}/${name}`
}

async function newDevice(browser: Browser, owner: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext()
  contexts.push(context)
  const page = await context.newPage()
  await openShop(page)
  await register(page, owner, PASSWORD)
  return { context, page }
}

/** Counts the page's requests to the server's changes feed (pull pages and longpolls). */
function feedRequests(page: Page): { count: () => number } {
  let n = 0
  page.on('request', (request) => {
    if (request.url().includes('/_changes')) n += 1
  })
  return { count: () => n }
}

test('two tabs of one device: one engine, one status; closing its tab hands sync to the other', async ({ browser }) => {
  const url = await newShop()
  const a = await newDevice(browser, 'Olive')
  const first = a.page
  const firstFeed = feedRequests(first)
  await connect(first, url, COUCH.owner)

  // A second tab of the same device: it shows the same status, and never asks the server's feed.
  const second = await a.context.newPage()
  const secondFeed = feedRequests(second)
  await second.goto('/')
  await expect(syncStatus(second)).toHaveText('Up to date', { timeout: 30_000 })
  await expect(syncStatus(first)).toHaveText('Up to date')
  expect(firstFeed.count()).toBeGreaterThan(0)

  // Another device's product: both tabs of A show it (the leader pulled it; the other tab's catalog follows the database).
  const b = await newDevice(browser, 'Bruno')
  await connect(b.page, url, COUCH.owner2, { join: 'merge' })
  await addProduct(b.page, 'Tab Test Kettle', 'TAB-0001', 4, '30.00')

  const search = async (page: Page, name: string) => {
    await page.getByRole('link', { name: 'Products', exact: true }).click()
    await page.getByRole('searchbox', { name: 'Search products' }).fill(name)
    return page.getByRole('list', { name: 'Products' }).getByRole('listitem').filter({ hasText: name })
  }
  await expect(await search(second, 'Tab Test Kettle')).toContainText('$30.00', { timeout: 15_000 })
  expect(secondFeed.count()).toBe(0)

  // "Sync now" works from the tab that does not run the engine.
  await goToMenuLink(second, 'Settings')
  await second.getByRole('button', { name: 'Sync now' }).click()
  await expect(syncStatus(second)).toHaveText('Up to date', { timeout: 30_000 })
  expect(secondFeed.count()).toBe(0)

  // The engine's tab closes: the other takes the lock and syncs on, from the same checkpoints.
  await first.close()
  await expect.poll(() => secondFeed.count(), { timeout: 15_000 }).toBeGreaterThan(0)
  await addProduct(b.page, 'Tab Test Ladle', 'TAB-0002', 2, '8.00')
  await expect(await search(second, 'Tab Test Ladle')).toContainText('$8.00', { timeout: 15_000 })
  await expect(syncStatus(second)).toHaveText('Up to date')

  // A checkout in a tab that does not run the engine still claims its stock on the server first.
  const third = await a.context.newPage()
  const thirdFeed = feedRequests(third)
  await third.goto('/')
  await expect(syncStatus(third)).toHaveText('Up to date', { timeout: 30_000 })
  await openProduct(third, 'Tab Test Ladle')
  await addToCart(third, '1')
  await cartLink(third).click()
  await checkoutOnDelivery(third)
  await expect(third.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-\d+$/, level: 1 })).toBeVisible({ timeout: 30_000 })
  await expect(third.getByText(/^Placed offline/)).toHaveCount(0)
  const auth = { Authorization: `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}` }
  const shopDb = url.replace(`http://localhost:${server.port}`, server.url)
  const all = (await (await fetch(`${shopDb}/_all_docs?include_docs=true`, { headers: auth })).json()) as { rows: { id: string; doc: { data?: { name?: string }; level?: number } }[] }
  const ladle = all.rows.find((r) => r.id.startsWith('products:') && r.doc.data?.name === 'Tab Test Ladle')!
  const stockDoc = all.rows.find((r) => r.id === `stock:${ladle.id.slice('products:'.length)}`)
  expect(stockDoc?.doc.level).toBe(1)
  expect(thirdFeed.count()).toBe(0)

  // "Stop syncing" in that tab stops the engine in the other and takes the status away in both.
  await goToMenuLink(third, 'Settings')
  await third.getByRole('button', { name: 'Stop syncing' }).click()
  await expect(syncStatus(third)).toHaveCount(0)
  await expect(syncStatus(second)).toHaveCount(0)
  const after = secondFeed.count()
  await second.waitForTimeout(1_500)
  expect(secondFeed.count()).toBe(after)
})
