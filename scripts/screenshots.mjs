// Makes the web manifest's screenshots (public/screenshots/*.png, committed) and the README's
// (docs/screenshot-*.png) from the built app in Debian's Chromium: `npm run screenshots`
// builds, then runs this. The manifest's sizes here must match the `sizes` of its screenshots
// in vite.config.ts.
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { chromium } from '@playwright/test'
import { findChromium } from './find-chromium.mjs'

const PORT = Number(process.env.SCREENSHOT_PORT ?? 4189)
const BASE = `http://localhost:${PORT}`
// A product is opened from the catalog, as a person would: its address is its global id.
const SHOTS = [
  { file: 'public/screenshots/catalog-wide.png', viewport: { width: 1280, height: 800 }, heading: 'Products' },
  { file: 'public/screenshots/catalog-narrow.png', viewport: { width: 412, height: 915 }, heading: 'Products' },
  { file: 'public/screenshots/product-narrow.png', viewport: { width: 412, height: 915 }, heading: 'Ethiopian Yirgacheffe', product: 'Ethiopian Yirgacheffe' },
  { file: 'docs/screenshot-desktop.png', viewport: { width: 1280, height: 800 }, heading: 'Products' },
  { file: 'docs/screenshot-phone.png', viewport: { width: 360, height: 740 }, heading: 'Glass Teapot', product: 'Glass Teapot' },
]

const server = spawn('./node_modules/.bin/vite', ['preview', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' })
try {
  for (let ready = false; !ready; ) {
    ready = await fetch(BASE).then(
      (r) => r.ok,
      () => false,
    )
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const browser = await chromium.launch({ executablePath: await findChromium(), args: ['--no-sandbox', '--disable-gpu'] })
  mkdirSync('public/screenshots', { recursive: true })
  mkdirSync('docs', { recursive: true })
  for (const shot of SHOTS) {
    // No service worker: its "Ready to work offline" notice does not belong in a store picture.
    const context = await browser.newContext({ viewport: shot.viewport, deviceScaleFactor: 1, serviceWorkers: 'block' })
    const page = await context.newPage()
    await page.goto(BASE + '/')
    // The whole demo catalog is in (the exact count says so) before anything is pictured.
    await page.getByText('25 products').waitFor()
    if (shot.product) {
      await page.getByRole('searchbox', { name: 'Search products' }).fill(shot.product)
      await page.getByRole('list', { name: 'Products' }).getByRole('link', { name: shot.product, exact: true }).click()
    }
    await page.getByRole('heading', { name: shot.heading, level: 1 }).waitFor()
    // The pictures are lazy: every one on screen has loaded before the picture is taken.
    await page.waitForFunction(() => [...document.images].every((img) => img.complete))
    await page.screenshot({ path: shot.file })
    console.log(`${shot.file} ${shot.viewport.width}x${shot.viewport.height}`)
    await context.close()
  }
  await browser.close()
} finally {
  server.kill('SIGTERM')
}
