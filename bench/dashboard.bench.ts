/**
 * Drives bench/dashboard.ts: the owner's dashboard at 100k products and 10k orders (or
 * DASHBOARD_SIZE="products,orders"), ours through Dexie against the same index ranges through
 * raw IndexedDB and against loading everything. Writes bench/results/dashboard-<time>.json
 * (and dashboard-latest.json) and prints a table.
 */
import { expect, test, type Page } from '@playwright/test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { DashboardBench } from './dashboard'

const [PRODUCTS = 100_000, ORDERS = 10_000] = (process.env.DASHBOARD_SIZE ?? '100000,10000').split(',').map(Number)

function run(page: Page, products: number, orders: number): Promise<DashboardBench> {
  return page.evaluate(
    ([p, o]) => (window as unknown as { bench: { dashboard: (p: number, o: number) => Promise<DashboardBench> } }).bench.dashboard(p, o),
    [products, orders] as const,
  )
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0))

test('dashboard benchmark', async ({ page }) => {
  page.on('console', (m) => {
    if (m.type() === 'error') console.log('page error:', m.text())
  })
  await page.goto('/')
  await page.waitForFunction(() => 'bench' in window)
  const result = await run(page, PRODUCTS, ORDERS)
  const targets = {
    // The page's reads stay interactive: well under a frame budget's worth of idle time.
    oursUnder100ms: result.ours < 100,
    oursWithin15xOfRaw: result.ours <= 1.5 * result.raw,
    oursAtLeast5xFasterThanNaive: result.naive >= 5 * result.ours,
  }
  const lines = [
    `Dashboard at ${result.products.toLocaleString('en-US')} products and ${result.orders.toLocaleString('en-US')} orders (seeded in ${ms(result.seedMs)} ms)`,
    `  ours (Dexie)   ${ms(result.ours).padStart(8)} ms`,
    `  raw IndexedDB  ${ms(result.raw).padStart(8)} ms   ours/raw ${(result.ours / result.raw).toFixed(2)}×`,
    `  naive          ${ms(result.naive).padStart(8)} ms   naive/ours ${(result.naive / result.ours).toFixed(2)}×`,
    ...Object.entries(result.parts).map(([label, t]) => `    of ours, ${label} alone: ${ms(t)} ms`),
    `  figures: ${JSON.stringify(result.figures)}${result.same ? '' : ' (RESULTS DIFFER!)'}`,
    `  targets: ${JSON.stringify(targets)}`,
  ]
  const dir = fileURLToPath(new URL('./results/', import.meta.url))
  mkdirSync(dir, { recursive: true })
  const date = new Date().toISOString()
  const json = JSON.stringify({ date, userAgent: await page.evaluate(() => navigator.userAgent), ...result, targets }, null, 2)
  writeFileSync(`${dir}dashboard-${date.replace(/[:.]/g, '-')}.json`, json)
  writeFileSync(`${dir}dashboard-latest.json`, json)
  console.log(lines.join('\n'))
  expect(result.same).toBe(true)
})
