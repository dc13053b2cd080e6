/**
 * The demo catalog's pictures are files the service worker precaches: after one visit they
 * show with the server gone and the network off, at the size their box already had (no
 * layout shift when they arrive). Starts its own `vite preview` to stop it for real.
 */
import { expect, test, type Locator } from '@playwright/test'
import { expectNoAxeViolations, openShop } from './helpers'
import { isServing, startPreview, type PreviewServer } from './servers'

// Apart from the config's server (E2E_PORT), so checkouts side by side do not collide.
const PORT = Number(process.env.E2E_PORT ?? 4173) + 1000

let server: PreviewServer | undefined
test.afterEach(async () => {
  await server?.stop()
  server = undefined
})

/** Whether an <img> has loaded and decoded a picture (a broken one has no natural size). */
function loaded(image: Locator): Promise<boolean> {
  return image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)
}

test('a demo picture displays with the server stopped and the network off', async ({ browser }) => {
  server = await startPreview({ port: PORT })
  const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'allow', viewport: { width: 360, height: 740 } })
  const page = await context.newPage()
  await openShop(page)
  await expect(page.getByText('Ready to work offline: the shop now opens without a network.')).toBeVisible()

  await server.stop()
  expect(await isServing(server.url)).toBe(false)
  await context.setOffline(true)
  await page.reload()

  // The first card (sorted by name): its picture, decoration next to the name, sized by its attributes.
  const list = page.getByRole('list', { name: 'Products' })
  const card = list.getByRole('listitem').filter({ hasText: 'Brass Bookmark' })
  const picture = card.locator('img[src="/demo/brass-bookmark.svg"]')
  await expect(picture).toHaveAttribute('alt', '')
  await expect(picture).toHaveAttribute('width', '96')
  await expect(picture).toHaveAttribute('height', '96')
  await expect.poll(() => loaded(picture)).toBe(true)
  expect(await picture.boundingBox()).toMatchObject({ width: 96, height: 96 })

  // The product page's picture is named by the product.
  await list.getByRole('link', { name: 'Brass Bookmark', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Brass Bookmark', level: 1 })).toBeVisible()
  const large = page.getByRole('img', { name: 'Brass Bookmark' })
  await expect(large).toHaveAttribute('src', '/demo/brass-bookmark.svg')
  await expect.poll(() => loaded(large)).toBe(true)
  await expectNoAxeViolations(page)
  await context.close()
})
