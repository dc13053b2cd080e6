/**
 * The shop's rules on a real server (the test server, or SYNC_URL's CouchDB): what
 * `npm run sync:setup` installs refuses anonymous requests and strangers, lets a seller's till
 * sell but not change products, settings or roles, keeps ledger rows create-only, lets the
 * owner do everything, is safe to run again, and opens CORS with credentials.
 * The same rules, case by case, without a server: tests/unit/sync/validate.test.ts.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { setupShopDatabase } from '../../scripts/sync-setup.mjs'
import { upsertShopUser } from '../../scripts/sync-user.mjs'

const { url, admin } = inject('couch')
// Unique per run: a real CouchDB (SYNC_URL) keeps what earlier runs left if one was cut short.
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
const dbName = `shop-rules-${suffix}`
const dbUrl = `${url}/${dbName}`
const names = { owner: `rules-owner-${suffix}`, seller: `rules-seller-${suffix}`, stranger: `rules-stranger-${suffix}` }
const PASSWORD = 'correct-horse-battery'
const adminAuth = 'Basic ' + Buffer.from(`${admin.name}:${admin.password}`).toString('base64')

interface Answer {
  status: number
  json: Record<string, unknown> & { reason?: string; rev?: string; _rev?: string }
  headers: Headers
}

async function call(method: string, path: string, { body, cookie, auth, headers = {} }: { body?: unknown; cookie?: string; auth?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const h: Record<string, string> = { Accept: 'application/json', ...headers }
  if (body !== undefined) h['Content-Type'] = 'application/json'
  if (cookie) h.Cookie = cookie
  if (auth) h.Authorization = auth
  const res = await fetch(url + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  let json: Answer['json']
  try {
    json = text ? (JSON.parse(text) as Answer['json']) : {}
  } catch {
    json = { text }
  }
  return { status: res.status, json, headers: res.headers }
}

async function signIn(name: string): Promise<string> {
  const res = await call('POST', '/_session', { body: { name, password: PASSWORD } })
  expect(res.status).toBe(200)
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  expect(cookie).toMatch(/^AuthSession=/)
  return cookie
}

const hlc = '0001700000000000-0000-dev1'
const doc = (table: string, key: string, data: Record<string, unknown>, rev?: string) => ({
  _id: `${table}:${key}`,
  ...(rev ? { _rev: rev } : {}),
  table,
  data,
  hlc,
  device: 'dev1',
})
const mug = { id: 'p1', sku: 'MUG-1', name: 'Stoneware Mug', category: 'Kitchen', description: '', price: 1200, stock: 5, lowStockThreshold: 2, archived: false, createdAt: 1, updatedAt: 1 }
const customer = { id: 'u2', username: 'Ann', usernameKey: 'ann', role: 'customer', passwordHash: 'h', salt: 's', iterations: 1, createdAt: 1, failedLogins: 0, lockedUntil: 0 }
const settings = { key: 'shopSettings', value: { name: 'Shop', currency: 'EUR', taxRate: 0.2 } }
const sale = { id: 's:o1:p1', productId: 'p1', delta: -1, reason: 'sale', stockAfter: 4, orderId: 'o1', note: '', at: 2 }

let owner = ''
let seller = ''
let stranger = ''
const db = `/${dbName}`

beforeAll(async () => {
  await setupShopDatabase({ dbUrl, user: admin.name, password: admin.password })
  await upsertShopUser({ serverUrl: url, name: names.owner, role: 'owner', userPassword: PASSWORD, user: admin.name, password: admin.password })
  await upsertShopUser({ serverUrl: url, name: names.seller, role: 'seller', userPassword: PASSWORD, user: admin.name, password: admin.password })
  // A CouchDB user of the server who is not one of the shop's.
  const made = await call('PUT', `/_users/org.couchdb.user:${names.stranger}`, {
    auth: adminAuth,
    body: { _id: `org.couchdb.user:${names.stranger}`, name: names.stranger, type: 'user', roles: [], password: PASSWORD },
  })
  expect(made.status).toBe(201)
  ;[owner, seller, stranger] = await Promise.all([signIn(names.owner), signIn(names.seller), signIn(names.stranger)])
  // Something for the seller to try to change.
  expect((await call('PUT', `${db}/products:p1`, { cookie: owner, body: doc('products', 'p1', mug) })).status).toBe(201)
})

afterAll(async () => {
  await call('DELETE', db, { auth: adminAuth })
  for (const name of Object.values(names)) {
    const user = await call('GET', `/_users/org.couchdb.user:${name}`, { auth: adminAuth })
    if (user.status === 200) await call('DELETE', `/_users/org.couchdb.user:${name}?rev=${user.json._rev}`, { auth: adminAuth })
  }
})

const revOf = async (id: string) => (await call('GET', `${db}/${encodeURIComponent(id)}`, { auth: adminAuth })).json._rev

describe('who may come in', () => {
  it('anonymous requests are refused, reading and writing', async () => {
    expect((await call('GET', db)).status).toBe(401)
    expect((await call('GET', `${db}/_changes`)).status).toBe(401)
    expect((await call('PUT', `${db}/orders:anon`, { body: doc('orders', 'anon', { id: 'anon' }) })).status).toBe(401)
  })

  it('a signed-in user without a shop role is refused', async () => {
    // CouchDB answers 403; pouchdb-server 401. Either way: not in.
    expect([401, 403]).toContain((await call('GET', db, { cookie: stranger })).status)
    expect([401, 403]).toContain((await call('PUT', `${db}/orders:x`, { cookie: stranger, body: doc('orders', 'x', { id: 'x' }) })).status)
  })

  it('a seller and the owner read the database', async () => {
    expect((await call('GET', db, { cookie: seller })).status).toBe(200)
    expect((await call('GET', `${db}/_changes?limit=1`, { cookie: owner })).status).toBe(200)
  })
})

describe('a seller', () => {
  it.each([
    ['create a product', () => doc('products', 'p2', { ...mug, id: 'p2', sku: 'MUG-2' }), /^Only the shop's owner may add products/],
    ['change the settings', () => doc('meta', 'shopSettings', settings), /^Only the shop's owner may change the shop's settings/],
    ['make an owner account', () => doc('users', 'u9', { ...customer, id: 'u9', role: 'owner' }), /^Only the shop's owner may make an owner account/],
  ])('may not %s: refused with the reason', async (_what, make, reason) => {
    const body = make()
    const res = await call('PUT', `${db}/${body._id}`, { cookie: seller, body })
    expect(res.status).toBe(403)
    expect(res.json.reason).toMatch(reason)
  })

  it('may not change a price, but may update the stock a sale left', async () => {
    const rev = await revOf('products:p1')
    const price = await call('PUT', `${db}/products:p1`, { cookie: seller, body: doc('products', 'p1', { ...mug, price: 1 }, rev) })
    expect(price.status).toBe(403)
    expect(price.json.reason).toBe('Only the shop\'s owner may change products and prices ("Stoneware Mug").')
    const stock = await call('PUT', `${db}/products:p1`, { cookie: seller, body: doc('products', 'p1', { ...mug, stock: 4, updatedAt: 2 }, rev) })
    expect(stock.status).toBe(201)
  })

  it('creates a customer account but may not make it an owner', async () => {
    const made = await call('PUT', `${db}/users:u2`, { cookie: seller, body: doc('users', 'u2', customer) })
    expect(made.status).toBe(201)
    const promoted = await call('PUT', `${db}/users:u2`, { cookie: seller, body: doc('users', 'u2', { ...customer, role: 'owner' }, made.json.rev) })
    expect(promoted.status).toBe(403)
    expect(promoted.json.reason).toBe('Only the shop\'s owner may change who is an owner ("Ann").')
    const deleted = await call('DELETE', `${db}/users:u2?rev=${made.json.rev}`, { cookie: seller })
    expect(deleted.status).toBe(403)
  })

  it('in one _bulk_docs: the sale goes through, the product change is refused with its reason', async () => {
    const res = await call('POST', `${db}/_bulk_docs`, {
      cookie: seller,
      body: {
        docs: [
          doc('orders', 'o1', { id: 'o1', number: 'K7-1', status: 'placed', history: [], lines: [], total: 1200 }),
          doc('payments', 'o1', { id: 'o1', orderId: 'o1', status: 'captured', amount: 1200, createdAt: 2 }),
          doc('cartItems', 'u2:p1', { userId: 'u2', productId: 'p1', quantity: 1, addedAt: 1 }),
          { _id: 'stock:p1', level: 4, rows: ['s:o1:p1'] },
          doc('products', 'p3', { ...mug, id: 'p3', sku: 'MUG-3', price: 0 }),
        ],
      },
    })
    expect(res.status).toBe(201)
    const results = res.json as unknown as { id: string; ok?: boolean; error?: string; reason?: string }[]
    // By id: pouchdb-server lists the refused ones first, CouchDB in the order sent.
    expect(Object.fromEntries(results.map((r) => [r.id, r.error ?? 'ok']))).toEqual({
      'orders:o1': 'ok',
      'payments:o1': 'ok',
      'cartItems:u2:p1': 'ok',
      'stock:p1': 'ok',
      'products:p3': 'forbidden',
    })
    expect(results.find((r) => r.id === 'products:p3')?.reason).toMatch(/^Only the shop's owner may add products/)
  })

  it('writes the stock count with its _rev: a stale one is a conflict (the online no-oversell lock)', async () => {
    const rev = await revOf('stock:p1')
    const first = await call('PUT', `${db}/stock:p1`, { cookie: seller, body: { _id: 'stock:p1', _rev: rev, level: 3, rows: ['s:o1:p1', 's:o2:p1'] } })
    expect(first.status).toBe(201)
    const second = await call('PUT', `${db}/stock:p1`, { cookie: owner, body: { _id: 'stock:p1', _rev: rev, level: 3, rows: ['s:o1:p1', 's:o3:p1'] } })
    expect(second.status).toBe(409)
  })
})

describe('the stock ledger', () => {
  it('a row is created, then never changed nor deleted, by the seller or the owner', async () => {
    const made = await call('PUT', `${db}/stockLedger:s:o1:p1`, { cookie: seller, body: doc('stockLedger', 's:o1:p1', sale) })
    expect(made.status).toBe(201)
    for (const cookie of [seller, owner]) {
      const changed = await call('PUT', `${db}/stockLedger:s:o1:p1`, { cookie, body: doc('stockLedger', 's:o1:p1', { ...sale, delta: -5 }, made.json.rev) })
      expect(changed.status).toBe(403)
      expect(changed.json.reason).toBe('Stock ledger rows are never changed: record a new stock change instead.')
      const deleted = await call('DELETE', `${db}/stockLedger:s:o1:p1?rev=${made.json.rev}`, { cookie })
      expect(deleted.status).toBe(403)
      expect(deleted.json.reason).toBe('Stock ledger rows are never deleted: record a correcting stock change instead.')
    }
    const kept = await call('GET', `${db}/stockLedger:s:o1:p1`, { cookie: owner })
    expect(kept.json._rev).toBe(made.json.rev)
    expect((kept.json.data as { delta: number }).delta).toBe(-1)
  })

  it('a seller may not restock', async () => {
    const res = await call('PUT', `${db}/stockLedger:r1`, { cookie: seller, body: doc('stockLedger', 'r1', { id: 'r1', productId: 'p1', delta: 10, reason: 'restock', stockAfter: 14, note: '', at: 3 }) })
    expect(res.status).toBe(403)
    expect(res.json.reason).toMatch(/^Only the shop's owner may restock or adjust stock/)
  })
})

describe('the owner', () => {
  it('changes prices and settings, restocks, promotes an account and deletes a product', async () => {
    const price = await call('PUT', `${db}/products:p1`, { cookie: owner, body: doc('products', 'p1', { ...mug, price: 1500 }, await revOf('products:p1')) })
    expect(price.status).toBe(201)
    expect((await call('PUT', `${db}/meta:shopSettings`, { cookie: owner, body: doc('meta', 'shopSettings', settings) })).status).toBe(201)
    expect((await call('PUT', `${db}/stockLedger:r2`, { cookie: owner, body: doc('stockLedger', 'r2', { id: 'r2', productId: 'p1', delta: 10, reason: 'restock', stockAfter: 14, note: '', at: 3 }) })).status).toBe(201)
    const promoted = await call('PUT', `${db}/users:u2`, { cookie: owner, body: doc('users', 'u2', { ...customer, role: 'owner' }, await revOf('users:u2')) })
    expect(promoted.status).toBe(201)
    expect((await call('DELETE', `${db}/products:p1?rev=${price.json.rev}`, { cookie: owner })).status).toBe(200)
  })
})

describe('npm run sync:setup', () => {
  it('is safe to run again: the second run changes nothing', async () => {
    const before = await revOf('_design/shop')
    const again = await setupShopDatabase({ dbUrl, user: admin.name, password: admin.password })
    expect(again).toMatchObject({ created: false, designUpdated: false, securityUpdated: false, corsUpdated: false })
    expect(await revOf('_design/shop')).toBe(before)
  })

  it('puts back a design document someone changed, with its _rev', async () => {
    const rev = await revOf('_design/shop')
    const tampered = await call('PUT', `${db}/_design/shop`, { auth: adminAuth, body: { _id: '_design/shop', _rev: rev, validate_doc_update: 'function () {}' } })
    expect(tampered.status).toBe(201)
    const fixed = await setupShopDatabase({ dbUrl, user: admin.name, password: admin.password })
    expect(fixed.designUpdated).toBe(true)
    const res = await call('PUT', `${db}/meta:shopSettings`, { cookie: seller, body: doc('meta', 'shopSettings', settings, await revOf('meta:shopSettings')) })
    expect(res.status).toBe(403)
  })

  it('says so when the admin credentials are wrong or the server is not there', async () => {
    await expect(setupShopDatabase({ dbUrl, user: admin.name, password: 'not-the-password' })).rejects.toThrow(/refused the administrator .*COUCHDB_USER and COUCHDB_PASSWORD/)
    await expect(setupShopDatabase({ dbUrl: 'http://127.0.0.1:9/shop', user: admin.name, password: 'x' })).rejects.toThrow(/^Cannot reach the CouchDB server at http:\/\/127\.0\.0\.1:9/)
    await expect(setupShopDatabase({ dbUrl: url, user: admin.name, password: admin.password })).rejects.toThrow(/names no database/)
  })

  it('runs from the command line with the admin in COUCHDB_USER / COUCHDB_PASSWORD', async () => {
    const run = promisify(execFile)
    const env = { ...process.env, COUCHDB_USER: admin.name, COUCHDB_PASSWORD: admin.password }
    const { stdout } = await run('node', ['scripts/sync-setup.mjs', dbUrl], { env })
    expect(stdout).toContain(`${dbName} is ready`)
    const failed = await run('node', ['scripts/sync-setup.mjs', dbUrl], { env: { ...env, COUCHDB_PASSWORD: 'wrong' } }).catch((err: { code: number; stderr: string }) => err)
    expect(failed).toMatchObject({ code: 1 })
    expect((failed as { stderr: string }).stderr).toMatch(/refused the administrator/)
  })
})

describe('CORS with credentials', () => {
  const shopOrigin = 'http://shop.example:5173'

  it('a preflight from another origin is allowed with credentials, its origin echoed', async () => {
    const res = await fetch(`${url}${db}/_bulk_docs`, {
      method: 'OPTIONS',
      headers: { Origin: shopOrigin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    })
    expect(res.status).toBeLessThan(300)
    expect(res.headers.get('access-control-allow-origin')).toBe(shopOrigin)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('access-control-allow-methods') ?? '').toMatch(/POST/)
    expect((res.headers.get('access-control-allow-headers') ?? '').toLowerCase()).toContain('content-type')
  })

  it('a request with the session cookie from another origin gets its answer and the CORS headers', async () => {
    const res = await call('GET', db, { cookie: seller, headers: { Origin: shopOrigin } })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(shopOrigin)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
  })

  it('--origins limits it to those origins', async () => {
    try {
      const limited = await setupShopDatabase({ dbUrl, user: admin.name, password: admin.password, origins: ['https://shop.example'] })
      expect(limited.origins).toBe('https://shop.example')
      const allowed = await call('GET', db, { cookie: seller, headers: { Origin: 'https://shop.example' } })
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example')
      const other = await call('GET', db, { cookie: seller, headers: { Origin: 'https://elsewhere.example' } })
      expect(other.headers.get('access-control-allow-origin')).toBeNull()
    } finally {
      // Every origin again, as the other test files expect.
      await setupShopDatabase({ dbUrl, user: admin.name, password: admin.password })
    }
  })
})

describe('npm run sync:user', () => {
  it('changes a seller into an owner and keeps the password when none is given', async () => {
    const done = await upsertShopUser({ serverUrl: dbUrl, name: names.seller, role: 'owner', user: admin.name, password: admin.password })
    expect(done).toMatchObject({ root: url, created: false, roles: ['shop-owner'] })
    const session = await call('GET', '/_session', { cookie: await signIn(names.seller) })
    expect((session.json.userCtx as { roles: string[] }).roles).toEqual(['shop-owner'])
    await upsertShopUser({ serverUrl: url, name: names.seller, role: 'seller', user: admin.name, password: admin.password })
  })

  it('refuses an unknown role, a short password, and a new user without one', async () => {
    const base = { serverUrl: url, user: admin.name, password: admin.password }
    // @ts-expect-error -- a role the shop does not have
    await expect(upsertShopUser({ ...base, name: 'x-user', role: 'manager', userPassword: PASSWORD })).rejects.toThrow(/"owner" or "seller"/)
    await expect(upsertShopUser({ ...base, name: 'x-user', role: 'seller', userPassword: 'short' })).rejects.toThrow(/at least 8/)
    await expect(upsertShopUser({ ...base, name: `nobody-${suffix}`, role: 'seller' })).rejects.toThrow(/needs a password/)
  })
})
