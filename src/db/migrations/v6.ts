/**
 * Version 6 (issue 11, a shop on many devices): every record gets a global id instead of the
 * number this device gave it, every reference follows, and order numbers start with this
 * device's code.
 *
 * - Accounts, products (and their listings, which share the product's id) and ledger rows get
 *   13-character ids (see domain/id.ts): the time part is the record's own time (created, or
 *   the ledger row's), and within a table the ids keep the old numbering's order, so "oldest
 *   first" and ties in every listing stay as they were.
 * - Ledger rows of actions that happen once get the id made from the action: `i:` + product
 *   for the initial stock, `s:`/`r:` + order + product for a sale and an order's restock.
 * - References: cart line → account and product (the guest's lines, account 0, go under
 *   'guest'), order → account, its lines → products, its history's `by` → accounts, ledger
 *   row → product and account, session → account, the checkout attempt in db.meta
 *   (`checkout:<account>`). Orders keep their ids (the checkout attempt's UUID, unique on
 *   every device already), so payments and the ledger's orderId need nothing.
 * - Order numbers: this device gets its code (db.meta `deviceCode`) and order 1001 becomes
 *   "K7-1001" with sequence 1001, so the number on a printed receipt still finds it.
 * - db.legacyIds remembers `products:25` → the new id (and accounts likewise), so old links
 *   and bookmarks redirect.
 *
 * Frozen as shipped: the id and code alphabets, the id rules and the record shapes are written
 * out here rather than imported, so a later change to them never changes this upgrade.
 */
import type { Transaction } from 'dexie'

const ID_ALPHABET = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz'
const DEVICE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ'
const GUEST_ID = 'guest'
const DEVICE_CODE_KEY = 'deviceCode'

interface UserV5 {
  id: number
  createdAt: number
}
interface ProductV5 {
  id: number
  createdAt: number
}
interface ListingV5 {
  id: number
}
interface LedgerV5 {
  id: number
  productId: number
  reason: string
  orderId?: string
  userId?: number
  at: number
}
interface CartItemV5 {
  userId: number
  productId: number
}
interface OrderV5 {
  id: string
  number: number | string
  sequence?: number
  userId: number | string
  history: { by: number | string }[]
  lines: { productId: number | string }[]
}
interface SessionV5 {
  userId: number | string
}
interface MetaV5 {
  key: string
  value: unknown
}

/** The id for a time (ms) and 6 random characters, as domain/id.ts made it when this shipped. */
function makeId(time: number): string {
  let t = Math.min(2 ** 42 - 1, Math.max(0, Math.floor(time)))
  let out = ''
  for (let i = 0; i < 7; i++) {
    out = ID_ALPHABET[t % 64] + out
    t = Math.floor(t / 64)
  }
  for (const byte of crypto.getRandomValues(new Uint8Array(6))) out += ID_ALPHABET[byte & 63]
  return out
}

function increment(id: string): string {
  const chars = [...id]
  for (let i = chars.length - 1; i >= 0; i--) {
    const n = ID_ALPHABET.indexOf(chars[i] ?? '-') + 1
    if (n < 64) {
      chars[i] = ID_ALPHABET[n] ?? '-'
      return chars.join('')
    }
    chars[i] = '-'
  }
  return id
}

/** Increasing ids, each at its record's time or just after the previous one. */
function idMaker(): (time: number) => string {
  let last = ''
  return (time) => {
    const fresh = makeId(time)
    last = fresh > last ? fresh : increment(last)
    return last
  }
}

function deviceCode(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(2)), (b) => DEVICE_CODE_ALPHABET[b % DEVICE_CODE_ALPHABET.length]).join('')
}

/** A reference to a record that is not there keeps its old number, readable but never an id. */
const lookup = (ids: Map<number, string>, old: number | string) => (typeof old === 'string' ? old : (ids.get(old) ?? `missing:${old}`))

