import { afterEach, describe, expect, it, vi } from 'vitest'
import { CouchClient, parseDatabaseUrl } from '../../../src/sync/couch'
import { SyncError, syncMessage } from '../../../src/sync/errors'
import { FAKE_DB, FAKE_ROOT, FakeCouch } from './fakeCouch'
import { rejection } from '../support'

async function signedIn(couch = new FakeCouch(), options: { timeoutMs?: number } = {}) {
  const client = new CouchClient(FAKE_DB, { fetch: couch.fetch, ...options })
  await client.signIn('owner', 'secret')
  return { couch, client }
}

const kindOf = async (p: Promise<unknown>) => {
  const err = await rejection(p)
  expect(err).toBeInstanceOf(SyncError)
  return (err as SyncError).kind
}

describe('parseDatabaseUrl', () => {
  it.each([
    ['http://127.0.0.1:5984/shop', 'http://127.0.0.1:5984', 'http://127.0.0.1:5984/shop'],
    ['https://couch.example.com/db/shop/', 'https://couch.example.com/db', 'https://couch.example.com/db/shop'],
  ])('%s is the database %s under %s', (url, root, db) => {
    expect(parseDatabaseUrl(url)).toEqual({ root, db })
  })

  it.each(['', 'couch.example.com/shop', 'ftp://x/shop', 'http://x', 'http://x/', 'http://x/_users', 'http://x/shop?a=1', 'http://u:p@x/shop'])('%j is a bad address', (url) => {
    expect(() => parseDatabaseUrl(url)).toThrow(expect.objectContaining({ kind: 'bad-address' }) as Error)
  })
})

describe('CouchClient', () => {
  it('signs in with the session cookie and keeps it for the requests after', async () => {
    const { client } = await signedIn()
    expect(await client.session()).toEqual({ name: 'owner', roles: ['shop-owner'] })
    expect((await client.dbInfo()).db_name).toBe('shop')
  })

  it('a wrong password is wrong-password; a 401 without a sign-in in this client is session-expired', async () => {
    const couch = new FakeCouch()
    const client = new CouchClient(FAKE_DB, { fetch: couch.fetch })
    expect(await kindOf(client.signIn('owner', 'nope'))).toBe('wrong-password')
    expect(await kindOf(client.dbInfo())).toBe('session-expired')
  })

  it('a session the server ended is signed in again once, with the password kept in memory; a changed password is wrong-password', async () => {
    const { couch, client } = await signedIn()
    couch.expireSessions()
    expect((await client.dbInfo()).db_name).toBe('shop')
    expect(couch.log.filter((l) => l === 'POST /_session')).toHaveLength(2)
    couch.expireSessions()
    couch.users.owner!.password = 'changed'
    expect(await kindOf(client.dbInfo())).toBe('wrong-password')
    await client.signOut()
    expect(await kindOf(client.dbInfo())).toBe('session-expired')
  })

  it('403 on a read is not-a-member, a missing database is not-a-shop, 500 is server', async () => {
    const { couch, client } = await signedIn()
    couch.failNext('/shop', 403)
    expect(await kindOf(client.dbInfo())).toBe('not-a-member')
    couch.failNext('/shop', 404)
    expect(await kindOf(client.dbInfo())).toBe('not-a-shop')
    couch.failNext('_changes', 500)
    const err = (await rejection(client.changes({ since: 0, limit: 10 }))) as SyncError
    expect([err.kind, err.status]).toEqual(['server', 500])
    expect(err.message).toMatch(/500/)
  })

  it('a refused connection is unreachable; an answer that is not JSON or cut halfway is a server error', async () => {
    const { couch, client } = await signedIn()
    couch.failNext('_changes', 'refuse')
    expect(await kindOf(client.changes({ since: 0, limit: 10 }))).toBe('unreachable')
    couch.failNext('_changes', 'not-json')
    expect(((await rejection(client.changes({ since: 0, limit: 10 }))) as SyncError).message).toMatch(/not JSON/)
    couch.failNext('_changes', 'cut')
    expect(await kindOf(client.changes({ since: 0, limit: 10 }))).toMatch(/unreachable|server/)
  })

  it('a request with no answer times out as a server error', async () => {
    const { couch, client } = await signedIn(new FakeCouch(), { timeoutMs: 50 })
    couch.failNext('_bulk_docs', 'hang')
    const err = (await rejection(client.bulkDocs([{ _id: 'products:a' }]))) as SyncError
    expect([err.kind, err.message]).toEqual(['server', 'The server did not answer in time.'])
  })

  it('a longpoll waits for a change, ends empty after its wait, and stops with the caller\'s abort', async () => {
    const { couch, client } = await signedIn()
    const info = await client.dbInfo()
    const empty = await client.changes({ since: info.update_seq, limit: 10, longpoll: true, waitMs: 30 })
    expect(empty).toEqual({ results: [], last_seq: info.update_seq })
    const waiting = client.changes({ since: info.update_seq, limit: 10, longpoll: true })
    couch.put({ _id: 'products:a', table: 'products', data: {} })
    expect((await waiting).results.map((r) => r.id)).toEqual(['products:a'])
    const stop = new AbortController()
    const stopped = client.changes({ since: (await client.dbInfo()).update_seq, limit: 10, longpoll: true, signal: stop.signal })
    stop.abort()
    expect(((await rejection(stopped)) as Error).name).toBe('AbortError')
  })

  it('a fetch that never settles and ignores its signal still ends: at the timeout, the longpoll\'s wait, or the caller\'s abort', async () => {
    // As a fetch behaves whose link to its signal was lost (Node 20 after a garbage collection).
    const deaf = () => new Promise<Response>(() => undefined)
    const client = new CouchClient(FAKE_DB, { fetch: deaf, timeoutMs: 40 })
    const timedOut = (await rejection(client.get('products:a'))) as SyncError
    expect([timedOut.kind, timedOut.message]).toEqual(['server', 'The server did not answer in time.'])
    expect(await client.changes({ since: 7, limit: 10, longpoll: true, waitMs: 30 })).toEqual({ results: [], last_seq: 7 })
    const stop = new AbortController()
    const stopped = client.changes({ since: 7, limit: 10, longpoll: true, waitMs: 60_000, signal: stop.signal })
    stop.abort()
    expect(((await rejection(stopped)) as Error).name).toBe('AbortError')
    const halted = new AbortController()
    const write = client.put({ _id: 'stock:a', level: 1 }, halted.signal)
    halted.abort()
    expect(((await rejection(write)) as Error).name).toBe('AbortError')
  })

  it('a body that never finishes arriving times out too', async () => {
    const stalled = () => Promise.resolve(new Response(new ReadableStream({ start: () => undefined }), { status: 200 }))
    const client = new CouchClient(FAKE_DB, { fetch: stalled, timeoutMs: 40 })
    const err = (await rejection(client.dbInfo())) as SyncError
    expect([err.kind, err.message]).toEqual(['server', 'The server did not answer in time.'])
  })

  it('reads documents by id, missing ones as undefined, and reports conflicts per document', async () => {
    const { couch, client } = await signedIn()
    const rev = couch.put({ _id: 'products:a', table: 'products', data: { name: 'A' } })
    expect((await client.allDocs(['products:a', 'products:b'])).map((d) => d?._rev)).toEqual([rev, undefined])
    expect(await client.get('products:b')).toBeUndefined()
    const results = await client.bulkDocs([{ _id: 'products:a', _rev: '1-stale' }, { _id: 'products:b' }])
    expect(results.map((r) => r.error ?? 'ok')).toEqual(['conflict', 'ok'])
    expect(((await rejection(client.put({ _id: 'products:a', _rev: '1-stale' }))) as SyncError).status).toBe(409)
    expect(await client.hasDesignDoc()).toBe(true)
  })
})

