// The first page's JavaScript budget: at most 88 kB gzipped. Reads the build in dist/:
// the entry scripts of index.html, its modulepreloads, every module they import statically
// (the catalog, the first page, is among them), and any chunk listed in STARTUP_DYNAMIC_CHUNKS
// that the app loads by a dynamic import before the page has loaded. Other pages load lazily
// and are not counted; neither is the service worker's registration (virtual:pwa-register and
// workbox-window), which src/composables/useServiceWorker.ts loads after the page's load event. `npm test` runs this after
// the build (scripts/e2e.mjs); `node scripts/check-budget.mjs [distDir]` runs it alone.
import { readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { gzipSync } from 'node:zlib'

// 85 kB until the data model for many devices (issue 11): the change log and global ids are
// written by every write, the first visit's seeding included, and cost about 2.6 kB; the
// upgrades and the cart's review rules moved out of the first page meanwhile (-1.7 kB).
export const BUDGET_BYTES = 88_000

/**
 * What a first visit may fetch in all before the page is idle (tests/e2e/budget.spec.ts, in
 * Chromium): the first page above, the service worker's registration, the demo catalog's
 * seeding, the catalog's count. Issue 14 asks for 88 kB of this; it is 91.2 kB today (after a
 * second minifying pass, the platform's own service-worker registration instead of
 * workbox-window's, and every page, the sync code and the charts loaded lazily), so that
 * target is missed and said so; this line keeps it from growing while it is worked down.
 */
export const FIRST_VISIT_BUDGET_BYTES = 91_500

/** Chunks loaded through import() before the page's load event. None today: keep it so. */
export const STARTUP_DYNAMIC_CHUNKS = []

/** The src/href of every `<script type="module">` and `<link rel="modulepreload">` in index.html. */
export function entryScripts(html) {
  const urls = []
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const attr = (name) => tag.match(new RegExp(`\\s${name}=["']([^"']+)["']`))?.[1]
    if (tag.startsWith('<script') && attr('type') === 'module' && attr('src')) urls.push(attr('src'))
    if (tag.startsWith('<link') && attr('rel') === 'modulepreload' && attr('href')) urls.push(attr('href'))
  }
  return urls
}

/** Relative specifiers a module imports statically (`import … from "./x.js"`, `import "./x.js"`, `export … from`). */
export function staticImports(code) {
  const found = new Set()
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+)["']/g)) found.add(m[1])
  return [...found]
}

/** Relative specifiers a module loads with `import("./x.js")` (the bundler writes them with backquotes too). */
export function dynamicImports(code) {
  const found = new Set()
  for (const m of code.matchAll(/\bimport\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g)) found.add(m[1])
  return [...found]
}

/** Every script the first page loads, with its raw and gzipped size, from a built `distDir`. */
export function firstPageScripts(distDir, startupChunks = STARTUP_DYNAMIC_CHUNKS) {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8')
  const queue = entryScripts(html).map((url) => posix.normalize(url.replace(/^\//, '')))
  const seen = new Set()
  const files = []
  while (queue.length > 0) {
    const path = queue.shift()
    if (seen.has(path)) continue
    seen.add(path)
    const bytes = readFileSync(join(distDir, path))
    files.push({ path, bytes: bytes.length, gzip: gzipSync(bytes).length })
    const code = bytes.toString('utf8')
    const dir = posix.dirname(path)
    for (const spec of staticImports(code)) queue.push(posix.normalize(posix.join(dir, spec)))
    for (const spec of dynamicImports(code)) {
      const target = posix.normalize(posix.join(dir, spec))
      if (startupChunks.some((re) => re.test(posix.basename(target)))) queue.push(target)
    }
  }
  return files
}

function main() {
  const distDir = process.argv[2] ?? 'dist'
  const files = firstPageScripts(distDir)
  const total = files.reduce((sum, f) => sum + f.gzip, 0)
  const kB = (n) => `${(n / 1000).toFixed(2)} kB`
  for (const f of files) console.log(`  ${f.path.padEnd(52)} ${kB(f.bytes).padStart(10)}  gzip ${kB(f.gzip).padStart(9)}`)
  console.log(`[budget] first-page JavaScript: ${kB(total)} gzipped (budget ${kB(BUDGET_BYTES)})`)
  if (total > BUDGET_BYTES) {
    console.error(`[budget] over budget by ${kB(total - BUDGET_BYTES)}: lazy-load what the first page does not need.`)
    process.exit(1)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main()
