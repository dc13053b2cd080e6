/**
 * A shop on several devices: each device is its own browser context (its own IndexedDB), all
 * syncing through one real CouchDB-speaking server (pouchdb-server, scripts/sync-server.mjs)
 * set up by scripts/sync-setup.mjs, with CouchDB users: two owners and a till (seller).
 *
 * The app runs on http://localhost:PORT; it is given the server as http://localhost:<couch
 * port>/<db> — the same site, so the server's AuthSession cookie goes with every request
 * (127.0.0.1 would be another site).
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { setupShopDatabase } from '../../scripts/sync-setup.mjs'
import { upsertShopUser } from '../../scripts/sync-user.mjs'
import { addToCart, cartLink, checkoutOnDelivery, expectNoAxeViolations, fillDelivery, goToLogin, goToMenuLink, goToProducts, login, logOut, openProduct, openShop, register } from './helpers'
import { COUCH_PASSWORD, addProduct, connect, joinChoice, joinedNotice, startTestServer, syncStatus, type TestServer } from './syncHelpers'


const PASSWORD = 'correct horse battery'
const COUCH = { owner: 'olive-couch', owner2: 'bruno-couch', till: 'till-couch' }

let server: TestServer
let shopNumber = 0

test.beforeAll(async () => {
  server = await startTestServer()
  const admin = { user: server.admin.name, password: server.admin.password }
  await upsertShopUser({ serverUrl: server.url, name: COUCH.owner, role: 'owner', userPassword: COUCH_PASSWORD, ...admin })
  await upsertShopUser({ serverUrl: server.url, name: COUCH.owner2, role: 'owner', userPassword: COUCH_PASSWORD, ...admin })
  await upsertShopUser({ serverUrl: server.url, name: COUCH.till, role: 'seller', userPassword: COUCH_PASSWORD, ...admin })
  // CouchDB keeps its cookie secret in its config across restarts; pouchdb-server makes a new
  // one at each start unless it is set, and a restart would end every session.
  const auth = { Authorization: `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}` }
  const { secret } = (await (await fetch(`${server.url}/_config/couch_httpd_auth`, { headers: auth })).json()) as { secret: string }
  const pinned = await fetch(`${server.url}/_config/couch_httpd_auth/secret`, { method: 'PUT', headers: auth, body: JSON.stringify(secret) })
  expect(pinned.ok).toBe(true)
})

test.afterAll(async () => {
  await server?.stop()
})

/** A fresh shop database on the server, set up as `npm run sync:setup` does; its address as the app is given it. */
async function newShop(): Promise<string> {
  shopNumber += 1
  const name = `shop-e2e-${shopNumber}-${Date.now().toString(36)}`
  await setupShopDatabase({ dbUrl: `${server.url}/${name}`, user: server.admin.name, password: server.admin.password, log: () => {} })
  return `http://localhost:${server.port}/${name}`
}

const contexts: BrowserContext[] = []
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()))
  // A test that halted the server leaves it running for the next.
  if (!(await reachable())) await server.resume()
})

async function reachable(): Promise<boolean> {
  try {
    await fetch(server.url)
    return true
  } catch {
    return false
  }
}

/** A new device: its own context; the shop opened (the demo catalog seeded) and its first account, the local owner. */
async function newDevice(browser: Browser, owner: string, { synthetic = 0 } = {}): Promise<Page> {
  const context = await browser.newContext()
  contexts.push(context)
  const page = await context.newPage()
  if (synthetic > 0) {
    // A big catalog (the synthetic one) instead of the demo's, seeded on this first visit.
    await page.goto(`/?synthetic=${synthetic}`)
    await expect(page.getByText(/^(Showing [\d,]+ products — scroll for more|[\d,]+ products)$/)).toBeVisible({ timeout: 30_000 })
    await expect(page.getByText(/^Adding demo products/)).toHaveCount(0, { timeout: 60_000 })
  } else await openShop(page)
  await register(page, owner, PASSWORD)
  return page
}

/** Buys `quantity` of `product` and pays on delivery; resolves once the order's page shows (or the refusal does). */
async function buy(page: Page, product: string, quantity: number): Promise<void> {
  await openProduct(page, product)
  await addToCart(page, String(quantity))
  await cartLink(page).click()
  await checkoutOnDelivery(page)
}

