/**
 * The server's rules (couch/validate_doc_update.js), evaluated directly from the very text the
 * setup script sends as `_design/shop`'s validate_doc_update: who may write what, and the
 * sentence each refusal gives. tests/sync/rules.test.ts checks the same rules on a real server.
 */
import { describe, expect, it } from 'vitest'
import { shopDesignDoc, shopSecurity, validateSource } from '../../../scripts/sync-setup.mjs'

type Doc = Record<string, unknown> & { _id: string }
type UserCtx = { name: string | null; roles: string[] }
type Validate = (newDoc: Doc, oldDoc: Doc | null, userCtx: UserCtx, secObj: unknown) => void

// The server evaluates the text as an expression (CouchDB) or `return <text>` (pouchdb-server): so does this.
const validate = new Function(`return ${validateSource()}`)() as Validate

const OWNER: UserCtx = { name: 'olga', roles: ['shop-owner'] }
const SELLER: UserCtx = { name: 'till-1', roles: ['shop-seller'] }
const ADMIN: UserCtx = { name: 'admin', roles: ['_admin'] }
const STRANGER: UserCtx = { name: 'stranger', roles: [] }
const ANONYMOUS: UserCtx = { name: null, roles: [] }

/** The refusal's reason, or 'ok' when the write is allowed. */
function outcome(newDoc: Doc, oldDoc: Doc | null, userCtx: UserCtx): string {
  try {
    validate(newDoc, oldDoc, userCtx, shopSecurity())
    return 'ok'
  } catch (err) {
    const forbidden = (err as { forbidden?: unknown }).forbidden
    if (typeof forbidden !== 'string') throw err
    return forbidden
  }
}

const record = (table: string, key: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}): Doc => ({
  _id: `${table}:${key}`,
  table,
  data,
  hlc: '0001700000000000-0000-dev1',
  device: 'dev1',
  ...extra,
})
const stored = (doc: Doc): Doc => ({ ...doc, _rev: '1-abc' })
const tombstone = (id: string): Doc => ({ _id: id, _rev: '2-def', _deleted: true, hlc: '0001700000000001-0000-dev1', device: 'dev1' })

const mug = { id: 'p1', sku: 'MUG-1', name: 'Stoneware Mug', category: 'Kitchen', description: '', price: 1200, stock: 5, lowStockThreshold: 2, archived: false, createdAt: 1, updatedAt: 1 }
const product = record('products', 'p1', mug)
const customer = { id: 'u2', username: 'Ann', usernameKey: 'ann', role: 'customer', passwordHash: 'h', salt: 's', iterations: 1, createdAt: 1, failedLogins: 0, lockedUntil: 0 }
const owner = { ...customer, id: 'u1', username: 'Olga', usernameKey: 'olga', role: 'owner' }
const settings = record('meta', 'shopSettings', { key: 'shopSettings', value: { name: 'Shop', currency: 'EUR', taxRate: 0.2 } })
const sale = record('stockLedger', 's:o1:p1', { id: 's:o1:p1', productId: 'p1', delta: -1, reason: 'sale', stockAfter: 4, orderId: 'o1', note: '', at: 2 })
const restock = record('stockLedger', 'r7', { id: 'r7', productId: 'p1', delta: 10, reason: 'restock', stockAfter: 15, note: 'supplier', at: 3 })
const order = record('orders', 'o1', { id: 'o1', number: 'K7-1', status: 'placed', history: [], lines: [], total: 1200 })
const payment = record('payments', 'o1', { id: 'o1', orderId: 'o1', method: { kind: 'cash' }, status: 'captured', amount: 1200, createdAt: 2 })
const cartLine = record('cartItems', 'u2:p1', { userId: 'u2', productId: 'p1', quantity: 2, addedAt: 1 })
const stockDoc: Doc = { _id: 'stock:p1', level: 4, rows: ['s:o1:p1'] }

const OWNER_ONLY_PRODUCTS = "Only the shop's owner may change products and prices"

