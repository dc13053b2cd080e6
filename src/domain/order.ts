import { assertQuantityAvailable, type CartLine } from './cart'
import { lineTotal, sumMinor, type Minor } from './money'

export type OrderStatus = 'placed'

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  placed: 'Placed',
}

/** A line of an order: a copy of the product as it was sold, at the price paid. */
export interface OrderLine {
  productId: number
  sku: string
  name: string
  unitPrice: Minor
  quantity: number
  lineTotal: Minor
}

export interface Order {
  /** Client-generated key (a UUID). */
  id: string
  /** Human-friendly order number, counting up from 1001 on each device. */
  number: number
  userId: number
  createdAt: number
  status: OrderStatus
  lines: OrderLine[]
  total: Minor
}

export const FIRST_ORDER_NUMBER = 1001

/**
 * Turns the cart into order lines, checking every line against the stock as it is now.
 * Throws OutOfStockError for the first line that is short, naming how many are left.
 */
export function planOrder(lines: readonly CartLine[]): { lines: OrderLine[]; total: Minor } {
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
  return { lines: orderLines, total: sumMinor(orderLines.map((l) => l.lineTotal)) }
}

/** The number the next order gets, given the highest number so far (if any). */
export function nextOrderNumber(highest: number | undefined): number {
  return highest === undefined ? FIRST_ORDER_NUMBER : highest + 1
}
