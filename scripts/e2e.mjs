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
  // The first page's JavaScript budget (88 kB gzip): over it, the suite stops here.
  execFileSync(process.execPath, ['scripts/check-budget.mjs', 'dist'], { stdio: 'inherit', env })
  run('playwright', ['test', ...process.argv.slice(2)])
} catch (err) {
  process.exit(typeof err.status === 'number' ? err.status : 1)
}
