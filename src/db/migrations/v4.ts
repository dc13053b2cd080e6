/**
 * Version 4 (checkout you can trust): orders gain a status history, subtotal/tax, the
 * currency, the payment method and the customer's name. Orders placed before it were
 * placed without payment, so they count as "pay on delivery".
 */
import type { Transaction } from 'dexie'
import type { Order } from '../../domain/order'
import type { User } from '../../domain/user'

type V1Order = Pick<Order, 'id' | 'number' | 'userId' | 'createdAt' | 'lines' | 'total'> & { status: 'placed' }

export async function upgradeV4(tx: Transaction): Promise<void> {
  const users = new Map((await tx.table<User, number>('users').toArray()).map((u) => [u.id, u.username]))
  await tx
    .table('orders')
    .toCollection()
    .modify((order: V1Order & Partial<Order>) => {
      order.customerName ??= users.get(order.userId) ?? 'Unknown customer'
      order.history ??= [{ status: 'placed', at: order.createdAt, by: order.userId, note: '' }]
      order.currency ??= 'USD'
      order.subtotal ??= order.total
      order.taxRate ??= 0
      order.tax ??= 0
      order.payment ??= { kind: 'on-delivery' }
    })
}