/** The catalog's count of every product ("1,126 products"), read once it is exact. */
async function catalogCount(page: Page): Promise<number> {
  await goToProducts(page)
  await page.getByRole('searchbox', { name: 'Search products' }).fill('')
  const count = page.getByRole('status').filter({ hasText: /^[\d,]+ products?$/ })
  await expect(count).toBeVisible({ timeout: 30_000 })
  return Number((await count.textContent())!.replace(/\D/g, ''))
}

const orderHeading = (page: Page) => page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-\d+$/, level: 1 })

/** Waits until the device has nothing waiting and its last round reached the server. */
async function settled(page: Page): Promise<void> {
  await expect(syncStatus(page)).toHaveText('Up to date', { timeout: 60_000 })
}

/**
 * A shop on two owners' devices: Olive's (A) adds `product` and syncs it, then Bruno's (B),
 * with his own account, joins and adds its data.
 */
async function twoDevicesWith(browser: Browser, product: { name: string; sku: string; stock: number }): Promise<{ url: string; a: Page; b: Page }> {
  const url = await newShop()
  const a = await newDevice(browser, 'Olive')
  await connect(a, url, COUCH.owner)
  await addProduct(a, product.name, product.sku, product.stock)
  await settled(a)
  const b = await newDevice(browser, 'Bruno')
  await connect(b, url, COUCH.owner2, { join: 'merge' })
  return { url, a, b }
}

test('the owner adds a product on one device and the other shows it within seconds; axe on the sync pages', async ({ browser }) => {
  const url = await newShop()
  const a = await newDevice(browser, 'Olive')
  // Before connecting there is no sync status anywhere.
  await expect(syncStatus(a)).toHaveCount(0)
  await goToMenuLink(a, 'Settings')
  await expect(a.getByRole('heading', { name: 'Sync', level: 2 })).toBeVisible()
  await expectNoAxeViolations(a)

  // Each failure has its own message: a wrong password by the password, a server without the shop's design doc under the form.
  await a.getByLabel('Server address').fill(url)
  await a.getByLabel('Username').fill(COUCH.owner)
  await a.getByLabel('Password', { exact: true }).fill('not-the-password')
  await a.getByRole('button', { name: 'Connect' }).click()
  await expect(a.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/did not accept that username and password/)
  await a.getByLabel('Server address').fill('couch.example.com')
  await a.getByRole('button', { name: 'Connect' }).click()
  await expect(a.getByLabel('Server address')).toHaveAccessibleDescription(/not the address of a database/)
  await expectNoAxeViolations(a)

  await connect(a, url, COUCH.owner)
  await expect(a.getByText(`${COUCH.owner} (owner)`)).toBeVisible()
  await expect(a.getByRole('link', { name: 'Sync settings' })).toHaveAttribute('href', '/settings#sync')
  await expect(a.getByText(/^Last synced /).first()).toBeVisible()
  await expectNoAxeViolations(a)

  const b = await newDevice(browser, 'Bruno')
  await connect(b, url, COUCH.owner2, { join: 'merge' })
  // B received A's catalog and A's owner account.
  await addProduct(a, 'Sync Test Teapot', 'SYN-0001', 5, '45.50')
  await b.getByRole('link', { name: 'Products', exact: true }).click()
  await b.getByRole('searchbox', { name: 'Search products' }).fill('Sync Test Teapot')
  const card = b.getByRole('list', { name: 'Products' }).getByRole('listitem').filter({ hasText: 'Sync Test Teapot' })
  await expect(card).toContainText('$45.50', { timeout: 10_000 })
  await expectNoAxeViolations(b)

  // "Stop syncing" keeps the data and takes the status away.
  await b.getByRole('link', { name: 'Sync settings' }).click()
  await b.getByRole('button', { name: 'Stop syncing' }).click()
  await expect(b.getByRole('status').filter({ hasText: 'Sync stopped. Everything stays on this device.' })).toBeVisible()
  await expect(syncStatus(b)).toHaveCount(0)
  await openProduct(b, 'Sync Test Teapot')
})

