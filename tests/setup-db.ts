// Unit and component tests run against fake-indexeddb; end-to-end tests use real Chromium.
import 'fake-indexeddb/auto'
import { readFile } from 'node:fs/promises'

// The app fetches some of its own static files by path, as the browser does from the server:
// the demo catalog's rows (db/seed.ts, public/demo/catalog.json). Node has no page to resolve
// "/demo/catalog.json" against, so here such a path is read from public/, as `vite preview`
// serves it. Every other request goes to the real fetch.
const networkFetch = globalThis.fetch
globalThis.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  if (!url.startsWith('/') || url.startsWith('//')) return networkFetch(input, init)
  const path = new URL(url, 'http://app.invalid').pathname
  try {
    return new Response(await readFile(new URL(`../public${decodeURIComponent(path)}`, import.meta.url)), { status: 200 })
  } catch {
    return new Response('Not found', { status: 404 })
  }
}
