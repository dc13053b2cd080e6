/**
 * Every state of a shop restores: fast-check builds random shops through the real services
 * (accounts made, locked out and deleted, owners promoted, products with and without photos,
 * archived, restocked and adjusted, carts of accounts and of the guest, orders paid by card or
 * on delivery and moved through every status, payments authorized and never used, settings),
 * exports them, restores the file into a fresh database on another device and over the shop on
 * this one, and compares every table. A backup the export said was saved must never be refused at restore time.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { serializeBackup } from '../../../src/db/backup'
import { CATALOG_SEEDED_KEY, DEVICE_CODE_KEY, DEVICE_SESSION_KEY, type ShopDatabase } from '../../../src/db/database'
import { DEVICE_ID_KEY } from '../../../src/db/changeLog'
import { GUEST_ID } from '../../../src/domain/cart'
import { DomainError } from '../../../src/domain/errors'
import type { Id } from '../../../src/domain/id'
import { canTransition, nextStatus, ORDER_STATUSES, type OrderStatus } from '../../../src/domain/order'
import { deleteAccount } from '../../../src/services/account'
import { login, register } from '../../../src/services/auth'
import { exportShop, importShop } from '../../../src/services/backup'
import { addToCart } from '../../../src/services/cart'
import { checkout } from '../../../src/services/checkout'
import { authorizePayment } from '../../../src/services/gateway'
import { adjustStock, createProduct, restock, setArchived } from '../../../src/services/inventory'
import { changeOrderStatus } from '../../../src/services/orders'
import { saveSettings } from '../../../src/services/settings'
import { setRole } from '../../../src/services/users'
import { createTestDb, deliveryDetails, manualClock, pickupDetails } from '../support'

const PASSWORD = 'correct horse battery'
/** Fast hashing for the test; the restore is told this is the shop's setting. */
const FAST = { iterations: 1 }
const VISA = { kind: 'card' as const, card: { number: '4242 4242 4242 4242', expiry: '12/40', cvc: '123', name: 'Pat' } }
const DECLINED = { kind: 'card' as const, card: { number: '4000 0000 0000 0002', expiry: '12/40', cvc: '123', name: 'Pat' } }

type Step =
  | { kind: 'register'; name: number }
  | { kind: 'promote'; who: number }
  | { kind: 'product'; stock: number; price: number; photo: boolean }
  | { kind: 'archive'; product: number; archived: boolean }
  | { kind: 'restock'; product: number; quantity: number }
  | { kind: 'adjust'; product: number; level: number }
  | { kind: 'cart'; who: number; product: number; quantity: number }
  | { kind: 'checkout'; who: number; product: number; quantity: number; card: 'visa' | 'declined' | 'delivery' }
  | { kind: 'authorizeOnly'; amount: number }
  | { kind: 'status'; order: number; to: OrderStatus }
  | { kind: 'wrongPassword'; who: number; times: number }
  | { kind: 'deleteAccount'; who: number }
  | { kind: 'settings'; taxRate: string; shopName: string }

const index = fc.nat({ max: 20 })
const often = <T>(arbitrary: fc.Arbitrary<T>) => ({ arbitrary, weight: 4 })
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('register' as const), name: fc.nat({ max: 8 }) }),
  fc.record({ kind: fc.constant('promote' as const), who: index }),
  fc.record({ kind: fc.constant('product' as const), stock: fc.nat({ max: 30 }), price: fc.integer({ min: 0, max: 100_000 }), photo: fc.boolean() }),
  fc.record({ kind: fc.constant('archive' as const), product: index, archived: fc.boolean() }),
  fc.record({ kind: fc.constant('restock' as const), product: index, quantity: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constant('adjust' as const), product: index, level: fc.nat({ max: 40 }) }),
  fc.record({ kind: fc.constant('cart' as const), who: index, product: index, quantity: fc.integer({ min: 1, max: 4 }) }),
  often(
    fc.record({
      kind: fc.constant('checkout' as const),
      who: index,
      product: index,
      quantity: fc.integer({ min: 1, max: 3 }),
      card: fc.constantFrom('visa' as const, 'declined' as const, 'delivery' as const),
    }),
  ),
  fc.record({ kind: fc.constant('authorizeOnly' as const), amount: fc.integer({ min: 1, max: 10_000 }) }),
  often(fc.record({ kind: fc.constant('status' as const), order: index, to: fc.constantFrom(...ORDER_STATUSES) })),
  fc.record({ kind: fc.constant('wrongPassword' as const), who: index, times: fc.integer({ min: 1, max: 7 }) }),
  fc.record({ kind: fc.constant('deleteAccount' as const), who: index }),
  fc.record({
    kind: fc.constant('settings' as const),
    taxRate: fc.constantFrom('0', '8.25', '20', '7.5', '100'),
    shopName: fc.constantFrom('Corner Shop', 'Ünïcödé Ltd', 'A'),
  }),
)

