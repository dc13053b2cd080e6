/**
 * A new deployment reaches an open tab: the same code is built twice as two versions,
 * the first is served and visited, then the second replaces it on the same address. The
 * tab's periodic update check (the page's clock jumps an hour) finds it, the prompt
 * appears in every open tab, and Reload brings the new version into all of them.
 */
import { expect, test } from '@playwright/test'
import { expectNoAxeViolations, openShop } from './helpers'
import { buildVersion, startPreview, type PreviewServer } from './servers'

const PORT = 4187
const OLD = '1.0.0-e2e.1'
const NEW = '1.0.0-e2e.2'

let server: PreviewServer | undefined

test.beforeAll(() => {
  test.setTimeout(180_000)
  buildVersion(`dist-e2e/update-${OLD}`, OLD)
  buildVersion(`dist-e2e/update-${NEW}`, NEW)
})
test.afterEach(async () => {
  await server?.stop()
  server = undefined
})

test('a new version deployed while a tab is open: "New version available", Reload, new version', async ({ browser }) => {
  test.setTimeout(120_000)
  server = await startPreview({ port: PORT, outDir: `dist-e2e/update-${OLD}` })
  const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'allow' })
  const page = await context.newPage()
  // The page's timers are under the test's control, so "an hour later" needs no waiting.
  await page.clock.install()
  await openShop(page)
  await expect(page.getByText(`version ${OLD}`)).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Ready to work offline' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Reload' })).toHaveCount(0)
  // A second tab of the same version.
  const other = await context.newPage()
  await openShop(other)
  await expect(other.getByText(`version ${OLD}`)).toBeVisible()

  // Deploy the new version on the same address.
  await server.stop()
  server = await startPreview({ port: PORT, outDir: `dist-e2e/update-${NEW}` })

  // Nothing happens until the tab checks; an hour later it does, by itself.
  await expect(page.getByRole('button', { name: 'Reload' })).toHaveCount(0)
  await page.clock.fastForward('01:00:00')
  const prompt = page.getByRole('status').filter({ hasText: 'New version available.' })
  await expect(prompt).toBeVisible({ timeout: 30_000 })
  await expect(prompt.getByRole('button', { name: 'Reload' })).toBeVisible()
  await expect(other.getByRole('status').filter({ hasText: 'New version available.' })).toBeVisible()
  // The old version keeps running until the person chooses.
  await expect(page.getByText(`version ${OLD}`)).toBeVisible()
  await expectNoAxeViolations(page)

  await prompt.getByRole('button', { name: 'Reload' }).click()
  await expect(page.getByText(`version ${NEW}`)).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('heading', { name: 'Products', level: 1 })).toBeVisible()
  await expect(page.getByText('New version available.')).toHaveCount(0)
  // The other tab, told about the same version, switched with it: no tab runs the old code.
  await expect(other.getByText(`version ${NEW}`)).toBeVisible({ timeout: 30_000 })
  await context.close()
})
