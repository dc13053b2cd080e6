/**
 * scripts/sync-setup.mjs without a server: how it reads a database URL, and what it asks of a
 * CouchDB 3 cluster (a scripted fake: the sync suite runs it for real against pouchdb-server,
 * whose configuration API is the older /_config one).
 */
import { describe, expect, it } from 'vitest'
import { CORS_HEADERS, CORS_METHODS, setupShopDatabase, shopDesignDoc, shopSecurity, splitDatabaseUrl } from '../../../scripts/sync-setup.mjs'

describe('splitDatabaseUrl', () => {
  it.each([
    ['http://127.0.0.1:5984/shop', { root: 'http://127.0.0.1:5984', name: 'shop' }],
    ['https://shop.example.com/couch/shop/', { root: 'https://shop.example.com/couch', name: 'shop' }],
    ['http://admin:s%40cret@host:5984/my-shop', { root: 'http://host:5984', name: 'my-shop', user: 'admin', password: 's@cret' }],
  ])('%s', (url, expected) => {
    expect(splitDatabaseUrl(url)).toEqual({ user: undefined, password: undefined, ...expected })
  })

  it.each([
    ['not a url', /is not a database address/],
    ['ftp://host/shop', /not an http\(s\) database address/],
    ['http://host:5984/', /names no database/],
    ['http://host:5984/Shop', /cannot be a CouchDB database name/],
  ])('refuses %s', (url, message) => {
    expect(() => splitDatabaseUrl(url)).toThrow(message)
  })
})

/** A CouchDB 3 cluster of two nodes as far as the setup sees it; records every write. */
function fakeCouch3() {
  const config = new Map<string, string>()
  const docs = new Map<string, Record<string, unknown>>()
  const writes: string[] = []
  const fetch = async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input))
    const method = init.method ?? 'GET'
    const body = init.body === undefined ? undefined : (JSON.parse(String(init.body)) as unknown)
    const path = decodeURIComponent(url.pathname)
    const answer = (status: number, json: unknown) => new Response(JSON.stringify(json), { status })
    if (method !== 'GET') writes.push(`${method} ${path}`)
    if (path === '/') return answer(200, { couchdb: 'Welcome', version: '3.5.0' })
    if (path === '/_session') return answer(200, { ok: true, userCtx: { name: 'admin', roles: ['_admin'] } })
    if (path === '/_membership') return answer(200, { all_nodes: ['couchdb@a', 'couchdb@b'], cluster_nodes: ['couchdb@a', 'couchdb@b'] })
    if (path === '/_node/_local/_config/chttpd') return answer(200, { port: '5984' })
    if (path.startsWith('/_node/')) {
      if (method === 'PUT') {
        config.set(path, body as string)
        return answer(200, '')
      }
      return config.has(path) ? answer(200, config.get(path)) : answer(404, { error: 'not_found', reason: 'unknown_config_value' })
    }
    if (method === 'PUT') {
      const rev = `${Number(String((docs.get(path)?._rev as string | undefined) ?? '0').split('-')[0]) + 1}-x`
      docs.set(path, { ...(body as object | undefined), _rev: rev })
      return answer(path.endsWith('/_security') ? 200 : 201, { ok: true, rev })
    }
    const doc = docs.get(path)
    return doc ? answer(200, path.endsWith('_security') ? { ...doc, _rev: undefined } : doc) : answer(404, { error: 'not_found' })
  }
  return { fetch: fetch as typeof globalThis.fetch, writes, config, docs }
}

describe('setupShopDatabase on a CouchDB 3 cluster', () => {
  it('sets CORS on every node under [chttpd] and [cors], then changes nothing when run again', async () => {
    const couch = fakeCouch3()
    const first = await setupShopDatabase({ dbUrl: 'http://couch:5984/shop', user: 'admin', password: 'pw', fetch: couch.fetch, origins: ['https://shop.example/app'] })
    expect(first).toMatchObject({ api: 'couchdb', created: true, designUpdated: true, securityUpdated: true, corsUpdated: true, origins: 'https://shop.example' })
    for (const node of ['couchdb@a', 'couchdb@b']) {
      expect(couch.config.get(`/_node/${node}/_config/chttpd/enable_cors`)).toBe('true')
      expect(couch.config.get(`/_node/${node}/_config/cors/origins`)).toBe('https://shop.example')
      expect(couch.config.get(`/_node/${node}/_config/cors/credentials`)).toBe('true')
      expect(couch.config.get(`/_node/${node}/_config/cors/methods`)).toBe(CORS_METHODS)
      expect(couch.config.get(`/_node/${node}/_config/cors/headers`)).toBe(CORS_HEADERS)
    }
    expect(couch.writes).toContain('PUT /_users')
    expect(couch.writes).toContain('PUT /shop')
    expect(couch.docs.get('/shop/_design/shop')).toEqual({ ...shopDesignDoc(), _rev: '1-x' })
    expect(couch.writes).toContain('PUT /shop/_security')

    couch.writes.length = 0
    const again = await setupShopDatabase({ dbUrl: 'http://couch:5984/shop', user: 'admin', password: 'pw', fetch: couch.fetch, origins: ['https://shop.example'] })
    expect(again).toMatchObject({ created: false, designUpdated: false, securityUpdated: false, corsUpdated: false })
    expect(couch.writes).toEqual([])
  })

  it('writes the security the repository ships', async () => {
    const couch = fakeCouch3()
    await setupShopDatabase({ dbUrl: 'http://couch:5984/shop', user: 'admin', password: 'pw', fetch: couch.fetch })
    expect(couch.docs.get('/shop/_security')).toEqual({ ...shopSecurity(), _rev: '1-x' })
    expect(couch.config.get('/_node/couchdb@a/_config/cors/origins')).toBe('*')
  })

  it('names the missing admin', async () => {
    const saved = { user: process.env.COUCHDB_USER, password: process.env.COUCHDB_PASSWORD }
    delete process.env.COUCHDB_USER
    delete process.env.COUCHDB_PASSWORD
    try {
      await expect(setupShopDatabase({ dbUrl: 'http://couch:5984/shop', fetch: fakeCouch3().fetch })).rejects.toThrow(/set COUCHDB_USER and COUCHDB_PASSWORD/)
    } finally {
      if (saved.user !== undefined) process.env.COUCHDB_USER = saved.user
      if (saved.password !== undefined) process.env.COUCHDB_PASSWORD = saved.password
    }
  })
})