const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length])

/** Applies one step through the real services; what the shop refuses (a domain error) is simply not done. */
async function apply(db: ShopDatabase, owner: Id, s: Step, clock: ReturnType<typeof manualClock>): Promise<void> {
  clock.set(clock.now() + 1_000)
  const users = await db.users.toArray()
  const active = users.filter((u) => u.deletedAt === undefined)
  const products = await db.products.toArray()
  const orders = await db.orders.orderBy('sequence').toArray()
  const shoppers = [GUEST_ID, ...active.map((u) => u.id)]
  try {
    switch (s.kind) {
      case 'register':
        await register(db, { username: `shopper ${s.name}`, password: PASSWORD }, { ...FAST, clock })
        break
      case 'promote': {
        const who = pick(active, s.who)
        if (who) await setRole(db, owner, who.id, 'owner')
        break
      }
      case 'product': {
        const photo = s.photo ? new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, products.length])], { type: 'image/png' }) : undefined
        const typed = {
          sku: `SKU-${products.length + 1}`,
          name: `Product ${products.length + 1}`,
          category: 'Things',
          description: '',
          price: (s.price / 100).toFixed(2),
          lowStockThreshold: '3',
          stock: String(s.stock),
        }
        await createProduct(db, owner, { ...typed, ...(photo ? { image: photo } : {}) }, 2, { clock })
        break
      }
      case 'archive': {
        const product = pick(products, s.product)
        if (product) await setArchived(db, owner, product.id, s.archived, { clock })
        break
      }
      case 'restock': {
        const product = pick(products, s.product)
        if (product) await restock(db, owner, product.id, s.quantity, 'Delivery', { clock })
        break
      }
      case 'adjust': {
        const product = pick(products, s.product)
        if (product) await adjustStock(db, owner, product.id, s.level, 'Stock count', { clock })
        break
      }
      case 'cart': {
        const who = pick(shoppers, s.who)
        const product = pick(products, s.product)
        if (who && product) await addToCart(db, who, product.id, s.quantity, { clock })
        break
      }
      case 'checkout': {
        const who = pick(active, s.who)
        const product = pick(products, s.product)
        if (!who) break
        if (product) await addToCart(db, who.id, product.id, s.quantity, { clock }).catch(() => undefined)
        const choice = s.card === 'delivery' ? { kind: 'on-delivery' as const } : s.card === 'visa' ? VISA : DECLINED
        // Deliveries and pickups both: an order's details travel in the backup too.
        await checkout(db, who.id, crypto.randomUUID(), choice, s.card === 'delivery' ? deliveryDetails({ note: 'Leave at the door' }) : pickupDetails(), { clock, delayMs: 0 })
        break
      }
      case 'authorizeOnly':
        // A checkout whose page was closed while the card was being charged: authorized, no order.
        await authorizePayment(db, crypto.randomUUID(), s.amount, VISA, { clock, delayMs: 0 })
        break
      case 'status': {
        // Walks the order forward to `to` (or straight to cancelled or refunded), one allowed move at a time.
        const order = pick(orders, s.order)
        let status = order?.status
        while (order && status !== undefined && status !== s.to) {
          const next = canTransition(status, s.to) ? s.to : nextStatus(status)
          if (next === undefined) break
          status = (await changeOrderStatus(db, owner, order.id, next, { clock, note: 'by the property test' })).status
        }
        break
      }
      case 'wrongPassword': {
        const who = pick(active, s.who)
        if (!who) break
        for (let i = 0; i < s.times; i++) await login(db, { username: who.username, password: 'not the password' }, { ...FAST, clock }).catch(() => undefined)
        break
      }
      case 'deleteAccount': {
        const who = pick(active, s.who)
        if (who && who.id !== owner) await deleteAccount(db, who.id, { password: PASSWORD }, { clock })
        break
      }
      case 'settings':
        await saveSettings(db, owner, { shopName: s.shopName, currency: 'USD', taxRate: s.taxRate })
        break
    }
  } catch (err) {
    // What the shop refuses (out of stock, an illegal move, a declined card…) leaves it as it was.
    if (!(err instanceof DomainError)) throw err
  }
}

