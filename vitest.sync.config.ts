/**
 * The sync suite (`npm run test:sync`): tests/sync/ against a real CouchDB-compatible server.
 * With SYNC_URL set it is that server (admin in COUCHDB_USER / COUCHDB_PASSWORD); otherwise
 * tests/sync/globalSetup.ts starts the test server (scripts/sync-server.mjs) and stops it at
 * the end. One file at a time: they share the server.
 */
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'sync',
    include: ['tests/sync/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/setup-db.ts'],
    globalSetup: ['tests/sync/globalSetup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
