/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type Plugin } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import { minify as terserMinify } from 'terser'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }

/**
 * The version shown in the footer and written into backups. APP_VERSION overrides it, so the
 * update test can build the same code twice as two distinct releases.
 */
const APP_VERSION = process.env.APP_VERSION || pkg.version

/**
 * The module graph as the build found it (who imports whom statically), so chunking can tell
 * which of the app's modules the first page loads.
 */
const graph = new Map<string, { isEntry: boolean; importers: readonly string[] }>()
const recordGraph: Plugin = {
  name: 'shop:record-graph',
  apply: 'build',
  buildEnd() {
    for (const id of this.getModuleIds()) {
      const info = this.getModuleInfo(id)
      if (info) graph.set(id, { isEntry: info.isEntry, importers: [...info.importers] })
    }
  },
}

/**
 * A second minifying pass with terser over each chunk the bundler's own minifier (oxc) wrote:
 * terser's repeated compress passes find what one pass leaves (measured: the first visit's
 * scripts 1.0 kB gzip lighter; terser alone, in oxc's place, did worse than oxc). Build only;
 * source maps are not made for production, so none has to follow.
 */
const secondMinifyPass: Plugin = {
  name: 'shop:second-minify-pass',
  apply: 'build',
  async renderChunk(code, chunk) {
    if (!chunk.fileName.endsWith('.js')) return null
    const out = await terserMinify(code, { module: true, ecma: 2020, compress: { passes: 3 }, mangle: true, format: { comments: false } })
    return out.code === undefined ? null : { code: out.code, map: null }
  },
}

/**
 * Vite wraps every import() in its preload helper (`__vitePreload(load, deps)`), which adds a
 * <link rel="modulepreload"> for each of the chunk's imports and a <link rel="stylesheet"> for
 * its CSS, then loads the chunk. This build gives it neither: no imports are preloaded
 * (modulePreload) and no chunk has CSS of its own (cssCodeSplit), so every call is handed an
 * empty list, and the helper is replaced by what it then does: load the chunk. A build where a
 * chunk did have CSS of its own would need the real helper back: it fails instead.
 */
const noPreloadHelper: Plugin = {
  name: 'shop:no-preload-helper',
  apply: 'build',
  enforce: 'pre',
  load(id) {
    return id === '\0vite/preload-helper.js' ? 'export const __vitePreload = (load) => load()' : null
  },
  generateBundle(_options, bundle) {
    const stylesheets = Object.keys(bundle).filter((file) => file.endsWith('.css'))
    if (stylesheets.length > 1) this.error(`Lazy chunks have CSS of their own (${stylesheets.join(', ')}): the preload helper that loads it was left out.`)
  },
}

/** Whether a module is reached from the entry by static imports alone: the first page loads it. */
function onFirstPage(id: string, seen = new Set<string>()): boolean {
  if (seen.has(id)) return false
  seen.add(id)
  const info = graph.get(id)
  return !!info && (info.isEntry || info.importers.some((importer) => onFirstPage(importer, seen)))
}

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(APP_VERSION) },
  build: {
    // A lazy page's chunks are not preloaded in parallel: the service worker serves them from
    // its cache, and listing every page's chunks in the first page's script cost ~1 kB (gzip).
    // Every browser that runs the shop supports <link rel="modulepreload">: no polyfill.
    modulePreload: { polyfill: false, resolveDependencies: () => [] },
    // Every page's CSS in the one stylesheet index.html links (6.1 kB gzip, against 3.1 kB for
    // the first page's own): a page loaded later brings no CSS, so nothing is left for Vite's
    // preload helper to do (see noPreloadHelper), whose code cost the first page 0.68 kB of
    // JavaScript and whose CSS links another 0.5 kB. Scoped styles match only their own
    // components, so the rules of pages not shown change nothing on the page that is.
    cssCodeSplit: false,
    rolldownOptions: {
      output: {
        // The first page in one chunk instead of a dozen small shared ones: the libraries every
        // page runs and the app's own modules the first page imports statically. Each chunk
        // compresses apart and pays for an import list and the other's export list: the
        // libraries in a chunk of their own cost the first visit 0.74 kB (gzip) more. Pages
        // loaded later keep their own chunks.
        codeSplitting: {
          groups: [
            {
              name: 'shell',
              test: (id) => /[\\/]node_modules[\\/](@vue|vue|vue-router|pinia|dexie)[\\/]/.test(id) || (id.includes('/src/') && onFirstPage(id)),
            },
          ],
        },
      },
    },
  },
  resolve: {
    alias: [
      // Dexie's default entry is its ES5 bundle; the ES2018 one (same version, same API) is
      // ~1.5 kB (gzip) lighter, and every page loads the database.
      {
        find: /^dexie$/,
        replacement: fileURLToPath(new URL('./node_modules/dexie/dist/modern/dexie.mjs', import.meta.url)),
      },
    ],
  },
  plugins: [
    recordGraph,
    noPreloadHelper,
    secondMinifyPass,
    // Every component uses <script setup>; dropping the Options API from Vue core saves ~3 kB (gzip) on every page.
    vue({ features: { optionsAPI: false } }),
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
        // JSON: the demo catalog's rows (public/demo/catalog.json), which seeding fetches.
        globPatterns: ['**/*.{js,css,html,svg,png,ico,json}'],
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
          setupFiles: ['tests/setup-db.ts', 'tests/setup-component.ts'],
        },
      },
    ],
  },
})
