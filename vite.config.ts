/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }

/**
 * The version shown in the footer and written into backups. APP_VERSION overrides it, so the
 * update test can build the same code twice as two distinct releases.
 */
const APP_VERSION = process.env.APP_VERSION || pkg.version

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(APP_VERSION) },
  resolve: {
    alias: [
      // workbox-window's "module" is an ES5 build; the ES2017 one is 1 kB (gzip) lighter, and
      // every page loads it at startup to register the service worker.
      {
        find: /^workbox-window$/,
        replacement: fileURLToPath(new URL('./node_modules/workbox-window/build/workbox-window.prod.mjs', import.meta.url)),
      },
    ],
  },
  plugins: [
    vue(),
    VitePWA({
      // A new version waits until the person chooses to reload (src/composables/useServiceWorker.ts):
      // swapping code under an open cart or checkout would be worse than a prompt.
      registerType: 'prompt',
      injectRegister: false,
      // Icons (maskable included) are made from one SVG at build time by @vite-pwa/assets-generator.
      pwaAssets: { image: 'public/favicon.svg', preset: 'minimal-2023', overrideManifestIcons: true },
      manifest: {
        id: '/',
        name: 'Offline Shop',
        short_name: 'Shop',
        description: 'An offline-first shop: browse, fill a cart and order, with or without a network.',
        theme_color: '#0b5cad',
        background_color: '#f5f6f8',
        display: 'standalone',
        orientation: 'any',
        start_url: '/',
        scope: '/',
        lang: 'en',
        dir: 'ltr',
        categories: ['shopping', 'business', 'productivity'],
        prefer_related_applications: false,
        shortcuts: [
          { name: 'Your cart', short_name: 'Cart', url: '/cart' },
          { name: 'Your orders', short_name: 'Orders', url: '/orders' },
        ],
        // Made from the built app by `npm run screenshots` (scripts/screenshots.mjs).
        screenshots: [
          {
            src: 'screenshots/catalog-wide.png',
            sizes: '1280x800',
            type: 'image/png',
            form_factor: 'wide',
            label: 'The product catalog on a desktop',
          },
          {
            src: 'screenshots/catalog-narrow.png',
            sizes: '412x915',
            type: 'image/png',
            form_factor: 'narrow',
            label: 'The product catalog on a phone',
          },
          {
            src: 'screenshots/product-narrow.png',
            sizes: '412x915',
            type: 'image/png',
            form_factor: 'narrow',
            label: 'A product page with its stock and the Add to cart button',
          },
        ],
      },
      workbox: {
        // Not *.webmanifest: the plugin precaches the manifest itself, and listing it twice (with
        // two revisions) made the service worker throw on startup, so nothing was ever precached.
        globPatterns: ['**/*.{js,css,html,svg,png,ico}'],
        // The store screenshots are only for the browser's install dialog, fetched online.
        globIgnores: ['screenshots/**'],
        navigateFallback: '/index.html',
        cleanupOutdatedCaches: true,
        // Once a person presses Reload the new worker takes over every open tab, so a tab that
        // was never controlled (the first visit) reloads too and no tab runs an older version.
        clientsClaim: true,
        // One classic script: the listeners are added while it first runs, and an error there
        // fails the registration loudly instead of leaving a worker that caches nothing.
        inlineWorkboxRuntime: true,
      },
    }),
  ],
  preview: { port: 4173, strictPort: true },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', setupFiles: ['tests/setup-db.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'component',
          include: ['tests/component/**/*.test.ts'],
          environment: 'happy-dom',
          setupFiles: ['tests/setup-db.ts'],
        },
      },
    ],
  },
})
