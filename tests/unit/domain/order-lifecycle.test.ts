/**
 * The order lifecycle as a table of every pair of its seven states. The allowed moves are
 * written out here from the issue, not read back from TRANSITIONS, so a wrong entry there
 * fails a row.
 */
import { describe, expect, it } from 'vitest'
import {
  IllegalTransitionError,
  ORDER_STATUSES,
  ORDER_STATUS_LABELS,
  TRANSITIONS,
  applyTransition,
  canTransition,
  customerMayCancel,
  customerMoveRefusal,
  nextStatus,
  returnsStock,
  type Order,
  type OrderStatus,
} from '../../../src/domain/order'
import { DomainError } from '../../../src/domain/errors'
import { anOrder, thrown } from '../support'

const ALL: OrderStatus[] = ['placed', 'paid', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded']

/** placed → paid → processing → shipped → delivered; cancelled from placed, paid or processing; refunded from paid onwards. */
const ALLOWED: Record<OrderStatus, OrderStatus[]> = {
  placed: ['paid', 'cancelled'],
  paid: ['processing', 'cancelled', 'refunded'],
  processing: ['shipped', 'cancelled', 'refunded'],
  shipped: ['delivered', 'refunded'],
  delivered: ['refunded'],
  cancelled: [],
  refunded: [],
}

const PAIRS = ALL.flatMap((from) => ALL.map((to) => [from, to, ALLOWED[from].includes(to)] as const))

/** An order that has reached `status`, with a history to match. */
function orderIn(status: OrderStatus, overrides: Partial<Order> = {}): Order {
  return anOrder({
    id: 'order-1',
    status,
    history: [
      { status: 'placed', at: 1000, by: 'u1', note: '' },
      ...(status === 'placed' ? [] : [{ status, at: 2000, by: 'u99', note: 'earlier' }]),
    ],
    ...overrides,
  })
}

describe('the seven statuses', () => {
  it('are exactly the ones the issue names, each with a label and an entry in TRANSITIONS', () => {
    expect([...ORDER_STATUSES].sort()).toEqual([...ALL].sort())
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ALL].sort())
    expect(Object.keys(ORDER_STATUS_LABELS).sort()).toEqual([...ALL].sort())
  })
})

describe.each(PAIRS)('%s → %s (allowed: %s)', (from, to, allowed) => {
  it('is listed in TRANSITIONS exactly when allowed', () => {
    expect(TRANSITIONS[from].includes(to)).toBe(allowed)
    expect(canTransition(from, to)).toBe(allowed)
  })

  if (allowed) {
    it('moves the order and appends one event to its history, leaving the original untouched', () => {
      const order = orderIn(from)
      const frozen = structuredClone(order)
      const event = { at: 5000, by: 'u7', note: 'by hand' }

      const next = applyTransition(order, to, event)

      expect(next.status).toBe(to)
      expect(next.history).toEqual([...frozen.history, { status: to, at: 5000, by: 'u7', note: 'by hand' }])
      expect({ ...next, status: from, history: frozen.history, restockedAt: undefined }).toEqual({ ...frozen, restockedAt: undefined })
      expect(order).toEqual(frozen)
    })

    it(`${to === 'cancelled' || to === 'refunded' ? 'sets' : 'does not set'} restockedAt`, () => {
      const next = applyTransition(orderIn(from), to, { at: 5000, by: 'u7', note: '' })
      if (to === 'cancelled' || to === 'refunded') expect(next.restockedAt).toBe(5000)
      else expect(next).not.toHaveProperty('restockedAt')
    })

    it('never sets restockedAt again once it is set', () => {
      const next = applyTransition(orderIn(from, { restockedAt: 3000 }), to, { at: 5000, by: 'u7', note: '' })
      expect(next.restockedAt).toBe(3000)
    })
  } else {
    it('is refused with IllegalTransitionError naming both states, and nothing changes', () => {
      const order = orderIn(from)
      const frozen = structuredClone(order)

      const err = thrown(() => applyTransition(order, to, { at: 5000, by: 'u7', note: '' }))

      expect(err).toBeInstanceOf(IllegalTransitionError)
      expect(err).toBeInstanceOf(DomainError)
      expect(err).toMatchObject({ from, to })
      expect((err as Error).message).toBe(
        from === to
          ? `This order is already ${ORDER_STATUS_LABELS[to].toLowerCase()}.`
          : `An order that is ${ORDER_STATUS_LABELS[from].toLowerCase()} cannot become ${ORDER_STATUS_LABELS[to].toLowerCase()}.`,
      )
      expect(order).toEqual(frozen)
    })
  }
})

