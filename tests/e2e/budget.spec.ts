import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { expect, test } from '@playwright/test'
import { FIRST_VISIT_BUDGET_BYTES } from '../../scripts/check-budget.mjs'
import { openShop } from './helpers'

/** A file of the build as a request names it, gzipped as the budget counts it. */
const gzipOf = (path: string) => gzipSync(readFileSync(join('dist', path))).length

/**
 * The first page's JavaScript budget as a first visit spends it (issue 14: 88 kB): every script
 * the page fetches (module scripts, their imports, every dynamic import: the demo catalog's
 * seeding, the service worker's registration) from the first request until the page is idle
 * (the catalog shown, the service worker active, the network quiet, an idle callback run), each
 * counted at its gzipped size in dist/. The service worker's own script and what it precaches
 * are the worker's fetches, not the page's, and are not counted. Data the page fetches (the
 * demo catalog's rows, public/demo/catalog.json) is not JavaScript and not counted either; it is
 * listed, so that what left the scripts can be seen. scripts/check-budget.mjs counts the same
 * statically before the suite starts.
 */
test('a first visit fetches at most the budget of JavaScript before the page is idle', async ({ browser }) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  const scripts = new Set<string>()
  const data = new Set<string>()
  const origin = new URL(test.info().project.use.baseURL ?? 'http://localhost').origin
  page.on('request', (request) => {
    if (request.frame() !== page.mainFrame()) return
    const url = new URL(request.url())
    if (request.resourceType() === 'script') scripts.add(url.pathname)
    else if (url.origin === origin && ['fetch', 'xhr'].includes(request.resourceType())) data.add(url.pathname)
  })
  await openShop(page)
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  await page.waitForLoadState('networkidle')
  await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 5_000 })))
  const files = [...scripts].sort().map((path) => ({ path, gzip: gzipOf(path) }))
  const total = files.reduce((sum, f) => sum + f.gzip, 0)
  const lines = files.map((f) => `${f.path}: ${(f.gzip / 1000).toFixed(2)} kB`)
  const dataLines = [...data].sort().map((path) => `${path}: ${(gzipOf(path) / 1000).toFixed(2)} kB (data, not counted)`)
  console.log(
    `[budget] first visit, every script until idle: ${(total / 1000).toFixed(2)} kB gzipped (budget ${(FIRST_VISIT_BUDGET_BYTES / 1000).toFixed(2)} kB)\n  ${[...lines, ...dataLines].join('\n  ')}` +
      `\n  (the service worker's own /sw.js, fetched for the worker and run there: ${(gzipOf('sw.js') / 1000).toFixed(2)} kB, not counted)`,
  )
  // The registration and the seeding are among them: the count is not just the entry.
  expect(files.some((f) => f.path.includes('seed'))).toBe(true)
  // The seeding's rows came as data, fetched (and listed above) rather than in a script.
  expect([...data]).toContain('/demo/catalog.json')
  expect(total, lines.join('\n')).toBeLessThanOrEqual(FIRST_VISIT_BUDGET_BYTES)
  await context.close()
})