test('offline, both devices sell the last units: every order is kept, the ledger merged, the product oversold', async ({ browser }) => {
  const { a, b } = await twoDevicesWith(browser, { name: 'Last Two Jars', sku: 'SYN-0002', stock: 2 })
  await openProduct(b, 'Last Two Jars')
  await expect(b.getByText('Only 2 left')).toBeVisible()

  await a.context().setOffline(true)
  await b.context().setOffline(true)
  await buy(a, 'Last Two Jars', 2)
  await expect(orderHeading(a)).toBeVisible()
  const orderA = (await orderHeading(a).textContent())!.replace('Order #', '')
  await buy(b, 'Last Two Jars', 2)
  await expect(orderHeading(b)).toBeVisible()
  const orderB = (await orderHeading(b).textContent())!.replace('Order #', '')
  // Each device tried to push its sale and could not.
  await expect(syncStatus(a)).toHaveText(/Offline|changes? waiting/)
  await expect(syncStatus(b)).toHaveText(/Offline|changes? waiting/)

  await a.context().setOffline(false)
  await b.context().setOffline(false)
  await settled(a)
  await settled(b)
  await a.getByRole('link', { name: 'Sync settings' }).click()
  await a.getByRole('button', { name: 'Sync now' }).click()
  await settled(a)

  for (const page of [a, b]) {
    await goToMenuLink(page, 'Orders to fulfil')
    await expect(page.getByText(orderA).first()).toBeVisible({ timeout: 20_000 })
    await expect(page.getByText(orderB).first()).toBeVisible({ timeout: 20_000 })
    await goToMenuLink(page, 'Inventory')
    const attention = page.getByRole('region', { name: 'Needs your attention' })
    await expect(attention).toContainText('Last Two Jars', { timeout: 20_000 })
    await expect(attention).toContainText('Oversold by 2')
  }
})

test('online, two devices race for the last unit: one order, and the other person is told', async ({ browser }) => {
  const { a, b } = await twoDevicesWith(browser, { name: 'Only One Vase', sku: 'SYN-0003', stock: 1 })
  for (const page of [a, b]) {
    await openProduct(page, 'Only One Vase')
    await addToCart(page, '1')
    await cartLink(page).click()
    await page.getByRole('link', { name: 'Go to checkout' }).click()
    await fillDelivery(page)
    await page.getByRole('radio', { name: 'Pay on delivery' }).check()
  }
  // Both press "Place order" at once.
  await Promise.all([a, b].map((page) => page.getByRole('button', { name: 'Place order' }).click()))
  const placed = await Promise.all(
    [a, b].map((page) =>
      Promise.race([
        orderHeading(page).waitFor({ timeout: 30_000 }).then(() => 'order'),
        page.getByRole('alert').filter({ hasText: /Only One Vase/ }).waitFor({ timeout: 30_000 }).then(() => 'told'),
      ]),
    ),
  )
  expect([...placed].sort()).toEqual(['order', 'told'])
  const loser = placed[0] === 'told' ? a : b
  await expect(loser.getByRole('alert').filter({ hasText: 'another device sold it first' }).first()).toContainText('Only One Vase')
  await settled(a)
  await settled(b)
  for (const page of [a, b]) {
    await goToMenuLink(page, 'Inventory')
    await expect(page.getByRole('region', { name: 'Needs your attention' }).filter({ hasText: 'Only One Vase' })).toHaveCount(0)
  }
})

