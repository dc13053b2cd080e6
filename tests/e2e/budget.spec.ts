import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { expect, test } from '@playwright/test'
import { FIRST_VISIT_BUDGET_BYTES } from '../../scripts/check-budget.mjs'
import { openShop } from './helpers'

/**
 * The first page's JavaScript budget as a first visit spends it: every script the page
 * fetches (module scripts, their imports, every dynamic import: the demo catalog's seeding,
 * the service worker's registration) from the first request until the page is idle (the
 * catalog shown, the service worker active, the network quiet, an idle callback run), each
 * counted at its gzipped size in dist/. The service worker's own script and what it
 * precaches are the worker's fetches, not the page's, and are not counted.
 * scripts/check-budget.mjs checks the first page's own scripts statically (88 kB), before the
 * suite starts; FIRST_VISIT_BUDGET_BYTES there says why this count's limit is above issue 14's 88 kB.
 */
test('a first visit fetches at most the budget of JavaScript before the page is idle', async ({ browser }) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  const scripts = new Set<string>()
  page.on('request', (request) => {
    if (request.resourceType() === 'script' && request.frame() === page.mainFrame()) scripts.add(new URL(request.url()).pathname)
  })
  await openShop(page)
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  await page.waitForLoadState('networkidle')
  await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 5_000 })))
  const files = [...scripts].sort().map((path) => ({ path, gzip: gzipSync(readFileSync(join('dist', path))).length }))
  const total = files.reduce((sum, f) => sum + f.gzip, 0)
  const lines = files.map((f) => `${f.path}: ${(f.gzip / 1000).toFixed(2)} kB`)
  console.log(`[budget] first visit, every script until idle: ${(total / 1000).toFixed(2)} kB gzipped (budget ${(FIRST_VISIT_BUDGET_BYTES / 1000).toFixed(2)} kB)\n  ${lines.join('\n  ')}`)
  // The registration and the seeding are among them: the count is not just the entry.
  expect(files.some((f) => f.path.includes('seed'))).toBe(true)
  expect(total, lines.join('\n')).toBeLessThanOrEqual(FIRST_VISIT_BUDGET_BYTES)
  await context.close()
})
