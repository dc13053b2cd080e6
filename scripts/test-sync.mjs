// `npm run test:sync`: the sync suite (tests/sync/), a protocol contract. With SYNC_URL set
// (a CouchDB server's root URL, admin credentials in COUCHDB_USER / COUCHDB_PASSWORD) it runs
// against that server; otherwise it starts the test server (scripts/sync-server.mjs) itself.
import { execFileSync } from 'node:child_process'
import { ensureTestServerInstalled } from './sync-server.mjs'

if (!process.env.SYNC_URL) ensureTestServerInstalled()
try {
  execFileSync('./node_modules/.bin/vitest', ['run', '-c', 'vitest.sync.config.ts', ...process.argv.slice(2)], { stdio: 'inherit' })
} catch (err) {
  process.exit(typeof err.status === 'number' ? err.status : 1)
}