test('the server stops mid-sync and comes back: sync resumes, nothing lost, nothing twice', async ({ browser }) => {
  // A big shop to join (about 2,200 documents: a page of 500, then the rest), and its pushes and pulls: longer than most tests.
  test.setTimeout(300_000)
  const url = await newShop()
  const a = await newDevice(browser, 'Olive', { synthetic: 1_100 })
  await connect(a, url, COUCH.owner, { upToDate: false })
  await expect(syncStatus(a)).toHaveText('Up to date', { timeout: 120_000 })
  await addProduct(a, 'Halted Kettle', 'SYN-0004', 5)
  await settled(a)
  const shopProducts = await catalogCount(a)

  // B (the demo catalog and its own account) joins, adding its data (the untouched demo stays
  // off the shop): the server stops in the middle of the join.
  const b = await newDevice(browser, 'Bruno')
  const progress = b.getByRole('progressbar', { name: /^Receiving the shop: [\d,]+ of [\d,]+…$/ })
  // The join's second page is asked for while its first is written: that request waits until
  // the first page shows in the progress bar, then the server is stopped under it for real (the
  // request goes on to a closed port). The join is then surely mid-way, whatever the machine's speed.
  let halted = false
  await b.route(/\/_changes\?/, async (route) => {
    const since = new URL(route.request().url()).searchParams.get('since')
    if (halted || since === '0') return route.continue()
    halted = true
    await expect(progress).toHaveAccessibleName(/^Receiving the shop: [1-9][\d,]* of [\d,]+…$/, { timeout: 60_000 })
    await server.halt()
    await route.continue()
  })
  await connect(b, url, COUCH.owner2, { upToDate: false, join: 'merge' })
  await expect(syncStatus(b)).toHaveText('Offline', { timeout: 60_000 })
  expect(halted).toBe(true)
  // The join stopped with part of the shop on B.
  await expect(progress).toHaveCount(0)
  expect(await catalogCount(b)).toBeLessThan(shopProducts)
  await b.unrouteAll({ behavior: 'wait' })

  // A sells while the server is down: an offline sale.
  await buy(a, 'Halted Kettle', 2)
  await expect(orderHeading(a)).toBeVisible()
  const order = (await orderHeading(a).textContent())!.replace('Order #', '')
  await expect(syncStatus(a)).toHaveText(/Offline|changes? waiting/, { timeout: 30_000 })

  await server.resume()
  // Nobody presses "Sync now", and the browser's 'online' event never fires (its network did
  // not change): each engine's backoff retries by itself (at most 30 s apart), and B's join carries on.
  await expect(syncStatus(a)).toHaveText('Up to date', { timeout: 90_000 })
  await expect(syncStatus(b)).toHaveText('Up to date', { timeout: 90_000 })

  // Nothing lost, nothing twice, on B: every product of the shop, A's order once, the exact stock.
  expect(await catalogCount(b)).toBe(shopProducts)
  await goToMenuLink(b, 'Orders to fulfil')
  await expect(b.getByText(order).first()).toBeVisible({ timeout: 30_000 })
  await expect(b.getByText(order)).toHaveCount(1)
  await openProduct(b, 'Halted Kettle')
  await expect(b.getByText('Only 3 left')).toBeVisible()
  // Each product's stock is the sum of its ledger rows: no row missing, none counted twice.
  await goToMenuLink(b, 'Inventory')
  await b.getByRole('button', { name: 'Verify inventory' }).click()
  await expect(b.getByRole('status').filter({ hasText: /match their stock ledger/ })).toHaveText(`All ${shopProducts.toLocaleString('en-US')} products match their stock ledger.`, { timeout: 60_000 })
  expect(await catalogCount(a)).toBe(shopProducts)

  // Nothing twice on the server: one product per SKU, one order per number, each ledger row once.
  const docs = (await (
    await fetch(`${server.url}/${url.split('/').pop()}/_all_docs?include_docs=true`, {
      headers: { Authorization: `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}` },
    })
  ).json()) as { rows: { id: string; doc: { table?: string; data?: { id?: string; sku?: string; number?: string; productId?: string; delta?: number; stock?: number } } }[] }
  const of = (table: string) => docs.rows.filter((r) => r.doc.table === table).map((r) => r.doc.data!)
  const products = of('products')
  expect(products).toHaveLength(shopProducts)
  expect(new Set(products.map((p) => p.sku)).size).toBe(products.length)
  expect(products.filter((p) => p.sku === 'SYN-0004')).toHaveLength(1)
  const orders = of('orders')
  expect(orders.filter((o) => o.number === order)).toHaveLength(1)
  expect(new Set(orders.map((o) => o.number)).size).toBe(orders.length)
  const rows = of('stockLedger')
  expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length)
  // And the server's own ledger adds up, product by product (the kettle: 5 in, 2 sold).
  const sums = new Map<string, number>()
  for (const r of rows) sums.set(r.productId!, (sums.get(r.productId!) ?? 0) + r.delta!)
  for (const p of products) expect([p.sku, sums.get(p.id!) ?? 0]).toEqual([p.sku, p.stock])
  const kettle = products.find((p) => p.sku === 'SYN-0004')!
  expect(kettle.stock).toBe(3)
  expect(rows.filter((r) => r.productId === kettle.id).map((r) => r.delta)).toEqual(expect.arrayContaining([5, -2]))
  expect(rows.filter((r) => r.productId === kettle.id)).toHaveLength(2)
})

