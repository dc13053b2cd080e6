// `npm run bench:sync`: the sync benchmark (bench/sync.bench.ts) in headless Chromium against the
// bench page's own build. The page is served on 127.0.0.1, the test server's host, so the
// server's AuthSession cookie is same-site for the page's requests (the bench starts the server).
import { defineConfig } from '@playwright/test'
import { fileURLToPath } from 'node:url'
import { CHROMIUM_ARGS } from '../playwright.config'

const PORT = Number(process.env.BENCH_PORT ?? 4185)
/** The bench page's origin: the one the test server allows (CORS with credentials). */
export const SYNC_ORIGIN = `http://127.0.0.1:${PORT}`

export default defineConfig({
  testDir: '.',
  testMatch: ['sync.bench.ts'],
  workers: 1,
  timeout: 3 * 60 * 60_000,
  reporter: [['list']],
  use: {
    baseURL: SYNC_ORIGIN,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `./node_modules/.bin/vite preview -c bench/vite.config.ts --host 127.0.0.1 --port ${PORT} --strictPort`,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    url: SYNC_ORIGIN,
    reuseExistingServer: false,
    timeout: 60_000,
  },
})