/** Every table, less what is the device's rather than the shop's (sessions, the guest's cart, device meta) and the change log. */
async function shopTables(db: ShopDatabase): Promise<Record<string, unknown[]>> {
  const device = new Set(['sessions', 'changes', 'revisions', 'legacyIds', 'syncRevs'])
  const entries = await Promise.all(db.tables.filter((t) => !device.has(t.name)).map(async (t) => [t.name, await t.toArray()] as const))
  const tables: Record<string, unknown[]> = Object.fromEntries(entries)
  tables.meta = (tables.meta as { key: string }[]).filter((row) => ![DEVICE_SESSION_KEY, DEVICE_CODE_KEY, DEVICE_ID_KEY].includes(row.key))
  tables.cartItems = (tables.cartItems as { userId: Id }[]).filter((line) => line.userId !== GUEST_ID)
  return tables
}

describe('every state of a shop restores', () => {
  it('export, then restore into a fresh database on another device: every table the same', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40, size: 'medium' }), async (steps) => {
        const db = createTestDb()
        const other = createTestDb()
        try {
          const clock = manualClock(1_750_000_000_000)
          // As on a device that has started once: the demo catalog's turn has passed (a restore marks it so too).
          await db.meta.put({ key: CATALOG_SEEDED_KEY, value: true })
          const owner = (await register(db, { username: 'Owner', password: PASSWORD }, { ...FAST, clock })).id
          // A shop that has started trading: two customers and three products, then the random steps.
          const opening: Step[] = [
            { kind: 'register', name: 0 },
            { kind: 'register', name: 1 },
            { kind: 'product', stock: 10, price: 1299, photo: true },
            { kind: 'product', stock: 5, price: 350, photo: false },
            { kind: 'product', stock: 0, price: 99, photo: false },
          ]
          for (const s of [...opening, ...steps]) await apply(db, owner, s, clock)
          const before = await shopTables(db)
          const text = serializeBackup(await exportShop(db, owner, { appVersion: '1.0.0', clock }))

          const me = (await register(other, { username: 'New device', password: PASSWORD }, { ...FAST, clock })).id
          await importShop(other, me, text, { ...FAST, password: PASSWORD })
          expect(await shopTables(other)).toEqual(before)

          // And back on this device, over the shop as it is: the same tables, the guest's cart kept, everyone logged out.
          const guestCart = await db.cartItems.where('userId').equals(GUEST_ID).toArray()
          clock.set(clock.now() + 60 * 60_000) // past any lockout the steps left on the owner
          await importShop(db, owner, text, { ...FAST, password: PASSWORD, clock })
          expect(await shopTables(db)).toEqual(before)
          expect(await db.cartItems.where('userId').equals(GUEST_ID).toArray()).toEqual(guestCart)
          expect(await db.sessions.count()).toBe(0)
        } finally {
          await Promise.all([db.delete(), other.delete()])
        }
      }),
      { numRuns: 30 },
    )
  }, 120_000)
})
