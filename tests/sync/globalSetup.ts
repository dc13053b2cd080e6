/**
 * Starts the test server for the sync suite unless SYNC_URL names one, and hands its address
 * and admin to the tests (`inject('couch')`, see server.ts).
 */
import type { TestProject } from 'vitest/node'
// @ts-expect-error -- a plain .mjs script without type declarations (scripts/sync-server.mjs)
import { startTestServer } from '../../scripts/sync-server.mjs'

export interface CouchUnderTest {
  /** The server's root URL, no trailing slash. */
  url: string
  admin: { name: string; password: string }
  /** Whether this run started the server (and so may stop and start it). */
  ours: boolean
}

declare module 'vitest' {
  export interface ProvidedContext {
    couch: CouchUnderTest
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.SYNC_URL
  if (external) {
    // `SYNC_URL=http://admin:secret@host:5984`: fetch refuses URLs with credentials, so they
    // are taken out and used as the admin (COUCHDB_USER / COUCHDB_PASSWORD win when set).
    const parsed = new URL(external)
    const inUrl = { name: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) }
    parsed.username = ''
    parsed.password = ''
    project.provide('couch', {
      url: parsed.href.replace(/\/+$/, ''),
      admin: { name: process.env.COUCHDB_USER ?? (inUrl.name || 'admin'), password: process.env.COUCHDB_PASSWORD ?? inUrl.password },
      ours: false,
    })
    return
  }
  const server = (await startTestServer()) as { url: string; admin: { name: string; password: string }; stop(): Promise<void> }
  project.provide('couch', { url: server.url, admin: server.admin, ours: true })
  return () => server.stop()
}
