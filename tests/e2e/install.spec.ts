/**
 * Installable: Chromium's own check finds nothing missing, the manifest is complete (with
 * maskable icons and store screenshots that exist at their stated sizes), and an "Install
 * app" button appears where the browser offers to install.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, expect, test, type APIRequestContext } from '@playwright/test'
import { CHROMIUM_ARGS } from '../../playwright.config'
import { expectNoAxeViolations, openShop } from './helpers'

interface ManifestImage {
  src: string
  sizes: string
  type?: string
  purpose?: string
  form_factor?: string
  label?: string
}

/** A PNG's width and height, from its IHDR chunk. */
async function pngSize(request: APIRequestContext, src: string): Promise<string> {
  const response = await request.get('/' + src.replace(/^\//, ''))
  expect(response.status(), src).toBe(200)
  expect(response.headers()['content-type'], src).toBe('image/png')
  const bytes = await response.body()
  expect(bytes.subarray(1, 4).toString('latin1'), src).toBe('PNG')
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`
}

test('Chromium’s installability check finds no errors', async ({ baseURL }) => {
  // A persistent profile: Chromium answers "in incognito" for Playwright's default contexts.
  const profile = mkdtempSync(join(tmpdir(), 'offline-shop-profile-'))
  const context = await chromium.launchPersistentContext(profile, {
    ...(process.env.CHROME_PATH ? { executablePath: process.env.CHROME_PATH } : {}),
    args: CHROMIUM_ARGS,
    headless: true,
    baseURL,
    serviceWorkers: 'allow',
  })
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    await openShop(page)
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    const cdp = await context.newCDPSession(page)
    const manifest = await cdp.send('Page.getAppManifest')
    expect(manifest.url).toBe(new URL('/manifest.webmanifest', baseURL).href)
    expect(manifest.errors).toEqual([])
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors')
    expect(installabilityErrors).toEqual([])
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
})

test('the manifest is complete: identity, colours, display, categories, maskable icons and screenshots', async ({ request }) => {
  const response = await request.get('/manifest.webmanifest')
  expect(response.ok()).toBe(true)
  const manifest = (await response.json()) as Record<string, unknown> & { icons: ManifestImage[]; screenshots: ManifestImage[] }
  expect(manifest).toMatchObject({
    id: '/',
    name: 'Offline Shop',
    short_name: 'Shop',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: '#0b5cad',
    background_color: '#f5f6f8',
    lang: 'en',
  })
  expect(String(manifest.description).length).toBeGreaterThan(20)
  expect(manifest.categories).toEqual(expect.arrayContaining(['shopping']))

  // Icons made from the one SVG at build time: 192 and 512 for "any", 512 maskable.
  const icons = manifest.icons
  const any = icons.filter((i) => (i.purpose ?? 'any').split(' ').includes('any')).map((i) => i.sizes)
  expect(any).toEqual(expect.arrayContaining(['192x192', '512x512']))
  expect(icons.filter((i) => i.purpose === 'maskable').map((i) => i.sizes)).toContain('512x512')
  for (const icon of icons) expect(await pngSize(request, icon.src), icon.src).toBe(icon.sizes)

  // Store screenshots for a phone and a desktop, each really the size it says.
  expect(manifest.screenshots.map((s) => s.form_factor).sort()).toEqual(['narrow', 'narrow', 'wide'])
  for (const shot of manifest.screenshots) {
    expect(shot.label, shot.src).toBeTruthy()
    expect(await pngSize(request, shot.src), shot.src).toBe(shot.sizes)
  }
})

test('an "Install app" button appears where the browser offers to install, and opens its dialog', async ({ page }) => {
  await openShop(page)
  const button = page.getByRole('button', { name: 'Install app' })
  await expect(button).toHaveCount(0)

  // What Chromium does when the app is installable: fire beforeinstallprompt.
  const defaultPrevented = await page.evaluate(() => {
    const offer = new Event('beforeinstallprompt', { cancelable: true })
    const seen = window as unknown as Record<string, unknown>
    Object.assign(offer, {
      prompt: async () => {
        seen.installPrompted = true
      },
      userChoice: Promise.resolve({ outcome: 'accepted', platform: 'web' }),
    })
    window.dispatchEvent(offer)
    return offer.defaultPrevented
  })
  expect(defaultPrevented).toBe(true)
  await expect(button).toBeVisible()
  await expectNoAxeViolations(page)

  await button.click()
  expect(await page.evaluate(() => (window as unknown as Record<string, unknown>).installPrompted)).toBe(true)
  await expect(button).toHaveCount(0)
})
