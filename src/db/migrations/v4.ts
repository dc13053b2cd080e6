/**
 * Version 4 (checkout you can trust): orders gain a status history, subtotal/tax, the
 * currency, the payment method and the customer's name. Orders placed before it were
 * placed without payment, so they count as "pay on delivery".
 *
 * Frozen as shipped: the record shapes are written out here rather than imported from
 * domain/, so a later change to Order or User never changes (or breaks) this upgrade.
 */
import type { Transaction } from 'dexie'

/** A user row as far as this upgrade reads it. */
interface UserV3 {
  id: number
  username: string
}

/** An order as versions 1 to 3 stored it. */
interface OrderV3 {
  id: string
  number: number
  userId: number
  createdAt: number
  status: 'placed'
  lines: unknown[]
  total: number
}

/** What version 4 adds to every order. */
interface OrderV4Fields {
  customerName: string
  history: { status: 'placed'; at: number; by: number; note: string }[]
  currency: string
  subtotal: number
  taxRate: number
  tax: number
  payment: { kind: 'on-delivery' }
}

export async function upgradeV4(tx: Transaction): Promise<void> {
  const users = new Map((await tx.table<UserV3, number>('users').toArray()).map((u) => [u.id, u.username]))
  await tx
    .table('orders')
    .toCollection()
    .modify((order: OrderV3 & Partial<OrderV4Fields>) => {
      order.customerName ??= users.get(order.userId) ?? 'Unknown customer'
      order.history ??= [{ status: 'placed', at: order.createdAt, by: order.userId, note: '' }]
      order.currency ??= 'USD'
      order.subtotal ??= order.total
      order.taxRate ??= 0
      order.tax ??= 0
      order.payment ??= { kind: 'on-delivery' }
    })
}