test('a till (seller) changes a price: the server refuses it and the till rolls it back, saying so', async ({ browser }) => {
  const url = await newShop()
  const a = await newDevice(browser, 'Olive')
  await connect(a, url, COUCH.owner)
  await addProduct(a, 'Refused Mug', 'SYN-0005', 4, '10.00')
  await settled(a)

  // The till's first account is a local owner, which is not the shop's: the till takes the
  // shop's data, that account goes (logged out), and the owner logs in with the shop's account.
  const till = await newDevice(browser, 'Tilly')
  await connect(till, url, COUCH.till, { join: 'shop' })
  await goToLogin(till)
  await login(till, 'Olive', PASSWORD)
  await goToMenuLink(till, 'Settings')
  await expect(till.getByText(`${COUCH.till} (till (seller))`)).toBeVisible()
  // Joining refused nothing: the till pushed nothing it had made alone.
  await expect(till.getByRole('list', { name: 'Changes the server refused' })).toHaveCount(0)

  await goToMenuLink(till, 'Inventory')
  await till.getByRole('searchbox', { name: 'Search the inventory' }).fill('Refused Mug')
  await till.getByRole('link', { name: 'Refused Mug' }).click()
  await till.getByLabel('Price (USD)').fill('1.00')
  await till.getByRole('button', { name: 'Save changes' }).click()
  await expect(till.getByText('Changes saved.')).toBeVisible()

  const refusal = till.getByRole('list', { name: 'Changes the server refused' }).getByRole('listitem').filter({ hasText: 'The server refused your change to Refused Mug' })
  await expect(refusal.getByRole('alert')).toContainText('It was undone on this device.', { timeout: 30_000 })
  await expectNoAxeViolations(till)
  await openProduct(till, 'Refused Mug')
  await expect(till.getByText('$10.00').first()).toBeVisible()
  await refusal.getByRole('button', { name: 'Dismiss: Refused Mug' }).click()
  await expect(refusal).toHaveCount(0)
  // The owner's device never saw the change.
  await openProduct(a, 'Refused Mug')
  await expect(a.getByText('$10.00').first()).toBeVisible()
})

