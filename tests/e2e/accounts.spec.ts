import { expect, test, type Page } from '@playwright/test'
import { accountLink, addToCart, cartLink, checkoutOnDelivery, expectNoAxeViolations, goToMenuLink, login, logOut as logOutInMenu, manageButton, openMenu, openProduct, openShop, firstPageScripts, register } from './helpers'

const ALICE_PASSWORD = 'correct horse battery'
const BOB_PASSWORD = 'bobs own passphrase'

async function logOut(page: Page): Promise<void> {
  await logOutInMenu(page)
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible()
}

async function goToLogin(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Log in' }).click()
  await expect(page.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()
}


/** Every record of every object store of every IndexedDB database of the origin, as JSON. */
function dumpIndexedDb(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dump: Record<string, Record<string, unknown[]>> = {}
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name as string)
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
      const stores: Record<string, unknown[]> = {}
      for (const name of Array.from(db.objectStoreNames)) {
        stores[name] = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(name, 'readonly').objectStore(name).getAll()
          request.onsuccess = () => resolve(request.result as unknown[])
          request.onerror = () => reject(request.error)
        })
      }
      db.close()
      dump[info.name] = stores
    }
    // Binary values (ArrayBuffer, typed arrays) become their bytes as text, so a password
    // stored as bytes would show up too.
    return JSON.stringify(dump, (_key, value: unknown) => {
      if (value instanceof ArrayBuffer) return new TextDecoder().decode(value)
      if (ArrayBuffer.isView(value)) return new TextDecoder().decode(value)
      return value
    })
  })
}

/** Writes the session limits setting straight into IndexedDB, as a settings page would through Dexie. */
function setSessionLimits(page: Page, value: { idleMinutes?: number; absoluteMinutes?: number }): Promise<void> {
  return page.evaluate(
    (setting) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('offline-shop')
        request.onerror = () => reject(request.error)
        request.onsuccess = () => {
          const db = request.result
          const tx = db.transaction('meta', 'readwrite')
          tx.objectStore('meta').put({ key: 'sessionPolicy', value: setting })
          tx.oncomplete = () => {
            db.close()
            resolve()
          }
          tx.onerror = () => reject(tx.error)
        }
      }),
    value,
  )
}

test('the common-password list and the hashing code are not part of the first page\'s JavaScript', async ({ page, request }) => {
  // Everything the first page loads statically: index.html's scripts and preloads, and
  // their static imports (a dynamic import("…") is left out: that is what "lazy" means).
  const firstPage = await firstPageScripts(request)
  expect(firstPage).toContain('sessionPolicy') // the session code is there…
  expect(firstPage).not.toContain('iloveyou') // …the list is not
  expect(firstPage).not.toContain('deriveBits') // …nor the PBKDF2 code

  // And registering still loads and uses the list.
  await openShop(page)
  await page.getByRole('link', { name: 'Create account' }).click()
  await page.getByLabel('Username').fill('Erin')
  await page.getByLabel('Password', { exact: true }).fill('sunshine')
  await page.getByLabel('Confirm password').fill('sunshine')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/most common passwords/)
})

