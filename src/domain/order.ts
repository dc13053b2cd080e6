import { assertQuantityAvailable, type CartLine } from './cart'
import { DomainError } from './errors'
import type { Id } from './id'
import { lineTotal, sumMinor, totalsFor, type BasisPoints, type Minor } from './money'
import type { PaymentMethod } from './payment'

/**
 * The order lifecycle: placed → paid → processing → shipped → delivered, plus cancelled
 * (from placed, paid or processing) and refunded (from paid onwards). Every transition is
 * appended to the order's history.
 */
export type OrderStatus = 'placed' | 'paid' | 'processing' | 'shipped' | 'delivered' | 'cancelled' | 'refunded'

export const ORDER_STATUSES: readonly OrderStatus[] = ['placed', 'paid', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded']

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  placed: 'Placed',
  paid: 'Paid',
  processing: 'Processing',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
}

/** Which status may follow which. Anything not listed is refused. */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  placed: ['paid', 'cancelled'],
  paid: ['processing', 'cancelled', 'refunded'],
  processing: ['shipped', 'cancelled', 'refunded'],
  shipped: ['delivered', 'refunded'],
  delivered: ['refunded'],
  cancelled: [],
  refunded: [],
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

/** The next step forward for the owner's "advance" button, if there is one. */
export function nextStatus(from: OrderStatus): OrderStatus | undefined {
  return TRANSITIONS[from].find((s) => s !== 'cancelled' && s !== 'refunded')
}

/** Whether the stock of an order goes back to the shelves when it enters `to`. */
export function returnsStock(to: OrderStatus): boolean {
  return to === 'cancelled' || to === 'refunded'
}

/** A customer may cancel their own order until it has shipped. */
export function customerMayCancel(status: OrderStatus): boolean {
  return canTransition(status, 'cancelled')
}

/**
 * Why a customer may not move their own order to `to`, or undefined when they may. A
 * customer may only cancel, and only before it ships; an order already over (cancelled,
 * refunded) is left to the lifecycle's own "already …" message.
 */
export function customerMoveRefusal(from: OrderStatus, to: OrderStatus): string | undefined {
  if (to !== 'cancelled') return 'Only the shop owner can do that.'
  if (customerMayCancel(from) || TRANSITIONS[from].length === 0) return undefined
  return 'This order has shipped and can no longer be cancelled.'
}

export class IllegalTransitionError extends DomainError {
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(
      from === to
        ? `This order is already ${ORDER_STATUS_LABELS[to].toLowerCase()}.`
        : `An order that is ${ORDER_STATUS_LABELS[from].toLowerCase()} cannot become ${ORDER_STATUS_LABELS[to].toLowerCase()}.`,
    )
  }
}

/** A line of an order: a copy of the product as it was sold, at the price paid. */
export interface OrderLine {
  productId: Id
  sku: string
  name: string
  unitPrice: Minor
  quantity: number
  lineTotal: Minor
}

export interface OrderEvent {
  status: OrderStatus
  at: number
  /** The user who made the change. */
  by: Id
  note: string
}

export interface Order {
  /**
   * The checkout attempt's id, made on the device (a global id, domain/id.ts; orders placed
   * before version 6 keep the UUID they had, unique everywhere too): the same attempt never
   * makes two orders.
   */
  id: string
  /**
   * The number a person reads and says: the placing device's code and its sequence
   * ("K7-1042", see domain/orderNumber.ts), unique across the shop's devices.
   */
  number: string
  /** The number's sequence (1042), for finding an order by the digits on an old receipt. */
  sequence: number
  userId: Id
  /** The customer's username when the order was placed, for the owner's search. */
  customerName: string
  createdAt: number
  status: OrderStatus
  history: OrderEvent[]
  lines: OrderLine[]
  currency: string
  subtotal: Minor
  taxRate: BasisPoints
  tax: Minor
  total: Minor
  payment: PaymentMethod
  /** Set once the order's stock has gone back to the shelves (cancel or refund). */
  restockedAt?: number
  /**
   * Placed while sync was set up but the server could not be reached, so its stock was not
   * claimed across the shop's devices: it may have oversold (see domain/oversold.ts).
   */
  offline?: true
}

export interface OrderPlan {
  lines: OrderLine[]
  subtotal: Minor
  tax: Minor
  total: Minor
}

/**
 * Turns the cart into order lines, checking every line against the stock as it is now.
 * Throws OutOfStockError for the first line that is short, naming how many are left.
 */
export function planOrder(lines: readonly CartLine[], taxRate: BasisPoints = 0): OrderPlan {
  if (lines.length === 0) throw new RangeError('Cannot order an empty cart.')
  const orderLines = lines.map(({ product, quantity }) => {
    assertQuantityAvailable(product, quantity)
    return {
      productId: product.id,
      sku: product.sku,
      name: product.name,
      unitPrice: product.price,
      quantity,
      lineTotal: lineTotal(product.price, quantity),
    }
  })
  return { lines: orderLines, ...totalsFor(sumMinor(orderLines.map((l) => l.lineTotal)), taxRate) }
}

/**
 * The order after moving to `to`, with the event appended; throws IllegalTransitionError
 * for a move the lifecycle does not allow (including moving to the status it already has).
 */
export function applyTransition(order: Order, to: OrderStatus, event: Omit<OrderEvent, 'status'>): Order {
  if (!canTransition(order.status, to)) throw new IllegalTransitionError(order.status, to)
  const restock = returnsStock(to) && order.restockedAt === undefined
  return {
    ...order,
    status: to,
    history: [...order.history, { status: to, ...event }],
    ...(restock ? { restockedAt: event.at } : {}),
  }
}