describe('a browser block (CORS, mixed content) is blocked, not unreachable', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  /** A fetch scripted by mode: what the browser does with the CORS request and with a no-cors probe. */
  function browserFetch(noCors: 'answers' | 'fails') {
    const calls: { url: string; mode: RequestMode | undefined }[] = []
    const fetch = (url: string, init: RequestInit = {}) => {
      calls.push({ url, mode: init.mode })
      // An opaque answer is all a no-cors fetch ever gets, even from a server that answered.
      if (init.mode === 'no-cors' && noCors === 'answers') return Promise.resolve(new Response(null, { status: 200 }))
      return Promise.reject(new TypeError('Failed to fetch'))
    }
    return { fetch, calls }
  }

  // The probe runs only in a browser (where `document` is): node's fetch has no CORS to blame.
  const inABrowser = () => vi.stubGlobal('document', {})

  it('a request the browser refuses while a no-cors probe of the server answers is blocked, with its sentence', async () => {
    inABrowser()
    const { fetch, calls } = browserFetch('answers')
    const client = new CouchClient(FAKE_DB, { fetch, keepCookie: false })
    const err = (await rejection(client.dbInfo())) as SyncError
    expect(err).toBeInstanceOf(SyncError)
    expect([err.kind, err.message]).toEqual(['blocked', 'The server answered, but the browser blocked it: the server must allow this site (CORS with credentials).'])
    expect(calls).toEqual([
      { url: FAKE_DB, mode: undefined },
      { url: `${FAKE_ROOT}/`, mode: 'no-cors' },
    ])
  })

  it('when the probe fails too nothing answered: unreachable, after asking the probe', async () => {
    inABrowser()
    const { fetch, calls } = browserFetch('fails')
    const client = new CouchClient(FAKE_DB, { fetch, keepCookie: false })
    const err = (await rejection(client.dbInfo())) as SyncError
    expect([err.kind, err.message]).toEqual(['unreachable', syncMessage('unreachable')])
    // The probe was asked (and failed): unreachable is its answer, not a guess without it.
    expect(calls.map((c) => c.mode)).toEqual([undefined, 'no-cors'])
  })

  it('an https page and an http server is blocked (mixed content) before any request is made', async () => {
    inABrowser()
    vi.stubGlobal('location', { protocol: 'https:' })
    const { fetch, calls } = browserFetch('answers')
    const client = new CouchClient(FAKE_DB, { fetch, keepCookie: false })
    const err = (await rejection(client.signIn('owner', 'secret'))) as SyncError
    expect([err.kind, err.message]).toEqual(['blocked', 'This page is https and the server is http: the browser refuses that (mixed content). Use an https address.'])
    expect(calls).toEqual([])
    // An https server is asked as usual (and this scripted browser then refuses it for CORS).
    const secure = new CouchClient('https://couch.test/shop', { fetch, keepCookie: false })
    expect(((await rejection(secure.dbInfo())) as SyncError).kind).toBe('blocked')
    expect(calls.map((c) => c.url)).toEqual(['https://couch.test/shop', 'https://couch.test/'])
  })
})
