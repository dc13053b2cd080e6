// The benchmark page: its own Vite entry built into bench/dist, never part of the shop's bundle.
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue()],
  // The shop's cards reach the app store, which knows the service worker; the bench has none.
  // pouchdb-browser (the sync bench's baseline) imports Node's 'events': a small shim of it.
  resolve: {
    alias: [
      { find: /^.*\/composables\/useServiceWorker$/, replacement: fileURLToPath(new URL('./service-worker-stub.ts', import.meta.url)) },
      { find: /^events$/, replacement: fileURLToPath(new URL('./events-shim.ts', import.meta.url)) },
    ],
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', minify: process.env.SYNC_BENCH_PROFILE === '1' ? false : undefined },
  preview: { port: Number(process.env.BENCH_PORT ?? 4185), strictPort: true },
})
