/**
 * Checking out: a cart becomes an order, paid through the mock gateway or on delivery.
 *
 * The order's key is the checkout attempt's id, created once per cart and shared by every
 * page of the device, so a double click, a retry after an error or two pages submitting the
 * same cart make exactly one order. Stock is re-checked and decremented inside the one
 * readwrite transaction that writes the order; IndexedDB runs overlapping readwrite
 * transactions one after another, across tabs too, so no unit is ever sold twice.
 */
import type { Id } from '../domain/id'
import { applyTransition, planOrder, type Order, type OrderPlan } from '../domain/order'
import { formatOrderNumber, nextSequence } from '../domain/orderNumber'
import { NotFoundError, OutOfStockError, ValidationError } from '../domain/errors'
import type { CartLine } from '../domain/cart'
import { assertCheckoutEligible } from '../domain/sellability'
import type { StoredProduct } from '../domain/product'
import { validateCard, type PaymentMethod } from '../domain/payment'
import { parseOrderDetails, type OrderDetails, type OrderDetailsInput } from '../domain/orderDetails'
import type { ShopDatabase } from '../db/database'
import { systemClock, type Clock } from './clock'
import { changeStocks } from './stock'
import { authorizePayment, voidPayment, type GatewayOptions, type PaymentChoice } from './gateway'
import { getSettings } from './reads/settings'
import { deviceCodeIn } from './device'
import { newId } from '../db/newId'
import { ledgerIdOf } from '../domain/stock'
import type { SyncController } from '../sync/types'

/**
 * The shop's stock across devices while sync runs (the sync engine's controller): claimed on
 * the server before an order is placed, given back if it then is not. Type only: the engine is
 * loaded by the sync store, never by the checkout.
 */
export type StockClaims = Pick<SyncController, 'claimStock' | 'releaseStock'>

const attemptKey = (userId: Id) => `checkout:${userId}`

/** The id of this person's current checkout attempt, created on first use. */
export function checkoutAttemptId(db: ShopDatabase, userId: Id): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get(attemptKey(userId))
    if (typeof row?.value === 'string') return row.value
    // A global id like every record's (orders made before version 6 keep their UUIDs).
    const id = newId()
    await db.meta.put({ key: attemptKey(userId), value: id })
    return id
  })
}

/** The cart's lines with their products, oldest first; throws unless the cart may be ordered. */
async function readCart(db: ShopDatabase, userId: Id): Promise<(CartLine & { product: StoredProduct })[]> {
  const items = await db.cartItems.where('userId').equals(userId).toArray()
  items.sort((a, b) => a.addedAt - b.addedAt)
  const products = await db.products.bulkGet(items.map((i) => i.productId))
  const lines = items.map((item, i) => ({ product: products[i], quantity: item.quantity }))
  assertCheckoutEligible(lines)
  return [...lines]
}

/** The order the cart would make now, with tax: throws if any line is short. Read-only. */
export function previewOrder(db: ShopDatabase, userId: Id): Promise<OrderPlan> {
  return db.transaction('r', db.products, db.cartItems, db.meta, async () => {
    const settings = await getSettings(db)
    return planOrder(await readCart(db, userId), settings.taxRate)
  })
}

export interface PlaceOrderOptions {
  clock?: Clock
  /** The checkout attempt id; becomes the order's key. */
  orderId?: string
  payment?: PaymentMethod
  /** The amount the payment was authorized for; the order must come to exactly this. */
  authorizedAmount?: number
  /** The contact, fulfilment and note, already checked (parseOrderDetails). */
  details?: OrderDetails
  /** Placed while sync is set up but the server could not be asked for the stock: marked offline. */
  offline?: boolean
}

/**
 * In ONE readwrite transaction: returns the attempt's order if it already exists; else
 * re-reads the cart and every product's stock, refuses the whole order if any line is short
 * (OutOfStockError names the product and how many are left), decrements stock, records the
 * order at the prices paid, captures the payment, ends the attempt and empties the cart.
 */
export function placeOrder(
  db: ShopDatabase,
  userId: Id,
  { clock = systemClock, orderId = newId(), payment = { kind: 'on-delivery' }, authorizedAmount, details, offline = false }: PlaceOrderOptions = {},
): Promise<Order> {
  return db.transaction('rw', [db.products, db.stockLedger, db.cartItems, db.orders, db.meta, db.payments, db.users], async () => {
    const existing = await db.orders.get(orderId)
    if (existing) {
      if (existing.userId !== userId) throw new NotFoundError('Order not found.')
      return existing
    }
    const settings = await getSettings(db)
    const lines = await readCart(db, userId)
    const plan = planOrder(lines, settings.taxRate)
    if (authorizedAmount !== undefined && plan.total !== authorizedAmount) {
      throw new ValidationError('cart', 'Your cart changed while you were paying. Nothing was charged; check the cart and try again.')
    }

    const now = clock.now()
    // All lines at once (one bulk write each for stock and ledger) rather than 2 × 20 round trips.
    await changeStocks(
      db,
      lines.map(({ product, quantity }) => ({ product, change: { delta: -quantity, reason: 'sale' as const, orderId, userId, at: now } })),
    )
    // The sequence counts on from the highest in the shop, this device's or another's; the
    // device's own code makes the number unique (domain/orderNumber.ts).
    const [user, last, deviceCode] = await Promise.all([db.users.get(userId), db.orders.orderBy('sequence').last(), deviceCodeIn(db)])
    const sequence = nextSequence(last?.sequence)
    let order: Order = {
      id: orderId,
      number: formatOrderNumber(deviceCode, sequence),
      sequence,
      userId,
      customerName: user?.username ?? 'Unknown customer',
      createdAt: now,
      status: 'placed',
      history: [{ status: 'placed', at: now, by: userId, note: payment.kind === 'on-delivery' ? onDeliveryNote(details) : '' }],
      lines: plan.lines,
      currency: settings.currency,
      subtotal: plan.subtotal,
      taxRate: settings.taxRate,
      tax: plan.tax,
      total: plan.total,
      payment,
      ...(details ? { details } : {}),
      ...(offline ? { offline: true as const } : {}),
    }
    if (payment.kind === 'card') {
      order = applyTransition(order, 'paid', { at: now, by: userId, note: `${payment.card.brand} ending ${payment.card.last4}` })
      await db.payments.update(orderId, { status: 'captured', orderId })
    }
    // The cart's lines were read in this transaction, so their keys are all of the cart.
    await Promise.all([
      db.orders.add(order),
      db.cartItems.bulkDelete(lines.map((line) => [userId, line.product.id] as [Id, Id])),
      db.meta.delete(attemptKey(userId)),
    ])
    return order
  })
}