test('two people on one device are kept apart, even when one types the other\'s order address', async ({ page }) => {
  test.setTimeout(120_000)
  await openShop(page)
  await register(page, 'Alice', ALICE_PASSWORD)
  await openProduct(page, 'Decaf Colombian')
  await addToCart(page, '1')
  await cartLink(page).click()
  await checkoutOnDelivery(page)
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
  const aliceOrder = new URL(page.url()).pathname
  await openProduct(page, 'Butter Croissant')
  await addToCart(page, '2')
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 2 items')
  await logOut(page)

  await register(page, 'Bob', BOB_PASSWORD)
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 0 items')
  await cartLink(page).click()
  await expect(page.getByRole('heading', { name: 'Your cart is empty' })).toBeVisible()
  await goToMenuLink(page, 'My orders')
  await expect(page.getByRole('heading', { name: 'You have no orders yet' })).toBeVisible()

  // Alice's order by its address: "not found", and nothing of it on the page.
  await page.goto(aliceOrder)
  await expect(page.getByRole('heading', { name: 'Order not found', level: 1 })).toBeVisible()
  const main = page.getByRole('main')
  await expect(main).not.toContainText(/#[2-9A-Z]{2,}-1001/)
  await expect(main).not.toContainText('Decaf')
  await expect(main).not.toContainText('$')
  await expectNoAxeViolations(page)

  // Alice still has her cart and her order when she comes back.
  await logOut(page)
  await goToLogin(page)
  await login(page, 'Alice', ALICE_PASSWORD)
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 2 items')
  await page.goto(aliceOrder)
  await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
})

test('owner pages: customers are turned away; an owner promotes and demotes, never the last owner', async ({ page }) => {
  test.setTimeout(120_000)
  await openShop(page)
  await register(page, 'Alice', ALICE_PASSWORD)
  await expect((await openMenu(page)).getByRole('link', { name: 'Accounts' })).toBeVisible()
  await logOut(page)

  // A visitor is asked to log in first.
  await page.goto('/admin/users')
  await expect(page.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()
  await page.getByRole('link', { name: 'Create an account' }).click()
  await expect(page.getByRole('heading', { name: 'Create account', level: 1 })).toBeVisible()
  await expect(page).toHaveURL(/redirect=/)
  await register(page, 'Bob', BOB_PASSWORD)
  // …and a customer, once logged in, is not allowed in; nor is there a link to it.
  await expect(page.getByRole('heading', { name: 'Not allowed', level: 1 })).toBeVisible()
  await expect(page.getByRole('main')).not.toContainText('Alice')
  await expect((await openMenu(page)).getByRole('link', { name: 'Accounts' })).toHaveCount(0)
  await expectNoAxeViolations(page)
  await logOut(page)

  await goToLogin(page)
  await login(page, 'Alice', ALICE_PASSWORD)
  await goToMenuLink(page, 'Accounts')
  await expect(page.getByRole('heading', { name: 'Accounts', level: 1 })).toBeVisible()
  const table = page.getByRole('table', { name: 'Accounts on this device' })
  await expect(table.getByRole('row', { name: /Alice/ })).toContainText('Owner')
  await expect(table.getByRole('row', { name: /Bob/ })).toContainText('Customer')
  // The only owner cannot be made a customer, and the page says why.
  const demoteAlice = page.getByRole('button', { name: 'Make customer (Alice)' })
  await expect(demoteAlice).toBeDisabled()
  await expect(demoteAlice).toHaveAccessibleDescription('The only owner cannot be made a customer: make another account an owner first.')
  await expectNoAxeViolations(page)

  await page.getByRole('button', { name: 'Make owner (Bob)' }).click()
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Bob is now an owner.')
  await expect(table.getByRole('row', { name: /Bob/ })).toContainText('Owner')
  await expect(demoteAlice).toBeEnabled()

  // Alice steps down: she is warned first, then the page is no longer hers, and she is shown the door at once.
  await demoteAlice.click()
  const stepDown = page.getByRole('dialog', { name: 'Make yourself a customer?' })
  await expect(stepDown).toHaveAccessibleDescription(/You lose the owner pages/)
  await stepDown.getByRole('button', { name: 'Make myself a customer' }).click()
  await expect(page.getByRole('heading', { name: 'Not allowed', level: 1 })).toBeVisible()
  await expect((await openMenu(page)).getByRole('link', { name: 'Accounts' })).toHaveCount(0)
  await logOut(page)

  await goToLogin(page)
  await login(page, 'Bob', BOB_PASSWORD)
  await expect((await openMenu(page)).getByText('(owner)')).toBeVisible()
  await goToMenuLink(page, 'Accounts')
  await expect(page.getByRole('button', { name: 'Make customer (Bob)' })).toBeDisabled()
})

test('5 wrong passwords lock the account, with a countdown; the right one works once it runs out', async ({ page }) => {
  test.setTimeout(120_000)
  await page.clock.install()
  await openShop(page)
  await register(page, 'Alice', ALICE_PASSWORD)
  await logOut(page)
  await goToLogin(page)

  const alert = page.getByRole('alert')
  const tryWrong = async () => {
    await page.getByLabel('Username').fill('alice')
    await page.getByLabel('Password', { exact: true }).fill('not the password')
    await page.getByRole('button', { name: 'Log in' }).click()
  }
  for (let i = 1; i <= 4; i++) {
    await tryWrong()
    await expect(alert).toHaveText('Wrong username or password.')
    await expect(page.getByRole('button', { name: 'Log in' })).toBeEnabled()
  }
  // Freeze the page's clock so the countdown reads exactly; the test moves it on by hand.
  await page.clock.pauseAt(Date.parse('2030-01-01T10:00:00Z'))
  await tryWrong()
  await expect(alert).toHaveText('Too many failed attempts. This account is locked for a while.')
  const timer = page.getByRole('timer')
  await expect(timer).toHaveText('You can try again in 30 seconds.')

  // Even the right password is refused while the lock lasts.
  await page.clock.runFor(10_000)
  await expect(timer).toHaveText('You can try again in 20 seconds.')
  await page.getByLabel('Password', { exact: true }).fill(ALICE_PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(alert).toHaveText('Too many failed attempts. This account is locked for a while.')
  await expect(timer).toHaveText('You can try again in 20 seconds.')
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible()

  // axe needs running timers; the lock still has 20 s of page time to go.
  await page.clock.resume()
  await expectNoAxeViolations(page)
  await page.clock.fastForward('00:21')
  await expect(page.getByRole('main').getByRole('status')).toHaveText('You can try again now.')
  await login(page, 'alice', ALICE_PASSWORD)
  await expect((await openMenu(page)).getByText('(owner)')).toBeVisible()
})

test('logging out in one page logs out the other at once', async ({ context }) => {
  const first = await context.newPage()
  await openShop(first)
  await register(first, 'Alice', ALICE_PASSWORD)
  await (await accountLink(first)).click()
  await expect(first.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible()

  const second = await context.newPage()
  await openShop(second)
  await expect(manageButton(second)).toBeVisible() // same device, same session
  await goToMenuLink(second, 'My orders')
  await logOut(second)

  // The first page, untouched and not reloaded, has left the account page for the login page.
  await first.bringToFront()
  await expect(first.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()
  await expect(manageButton(first)).toHaveCount(0)
  await expect(first).toHaveURL(/\/login\?redirect=(\/|%2F)account$/)
})

test('no password is stored in clear: a dump of every IndexedDB store after registering and changing it', async ({ page }) => {
  test.setTimeout(120_000)
  const first = 'Zebra-Quantum-Harmonica-42'
  const second = 'Violet Lantern Orchestra 77'
  await openShop(page)

  // A common password is refused next to its field first.
  await page.getByRole('link', { name: 'Create account' }).click()
  await page.getByLabel('Username').fill('Dora')
  await page.getByLabel('Password', { exact: true }).fill('iloveyou')
  await page.getByLabel('Confirm password').fill('iloveyou')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(
    /That is one of the most common passwords, so it is easy to guess\. Choose another\./,
  )

  await register(page, 'Dora', first)
  await (await accountLink(page)).click()
  await page.getByLabel('Current password').fill(first)
  await page.getByLabel('New password', { exact: true }).fill(second)
  await page.getByLabel('Confirm new password').fill(second)
  await page.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Your password has been changed.')

  const dump = await dumpIndexedDb(page)
  // The dump really holds the account: its name, its hash and salt.
  expect(dump).toContain('"username":"Dora"')
  expect(dump).toMatch(/"passwordHash":"[A-Za-z0-9+/]{43}="/)
  expect(dump).toMatch(/"salt":"[A-Za-z0-9+/]{22}=="/)
  for (const password of [first, second]) {
    for (const form of [password, password.toLowerCase(), btoa(password), encodeURIComponent(password)]) {
      expect(dump).not.toContain(form)
    }
  }
  // Nor is the password, its hash or its salt in localStorage or sessionStorage.
  const users = (JSON.parse(dump) as Record<string, Record<string, { passwordHash: string; salt: string }[]>>)['offline-shop']?.users ?? []
  expect(users).toHaveLength(1)
  const { passwordHash: hash, salt } = users[0] as { passwordHash: string; salt: string }
  const webStorage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }))
  for (const secret of [first, second, hash, salt]) expect(webStorage).not.toContain(secret)
})

test('the account page changes the password and deletes the account; the only owner is told why they cannot', async ({ page }) => {
  test.setTimeout(120_000)
  await openShop(page)
  await register(page, 'Alice', ALICE_PASSWORD)
  await (await accountLink(page)).click()
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible()
  await expect(page.getByText('You are the only owner of this shop, so you cannot delete your account')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Delete my account' })).toHaveCount(0)
  await expectNoAxeViolations(page)
  await logOut(page)

  await register(page, 'Bob', BOB_PASSWORD)
  await openProduct(page, 'Stoneware Mug')
  await addToCart(page, '1')
  await (await accountLink(page)).click()

  // Change password: the current one is checked, bad new ones are refused next to their field.
  const current = page.getByLabel('Current password')
  const next = page.getByLabel('New password', { exact: true })
  const confirm = page.getByLabel('Confirm new password')
  const change = page.getByRole('button', { name: 'Change password' })
  await current.fill('not my password')
  await next.fill('a fresh passphrase')
  await confirm.fill('a fresh passphrase')
  await change.click()
  await expect(current).toHaveAccessibleDescription('That is not your current password.')
  await current.fill(BOB_PASSWORD)
  await next.fill('password123')
  await confirm.fill('password123')
  await change.click()
  await expect(next).toHaveAccessibleDescription(/most common passwords/)
  await next.fill('a fresh passphrase')
  await confirm.fill('a fresh passphrase')
  await change.click()
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Your password has been changed.')
  await expectNoAxeViolations(page)

  // Delete: the password is asked for; then the cart and session go, and so does the login.
  await page.getByRole('button', { name: 'Delete my account' }).click()
  const deleteDialog = page.getByRole('dialog', { name: 'Delete your account?' })
  const deletePassword = deleteDialog.getByLabel('Password to confirm')
  await deletePassword.fill(BOB_PASSWORD) // the old one no longer works
  await deleteDialog.getByRole('button', { name: 'Delete my account for good' }).click()
  await expect(deletePassword).toHaveAccessibleDescription('That is not your current password.')
  await deletePassword.fill('a fresh passphrase')
  await deleteDialog.getByRole('button', { name: 'Delete my account for good' }).click()
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'deleted' })).toHaveText('Your account has been deleted.')
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible()

  await goToLogin(page)
  await page.getByLabel('Username').fill('Bob')
  await page.getByLabel('Password', { exact: true }).fill('a fresh passphrase')
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.')

  // The owner still sees the account in the shop's records, marked deleted.
  await login(page, 'Alice', ALICE_PASSWORD)
  await goToMenuLink(page, 'Accounts')
  await expect(page.getByRole('table', { name: 'Accounts on this device' }).getByRole('row', { name: /Bob/ })).toContainText('Deleted account')
})