export async function upgradeV6(tx: Transaction): Promise<void> {
  // Accounts.
  const users = await tx.table<UserV5, number>('users').toArray()
  const nextUserId = idMaker()
  const userIds = new Map(users.map((u) => [u.id, nextUserId(u.createdAt)]))
  const user = (old: number | string) => (old === 0 ? GUEST_ID : lookup(userIds, old))

  // Products and their listings.
  const products = await tx.table<ProductV5, number>('products').toArray()
  const listings = await tx.table<ListingV5, number>('listings').toArray()
  const nextProductId = idMaker()
  const productIds = new Map(products.map((p) => [p.id, nextProductId(p.createdAt)]))
  const product = (old: number | string) => lookup(productIds, old)

  // Ledger rows: the once-only actions by their action, every other row a fresh id.
  const ledger = await tx.table<LedgerV5, number>('stockLedger').toArray()
  const nextRowId = idMaker()
  const rowIds = new Set<string>()
  const movedLedger = ledger.map((row) => {
    const productId = product(row.productId)
    const once =
      row.reason === 'initial'
        ? `i:${productId}`
        : row.orderId !== undefined && row.reason === 'sale'
          ? `s:${row.orderId}:${productId}`
          : row.orderId !== undefined && row.reason === 'cancellation'
            ? `r:${row.orderId}:${productId}`
            : undefined
    const id = once !== undefined && !rowIds.has(once) ? once : nextRowId(row.at)
    rowIds.add(id)
    return { ...row, id, productId, ...(row.userId === undefined ? {} : { userId: user(row.userId) }) }
  })

  const carts = await tx.table<CartItemV5, [number, number]>('cartItems').toArray()
  const meta = await tx.table<MetaV5, string>('meta').toArray()

  // Re-keyed tables: cleared and written again under the new keys (a key cannot be changed in place).
  await tx.table('users').clear()
  await tx.table('users').bulkAdd(users.map((u) => ({ ...u, id: user(u.id) })))
  await tx.table('products').clear()
  await tx.table('products').bulkAdd(products.map((p) => ({ ...p, id: product(p.id) })))
  await tx.table('listings').clear()
  await tx.table('listings').bulkPut(listings.map((l) => ({ ...l, id: product(l.id) })))
  await tx.table('stockLedger').clear()
  await tx.table('stockLedger').bulkAdd(movedLedger)
  await tx.table('cartItems').clear()
  await tx.table('cartItems').bulkAdd(carts.map((c) => ({ ...c, userId: user(c.userId), productId: product(c.productId) })))

  // Orders keep their ids; their references and numbers change.
  const code = meta.find((row) => row.key === DEVICE_CODE_KEY)?.value
  const device = typeof code === 'string' ? code : deviceCode()
  await tx
    .table('orders')
    .toCollection()
    .modify((order: OrderV5) => {
      order.userId = user(order.userId)
      for (const event of order.history) event.by = user(event.by)
      for (const line of order.lines) line.productId = product(line.productId)
      if (typeof order.number === 'number') {
        order.sequence = order.number
        order.number = `${device}-${order.number}`
      }
    })
  await tx
    .table('sessions')
    .toCollection()
    .modify((session: SessionV5) => {
      session.userId = user(session.userId)
    })

  // The checkout attempt of each account (`checkout:2`) moves to the account's new key.
  const attempts = meta.filter((row) => /^checkout:\d+$/.test(row.key))
  await tx.table('meta').bulkDelete(attempts.map((row) => row.key))
  await tx.table('meta').bulkPut([
    ...attempts.map((row) => ({ key: `checkout:${user(Number(row.key.slice('checkout:'.length)))}`, value: row.value })),
    { key: DEVICE_CODE_KEY, value: device },
  ])

  await tx.table('legacyIds').bulkPut([
    ...[...productIds].map(([old, id]) => ({ key: `products:${old}`, id })),
    ...[...userIds].map(([old, id]) => ({ key: `users:${old}`, id })),
  ])
}