/**
 * The whole checkout: checks the details, the cart and the card's fields; with sync running
 * (`stock`), claims its units on the server, so two devices never sell the same last unit (an
 * OutOfStockError says another device sold it first; a server out of reach lets the sale go
 * ahead, marked offline), while the payment is authorized (outside any transaction: the
 * gateway takes a moment, and the claim's round trips fit inside it); then places the order.
 * A claim refused stops the authorization (or voids it, if the gateway had answered) and the
 * person is told nothing was charged; nothing is captured before the order is placed. If the
 * order cannot be placed after all (another page bought the stock meanwhile, a declined
 * card), the authorization is voided and the claims given back. A declined card leaves stock,
 * cart and orders untouched.
 */
export async function checkout(
  db: ShopDatabase,
  userId: Id,
  attemptId: string,
  choice: PaymentChoice,
  detailsInput: OrderDetailsInput,
  options: GatewayOptions & { stock?: StockClaims | undefined } = {},
): Promise<Order> {
  const existing = await db.orders.get(attemptId)
  if (existing && existing.userId === userId) return existing

  // The details are checked before the card is: nothing is charged for an order that cannot be placed.
  const details = parseOrderDetails(detailsInput)
  const plan = await previewOrder(db, userId)
  const { stock } = options
  // The sale's ledger row ids: the server's stock document counts each once (src/sync/stock.ts).
  const lines = plan.lines.map((l) => ({ productId: l.productId, quantity: l.quantity, ledgerId: ledgerIdOf(l.productId, { reason: 'sale', orderId: attemptId }) ?? '' }))
  // A card whose fields are wrong claims nothing (the authorization would refuse it at once).
  if (choice.kind === 'card') validateCard(choice.card, new Date((options.clock ?? systemClock).now()))
  // The claim and the authorization at once; a refused claim calls the authorization off.
  const refused = new AbortController()
  const claiming = stock
    ? stock.claimStock(lines).catch((err: unknown) => {
        refused.abort(err)
        throw err
      })
    : Promise.resolve(undefined)
  const [claim, authorization] = await Promise.allSettled([claiming, authorizePayment(db, attemptId, plan.total, choice, { ...options, signal: refused.signal })])
  if (claim.status === 'rejected') {
    if (authorization.status === 'fulfilled' && authorization.value.kind === 'card') await voidPayment(db, attemptId)
    throw choice.kind === 'card' ? nothingCharged(claim.reason) : claim.reason
  }
  const claimed = claim.value
  let payment: PaymentMethod | undefined
  try {
    if (authorization.status === 'rejected') throw authorization.reason
    payment = authorization.value
    return await placeOrder(db, userId, { clock: options.clock, orderId: attemptId, payment, authorizedAmount: plan.total, details, offline: claimed === false })
  } catch (err) {
    if (payment?.kind === 'card') await voidPayment(db, attemptId)
    if (claimed && stock) await stock.releaseStock(lines).catch(() => undefined)
    throw err
  }
}

/** A refused claim's message, for a person paying by card: the authorization (if any) was voided, nothing was taken. */
function nothingCharged(err: unknown): unknown {
  if (!(err instanceof OutOfStockError)) return err
  return new OutOfStockError(err.productName, err.available, err.requested, `${err.message} Nothing was charged.`)
}

/** How paying on delivery reads in the order's history: at the door, or at the counter for a pickup. */
function onDeliveryNote(details: OrderDetails | undefined): string {
  return details?.fulfilment.kind === 'pickup' ? 'Pay at pickup' : 'Pay on delivery'
}

/**
 * The details of this person's latest order that had them, to fill the checkout form with:
 * a returning customer does not type their address again. One read of the [userId+createdAt]
 * index, newest first.
 */
export async function lastOrderDetails(db: ShopDatabase, userId: Id): Promise<OrderDetails | undefined> {
  const recent = await db.orders
    .where('[userId+createdAt]')
    .between([userId, -Infinity], [userId, Infinity])
    .reverse()
    .filter((order) => order.details !== undefined)
    .first()
  return recent?.details
}