test('a session ends after 30 idle minutes, and after 8 hours however busy', async ({ page }) => {
  test.setTimeout(120_000)
  await page.clock.install()
  await openShop(page)
  await register(page, 'Alice', ALICE_PASSWORD)
  await (await accountLink(page)).click()

  // Activity keeps the session going: 20 minutes, a click, 29 more minutes.
  await page.clock.fastForward('20:00')
  await page.getByRole('heading', { name: 'Your account', level: 1 }).click()
  await page.clock.fastForward('29:00')
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible()
  await page.reload() // and it survives a reload
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible()

  // 31 minutes without anything: logged out, on every page, with the reason.
  await page.clock.fastForward('31:00')
  await expect(page.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()
  await expect(page.getByRole('main').getByRole('status')).toHaveText('You were logged out after 30 minutes without activity. Log in again to go on.')
  await expectNoAxeViolations(page)

  // The absolute limit: with a long idle limit set, 8 hours still end the session.
  await setSessionLimits(page, { idleMinutes: 24 * 60 })
  await login(page, 'Alice', ALICE_PASSWORD)
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible()
  await page.clock.fastForward('07:59:00')
  await page.getByRole('heading', { name: 'Your account', level: 1 }).click()
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible()
  await page.clock.fastForward('01:00')
  await expect(page.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Your session reached its limit of 8 hours. Log in again to go on.')
})
