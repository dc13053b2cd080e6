// `npm run bench`: the catalog benchmark in headless Chromium against the bench page's own build.
import { defineConfig } from '@playwright/test'
import { fileURLToPath } from 'node:url'
import { CHROMIUM_ARGS } from '../playwright.config'

const PORT = Number(process.env.BENCH_PORT ?? 4185)

export default defineConfig({
  testDir: '.',
  // The catalog's, then the dashboard's (bench/dashboard.bench.ts); one can be run alone by naming its file.
  testMatch: ['catalog.bench.ts', 'dashboard.bench.ts'],
  workers: 1,
  timeout: 60 * 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `./node_modules/.bin/vite preview -c bench/vite.config.ts --port ${PORT} --strictPort`,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    url: `http://localhost:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
})