describe('who may write at all', () => {
  it.each([
    ['anonymous', ANONYMOUS, /^Sign in to the shop first/],
    ['a user with no shop role', STRANGER, /"stranger" has no role in this shop/],
  ])('%s is refused, even for an order', (_who, ctx, reason) => {
    expect(outcome(order, null, ctx)).toMatch(reason)
  })

  it('the server admin may write anything, even a ledger row change', () => {
    expect(outcome({ ...stored(sale), data: { ...sale.data as object, delta: -5 } }, stored(sale), ADMIN)).toBe('ok')
  })

  it.each([
    ['no table prefix', { ...order, _id: 'o1' }, /named "<table>:<key>"/],
    ['an unknown table', { ...order, _id: 'sessions:x', table: 'sessions' }, /does not keep "sessions" records/],
    ['a device-local meta row', record('meta', 'deviceCode', { key: 'deviceCode', value: 'K7' }), /only the shop's settings are shared/],
    ['a table field that disagrees with the id', { ...order, table: 'payments' }, /its name and its table must agree/],
    ['contents of another record', record('orders', 'o1', { id: 'o2' }), /holds the contents of another record \(o2\)/],
    ['a cart line under another key', record('cartItems', 'u2:p1', { userId: 'u3', productId: 'p1', quantity: 1 }), /names another account or product/],
    ['no data', { _id: 'orders:o1', table: 'orders', hlc: 'x', device: 'd' }, /came without its contents/],
    ['no hlc', { ...order, hlc: undefined }, /without the time of its change/],
    ['a design document', { _id: '_design/evil', validate_doc_update: 'function(){}' }, /administrator may change the shop's rules/],
  ])('%s is refused for the owner too', (_what, doc, reason) => {
    expect(outcome(doc as Doc, null, OWNER)).toMatch(reason)
  })
})

describe('the owner', () => {
  it.each([
    ['creates a product', product, null],
    ['changes a price', record('products', 'p1', { ...mug, price: 1500 }), stored(product)],
    ['deletes a product', tombstone('products:p1'), stored(product)],
    ['changes the settings', settings, null],
    ['makes an owner account', record('users', 'u1', owner), null],
    ['makes a customer an owner', record('users', 'u2', { ...customer, role: 'owner' }), stored(record('users', 'u2', customer))],
    ['deletes an account', tombstone('users:u2'), stored(record('users', 'u2', customer))],
    ['restocks', restock, null],
    ['deletes an order', tombstone('orders:o1'), stored(order)],
    ['deletes a stock count', tombstone('stock:p1'), stockDoc],
  ])('%s', (_what, doc, old) => {
    expect(outcome(doc, old, OWNER)).toBe('ok')
  })
})

describe('a seller (a till)', () => {
  it.each([
    ['creates an order', order, null],
    ['moves an order along', record('orders', 'o1', { ...(order.data as object), status: 'paid' }), stored(order)],
    ['records a payment', payment, null],
    ['adds a cart line', cartLine, null],
    ['removes a cart line', tombstone('cartItems:u2:p1'), stored(cartLine)],
    ['records a sale in the ledger', sale, null],
    ['records a cancellation in the ledger', record('stockLedger', 'r:o1:p1', { id: 'r:o1:p1', productId: 'p1', delta: 1, reason: 'cancellation', stockAfter: 5, orderId: 'o1', note: '', at: 4 }), null],
    ['sends the same ledger row again', stored(sale), stored(sale)],
    ['creates a stock count', stockDoc, null],
    ['updates a stock count', { ...stockDoc, _rev: '1-a', level: 3, rows: ['s:o1:p1', 's:o2:p1'] }, stockDoc],
    ['updates a product\'s cached stock after a sale', record('products', 'p1', { ...mug, stock: 4, updatedAt: 2 }), stored(product)],
    ['settles a SKU clash the shop-wide way', record('products', 'p1', { ...mug, sku: 'MUG-1-p1ab', skuConflict: 'MUG-1' }), stored(product)],
    ['creates a customer account', record('users', 'u2', customer), null],
    ['changes a customer\'s password', record('users', 'u2', { ...customer, passwordHash: 'h2', salt: 's2' }), stored(record('users', 'u2', customer))],
    ['keeps an owner\'s failed sign-ins', record('users', 'u1', { ...owner, failedLogins: 3, lockedUntil: 99 }), stored(record('users', 'u1', owner))],
  ])('%s', (_what, doc, old) => {
    expect(outcome(doc, old, SELLER)).toBe('ok')
  })

  it.each([
    ['creating a product', product, null, /^Only the shop's owner may add products \("Stoneware Mug"\)\.$/],
    ['changing a price', record('products', 'p1', { ...mug, price: 1 }), stored(product), new RegExp(`^${OWNER_ONLY_PRODUCTS} \\("Stoneware Mug"\\)\\.$`)],
    ['changing a price along with the stock', record('products', 'p1', { ...mug, price: 1, stock: 4 }), stored(product), new RegExp(OWNER_ONLY_PRODUCTS)],
    ['renaming a SKU to anything', record('products', 'p1', { ...mug, sku: 'FREE' }), stored(product), new RegExp(OWNER_ONLY_PRODUCTS)],
    ['archiving a product', record('products', 'p1', { ...mug, archived: true }), stored(product), new RegExp(OWNER_ONLY_PRODUCTS)],
    ['deleting a product', tombstone('products:p1'), stored(product), /^Only the shop's owner may delete products \("Stoneware Mug"\)\.$/],
    ['changing the settings', settings, null, /^Only the shop's owner may change the shop's settings/],
    ['changing existing settings', settings, stored(settings), /^Only the shop's owner may change the shop's settings/],
    ['deleting the settings', tombstone('meta:shopSettings'), stored(settings), /^Only the shop's owner may change the shop's settings/],
    ['making an owner account', record('users', 'u9', { ...owner, id: 'u9' }), null, /^Only the shop's owner may make an owner account \("Olga"\)\.$/],
    ['making a customer an owner', record('users', 'u2', { ...customer, role: 'owner' }), stored(record('users', 'u2', customer)), /^Only the shop's owner may change who is an owner \("Ann"\)\.$/],
    ['demoting an owner', record('users', 'u1', { ...owner, role: 'customer' }), stored(record('users', 'u1', owner)), /^Only the shop's owner may change who is an owner/],
    ['setting an owner\'s password', record('users', 'u1', { ...owner, passwordHash: 'mine' }), stored(record('users', 'u1', owner)), /^Only the shop's owner may change an owner's account \("Olga"\): password, name or deletion\.$/],
    ['deleting an account', tombstone('users:u2'), stored(record('users', 'u2', customer)), /^Only the shop's owner may delete accounts \("Ann"\)\.$/],
    ['restocking', restock, null, /^Only the shop's owner may restock or adjust stock/],
    ['deleting an order', tombstone('orders:o1'), stored(order), /^A sale is never deleted from a till/],
    ['deleting a payment', tombstone('payments:o1'), stored(payment), /^A sale is never deleted from a till/],
    ['deleting a stock count', tombstone('stock:p1'), stockDoc, /^Only the shop's owner may delete a product's stock count\.$/],
  ])('is refused %s, with the reason', (_what, doc, old, reason) => {
    expect(outcome(doc, old, SELLER)).toMatch(reason)
  })
})

describe('the stock ledger: rows are created, never changed or deleted', () => {
  const changed = record('stockLedger', 's:o1:p1', { ...(sale.data as object), delta: -3 })
  it.each([
    ['owner', OWNER],
    ['seller', SELLER],
  ])('the %s cannot change a row, nor delete one', (_who, ctx) => {
    expect(outcome({ ...changed, _rev: '1-abc' }, stored(sale), ctx)).toBe('Stock ledger rows are never changed: record a new stock change instead.')
    expect(outcome(tombstone('stockLedger:s:o1:p1'), stored(sale), ctx)).toBe('Stock ledger rows are never deleted: record a correcting stock change instead.')
  })

  it.each([
    ['a sale that adds stock', { ...(sale.data as object), delta: 1 }, /^A sale must take units out of stock\.$/],
    ['a cancellation that takes stock', { ...(sale.data as object), reason: 'cancellation', delta: -1 }, /^A cancellation must put units back in stock\.$/],
    ['a fractional delta', { ...(sale.data as object), delta: -0.5 }, /whole number of units/],
    ['an unknown reason', { ...(sale.data as object), reason: 'gift' }, /needs a reason/],
    ['no product', { ...(sale.data as object), productId: undefined }, /must name its product/],
  ])('a row is refused when it is %s', (_what, data, reason) => {
    expect(outcome(record('stockLedger', 's:o1:p1', data), null, OWNER)).toMatch(reason)
  })

  it('a row may be made again after an admin deleted it (a tombstone is no row)', () => {
    expect(outcome(sale, { _id: sale._id, _rev: '2-x', _deleted: true }, SELLER)).toBe('ok')
  })
})

describe('stock counts', () => {
  it.each([
    ['a fractional level', { ...stockDoc, level: 1.5 }, /whole number of units/],
    ['no rows', { _id: 'stock:p1', level: 1 }, /list of stock changes/],
    ['rows that are not ids', { ...stockDoc, rows: [1] }, /by their ids/],
    ['another table', { ...stockDoc, table: 'products' }, /must say it is one/],
  ])('are refused with %s', (_what, doc, reason) => {
    expect(outcome(doc as Doc, null, SELLER)).toMatch(reason)
  })
  it('may go below zero (offline sales merged: oversold)', () => {
    expect(outcome({ ...stockDoc, level: -2 }, null, SELLER)).toBe('ok')
  })
})

describe('what the setup installs', () => {
  it('an anonymous function the server can evaluate, and members that are the two shop roles', () => {
    const ddoc = shopDesignDoc()
    expect(ddoc._id).toBe('_design/shop')
    expect(ddoc.validate_doc_update).toMatch(/^function \(newDoc, oldDoc, userCtx\) \{/)
    expect(ddoc.validate_doc_update.trimEnd().endsWith('}')).toBe(true)
    expect(shopSecurity()).toEqual({ admins: { names: [], roles: [] }, members: { names: [], roles: ['shop-owner', 'shop-seller'] } })
  })
})
