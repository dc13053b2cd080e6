import { expect, test, type Page } from '@playwright/test'
import { accountLink, expectNoAxeViolations, logOut, openShop, firstPageScripts, register } from './helpers'

const PASSWORD = 'correct horse battery'

async function tryToRegister(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByLabel('Confirm password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Create account' }).click()
}

test('a look-alike or invisible username is refused next to its field; an emoji written with a joiner is not', async ({ page, request }) => {
  // The Unicode tables are not part of the first page: its scripts, statically imported, lack them.
  const firstPage = await firstPageScripts(request)
  expect(firstPage).not.toContain('\u15c5') // ᗅ, one of confusables.txt's many A's

  await openShop(page)
  await register(page, 'alice', PASSWORD)
  await logOut(page)
  await page.getByRole('link', { name: 'Create account' }).click()

  const username = page.getByLabel('Username')
  await tryToRegister(page, '\u0430lice') // Cyrillic а
  await expect(username).toHaveAccessibleDescription(/That username is taken, or looks too much like one that is\./, { timeout: 20_000 })
  await expect(username).toHaveAttribute('aria-invalid', 'true')
  await expectNoAxeViolations(page)

  await tryToRegister(page, 'bob\u3164') // a Hangul filler, which draws nothing
  await expect(username).toHaveAccessibleDescription(/Usernames cannot contain invisible or blank characters\./)

  await register(page, '\u{1f469}\u200d\u{1f4bb}dev', PASSWORD)
  await expect(await accountLink(page)).toContainText('\u{1f469}\u200d\u{1f4bb}dev')
})
