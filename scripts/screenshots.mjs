// Makes the web manifest's screenshots (public/screenshots/*.png, committed) from the built
// app in Debian's Chromium: `npm run screenshots` builds, then runs this. The sizes here
// must match the `sizes` of the manifest's screenshots in vite.config.ts.
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { chromium } from '@playwright/test'
import { findChromium } from './find-chromium.mjs'

const PORT = Number(process.env.SCREENSHOT_PORT ?? 4189)
const BASE = `http://localhost:${PORT}`
const SHOTS = [
  { name: 'catalog-wide', path: '/', viewport: { width: 1280, height: 800 }, heading: 'Products' },
  { name: 'catalog-narrow', path: '/', viewport: { width: 412, height: 915 }, heading: 'Products' },
  { name: 'product-narrow', path: '/products/2', viewport: { width: 412, height: 915 }, heading: 'Ethiopian Yirgacheffe' },
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
  for (const shot of SHOTS) {
    // No service worker: its "Ready to work offline" notice does not belong in a store picture.
    const context = await browser.newContext({ viewport: shot.viewport, deviceScaleFactor: 1, serviceWorkers: 'block' })
    const page = await context.newPage()
    await page.goto(BASE + shot.path)
    await page.getByRole('heading', { name: shot.heading, level: 1 }).waitFor()
    if (shot.path === '/') await page.getByRole('list', { name: 'Products' }).getByRole('listitem').nth(24).waitFor({ state: 'attached' })
    await page.screenshot({ path: `public/screenshots/${shot.name}.png` })
    console.log(`public/screenshots/${shot.name}.png ${shot.viewport.width}x${shot.viewport.height}`)
    await context.close()
  }
  await browser.close()
} finally {
  server.kill('SIGTERM')
}