describe('restocking once', () => {
  it('sets restockedAt when cancelled, and a later refund (were it allowed) would not reset it', () => {
    const cancelled = applyTransition(orderIn('paid'), 'cancelled', { at: 4000, by: 'u1', note: '' })
    expect(cancelled.restockedAt).toBe(4000)
    expect(() => applyTransition(cancelled, 'refunded', { at: 6000, by: 'u1', note: '' })).toThrow(IllegalTransitionError)
    expect(() => applyTransition(cancelled, 'cancelled', { at: 6000, by: 'u1', note: '' })).toThrow('This order is already cancelled.')
  })

  it('walks the whole happy path and then a refund: restockedAt appears only at the refund', () => {
    let order = orderIn('placed')
    const path: OrderStatus[] = ['paid', 'processing', 'shipped', 'delivered']
    path.forEach((to, i) => {
      order = applyTransition(order, to, { at: 2000 + i, by: 'u1', note: '' })
      expect(order.restockedAt).toBeUndefined()
    })
    order = applyTransition(order, 'refunded', { at: 9000, by: 'u1', note: 'damaged' })
    expect(order.restockedAt).toBe(9000)
    expect(order.history.map((e) => e.status)).toEqual(['placed', 'paid', 'processing', 'shipped', 'delivered', 'refunded'])
  })

  it.each(ALL.map((s) => [s, s === 'cancelled' || s === 'refunded'] as const))('returnsStock(%s) is %s', (status, returns) => {
    expect(returnsStock(status)).toBe(returns)
  })
})

describe('nextStatus', () => {
  it.each<[OrderStatus, OrderStatus | undefined]>([
    ['placed', 'paid'],
    ['paid', 'processing'],
    ['processing', 'shipped'],
    ['shipped', 'delivered'],
    ['delivered', undefined],
    ['cancelled', undefined],
    ['refunded', undefined],
  ])('after %s the owner advances to %s', (from, next) => {
    expect(nextStatus(from)).toBe(next)
  })

  it('only ever proposes an allowed move', () => {
    for (const from of ALL) {
      const next = nextStatus(from)
      if (next) expect(ALLOWED[from]).toContain(next)
    }
  })
})

describe('customerMayCancel', () => {
  it.each<[OrderStatus, boolean]>([
    ['placed', true],
    ['paid', true],
    ['processing', true],
    ['shipped', false],
    ['delivered', false],
    ['cancelled', false],
    ['refunded', false],
  ])('%s: %s', (status, may) => {
    expect(customerMayCancel(status)).toBe(may)
  })
})

describe('customerMoveRefusal', () => {
  const SHIPPED = 'This order has shipped and can no longer be cancelled.'
  it.each<[OrderStatus, OrderStatus, string | undefined]>([
    ['placed', 'cancelled', undefined],
    ['paid', 'cancelled', undefined],
    ['processing', 'cancelled', undefined],
    ['shipped', 'cancelled', SHIPPED],
    ['delivered', 'cancelled', SHIPPED],
    // Already over: the lifecycle says "already cancelled/refunded" itself.
    ['cancelled', 'cancelled', undefined],
    ['refunded', 'cancelled', undefined],
    ['placed', 'paid', 'Only the shop owner can do that.'],
    ['paid', 'refunded', 'Only the shop owner can do that.'],
    ['shipped', 'delivered', 'Only the shop owner can do that.'],
  ])('%s → %s: %s', (from, to, refusal) => {
    expect(customerMoveRefusal(from, to)).toBe(refusal)
  })
})