test("a new till joins a shop with data: asked first, it takes the shop's data, nothing of its own reaches the shop, and the person is told they were logged out", async ({ browser }) => {
  const url = await newShop()
  const a = await newDevice(browser, 'Olive')
  await connect(a, url, COUCH.owner)
  await addProduct(a, 'Shop Kettle', 'SYN-0007', 3)
  await settled(a)

  // A till set up alone first: the demo catalog, its own account and a sale of its own.
  const till = await newDevice(browser, 'Bruno')
  await buy(till, 'Stoneware Mug', 1)
  await expect(orderHeading(till)).toBeVisible()
  const ownOrder = (await orderHeading(till).textContent())!.replace('Order #', '')

  await goToMenuLink(till, 'Settings')
  await till.getByLabel('Server address').fill(url)
  await till.getByLabel('Username').fill(COUCH.till)
  await till.getByLabel('Password', { exact: true }).fill(COUCH_PASSWORD)
  await till.getByRole('button', { name: 'Connect' }).click()
  const choice = joinChoice(till)
  await expect(choice).toContainText('Made on this device and not in the shop: 1 order, the account Bruno and 1 product added or changed here.')
  const useShop = choice.getByRole('radio', { name: "Use the shop's data on this device" })
  await expect(useShop).toBeChecked()
  await expect(useShop).toHaveAccessibleDescription(/Your account here, Bruno, is not one of the shop's: you will be logged out, and log in with an account of the shop\./)
  // A till may not add its data to the shop: that choice is not offered.
  await expect(choice.getByRole('radio', { name: "Add this device's data to the shop" })).toHaveCount(0)
  await expect(choice).toContainText("Only an owner of the shop may add this device's data to it")
  await expectNoAxeViolations(till)
  // Its order would be lost: not without saying yes.
  await till.getByRole('button', { name: 'Join the shop' }).click()
  const confirm = choice.getByRole('checkbox', { name: 'Yes, delete the order made on this device' })
  await expect(confirm).toHaveAccessibleDescription("Tick this to confirm: this device's order is not in the shop and will be deleted.")
  await expect(syncStatus(till)).toHaveCount(0)
  await confirm.check()
  await till.getByRole('button', { name: 'Join the shop' }).click()

  // Bruno's account was only on the till: logged out, and told so (on the log-in page).
  await expect(joinedNotice(till)).toHaveText(
    "This device now uses the shop's data. The account Bruno was only on this device and is gone, so anyone logged in with it here was logged out. Log in with an account of the shop once its data has arrived.",
  )
  await expect(till.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()
  await settled(till)
  await expectNoAxeViolations(till)
  await login(till, 'Olive', PASSWORD)
  await expect(till.getByRole('list', { name: 'Changes the server refused' })).toHaveCount(0)
  await till.getByRole('button', { name: "Dismiss: the shop's data is on this device" }).click()
  await expect(joinedNotice(till)).toHaveCount(0)
  await openProduct(till, 'Shop Kettle')
  await expect(till.getByText('Only 3 left')).toBeVisible()

  // The till's own order is gone from it and never reached the shop.
  for (const page of [till, a]) {
    await goToMenuLink(page, 'Orders to fulfil')
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expect(page.getByText(ownOrder)).toHaveCount(0)
  }
  const docs = (await (
    await fetch(`${server.url}/${url.split('/').pop()}/_all_docs?include_docs=true`, {
      headers: { Authorization: `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}` },
    })
  ).json()) as { rows: { doc: { table?: string; data?: { username?: string; number?: string } } }[] }
  expect(docs.rows.filter((r) => r.doc.table === 'users').map((r) => r.doc.data?.username)).toEqual(['Olive'])
  expect(docs.rows.filter((r) => r.doc.table === 'orders' && r.doc.data?.number === ownOrder)).toHaveLength(0)
})

test('a third device joins and receives the whole shop, with its progress shown', async ({ browser }) => {
  const url = await newShop()
  // More documents than a catch-up's first page (500), so the join takes several and its progress shows between them.
  const a = await newDevice(browser, 'Olive', { synthetic: 1_100 })
  await connect(a, url, COUCH.owner, { upToDate: false })
  await expect(syncStatus(a)).toHaveText('Up to date', { timeout: 120_000 })
  await addProduct(a, 'Joiner Bowl', 'SYN-0006', 6)
  await buy(a, 'Joiner Bowl', 2)
  await expect(orderHeading(a)).toBeVisible()
  const order = (await orderHeading(a).textContent())!.replace('Order #', '')
  await settled(a)

  const c = await newDevice(browser, 'Cleo')
  // Watch for the join's progress bar from the moment the device connects.
  const progress = c.getByRole('progressbar', { name: /^Receiving the shop: [\d,]+ of [\d,]+…$/ })
  const sawProgress = progress.waitFor({ state: 'attached', timeout: 60_000 }).then(() => true)
  await connect(c, url, COUCH.owner2, { upToDate: false, join: 'merge' })
  await expect(syncStatus(c)).toHaveText('Up to date', { timeout: 120_000 })
  expect(await sawProgress).toBe(true)
  await expect(progress).toHaveCount(0)
  await openProduct(c, 'Joiner Bowl')
  await expect(c.getByText('Only 4 left')).toBeVisible()
  await goToMenuLink(c, 'Orders to fulfil')
  await expect(c.getByText(order).first()).toBeVisible()
  // The owner's account came too: Olive can log in on the new device.
  await logOut(c)
  await goToLogin(c)
  await login(c, 'Olive', PASSWORD)
})
