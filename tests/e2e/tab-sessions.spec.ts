import { expect, test, type Page } from '@playwright/test'
import { accountLink, expectNoAxeViolations, goToMenuLink, logOut, manageButton, openMenu, openShop, register } from './helpers'

const ALICE_PASSWORD = 'correct horse battery'
const BOB_PASSWORD = 'bobs own passphrase'

/** The page shows `username` as the person logged in (in its Manage menu), and a way to log out. */
async function expectLoggedInAs(page: Page, username: string): Promise<void> {
  await expect(await accountLink(page)).toHaveAccessibleName(new RegExp(`logged in as ${username}\\b`))
  await expect((await openMenu(page)).getByRole('button', { name: 'Log out', exact: true })).toBeVisible()
}

async function expectLoggedOut(page: Page): Promise<void> {
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible()
  await expect(manageButton(page)).toHaveCount(0)
  await expect(page.getByRole('link', { name: /^Your account: logged in as/ })).toHaveCount(0)
}

test('the pages of one browser can be different people; logging one out leaves the other logged in', async ({ context }) => {
  test.setTimeout(180_000)
  // Two pages open before anybody has an account, as two people at one counter would.
  const alicePage = await context.newPage()
  const bobPage = await context.newPage()
  await openShop(alicePage)
  await openShop(bobPage)
  await expectLoggedOut(alicePage)
  await expectLoggedOut(bobPage)

  await register(alicePage, 'Alice', ALICE_PASSWORD)
  await expectLoggedInAs(alicePage, 'Alice')
  await expectLoggedOut(bobPage) // Alice's login is hers, not every page's

  await register(bobPage, 'Bob', BOB_PASSWORD)
  await expectLoggedInAs(bobPage, 'Bob')
  await expectLoggedInAs(alicePage, 'Alice')
  // Each page acts as its own person: the owner's link in Alice's page only.
  await expect((await openMenu(alicePage)).getByRole('link', { name: 'Accounts' })).toBeVisible()
  await expect((await openMenu(bobPage)).getByRole('link', { name: 'Accounts' })).toHaveCount(0)

  // Each page is still its own person after a reload.
  await alicePage.reload()
  await bobPage.reload()
  await expectLoggedInAs(alicePage, 'Alice')
  await expectLoggedInAs(bobPage, 'Bob')
  await expect((await openMenu(alicePage)).getByText('(owner)')).toBeVisible()

  // A page opened now keeps the browser's most recent login, like a cookie: Bob's.
  const newPage = await context.newPage()
  await openShop(newPage)
  await expectLoggedInAs(newPage, 'Bob')
  await goToMenuLink(newPage, 'My orders')
  await expect(newPage.getByRole('heading', { name: 'You have no orders yet' })).toBeVisible()
  await expectNoAxeViolations(newPage)

  // Bob logs out in his first page: his other page follows at once, without a reload…
  await logOut(bobPage)
  await expectLoggedOut(bobPage)
  await newPage.bringToFront()
  await expect(newPage.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()
  await expectLoggedOut(newPage)
  // …and Alice stays logged in, before and after a reload.
  await alicePage.bringToFront()
  await expectLoggedInAs(alicePage, 'Alice')
  await alicePage.reload()
  await expectLoggedInAs(alicePage, 'Alice')
  await goToMenuLink(alicePage, 'Accounts')
  await expect(alicePage.getByRole('heading', { name: 'Accounts', level: 1 })).toBeVisible()

  // Bob's pages stay logged out after a reload too: they do not pick up Alice's session.
  await bobPage.reload()
  await expectLoggedOut(bobPage)
})
