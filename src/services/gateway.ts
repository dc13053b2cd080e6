/**
 * The mock payment gateway. No network: it validates the card, waits a moment as a real
 * gateway would, and answers by the test card's fixed outcome. Authorizations are recorded
 * by checkout-attempt id, so a retry or a second page never charges twice. Nothing but the
 * brand and last four digits of a card is ever kept.
 */
import {
  PaymentDeclinedError,
  cardDigits,
  gatewayOutcome,
  validateCard,
  type CardInput,
  type PaymentMethod,
} from '../domain/payment'
import type { ShopDatabase } from '../db/database'
import { systemClock, type Clock } from './clock'

export interface GatewayOptions {
  clock?: Clock
  /** The simulated processing time; tests pass 0. */
  delayMs?: number
  /**
   * How that time is waited out: a timer unless a test passes a promise it settles itself,
   * to look at the page while the payment is pending.
   */
  wait?: (ms: number) => Promise<void>
  /**
   * Called off while waiting on the gateway (the checkout's stock claim failed meanwhile):
   * the authorization stops there, nothing recorded; it rejects with the signal's reason.
   */
  signal?: AbortSignal
}

export const DEFAULT_GATEWAY_DELAY_MS = 600

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Rejects with the signal's reason once it is aborted (never settles otherwise). */
const aborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason)
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })

export type PaymentChoice = { kind: 'card'; card: CardInput } | { kind: 'on-delivery' }

/**
 * Authorizes `amount` for attempt `attemptId`, or throws ValidationError (bad card field)
 * or PaymentDeclinedError. Returns what may be stored of the method. Runs outside any
 * transaction: it awaits a timer.
 */
export async function authorizePayment(
  db: ShopDatabase,
  attemptId: string,
  amount: number,
  choice: PaymentChoice,
  { clock = systemClock, delayMs = DEFAULT_GATEWAY_DELAY_MS, wait = sleep, signal }: GatewayOptions = {},
): Promise<PaymentMethod> {
  if (choice.kind === 'on-delivery') return { kind: 'on-delivery' }
  const summary = validateCard(choice.card, new Date(clock.now()))
  const method: PaymentMethod = { kind: 'card', card: summary }

  const existing = await db.payments.get(attemptId)
  if (existing && existing.status !== 'voided' && existing.amount === amount) return existing.method

  if (delayMs > 0) await (signal ? Promise.race([wait(delayMs), aborted(signal)]) : wait(delayMs))
  signal?.throwIfAborted()
  const outcome = gatewayOutcome(cardDigits(choice.card.number))
  if (outcome !== 'approved') throw new PaymentDeclinedError(outcome)
  // Another page may have paid for this attempt while this one waited: never overwrite its record.
  return db.transaction('rw', db.payments, async () => {
    signal?.throwIfAborted()
    const current = await db.payments.get(attemptId)
    if (current && current.status !== 'voided' && (current.status !== 'authorized' || current.amount === amount)) return current.method
    await db.payments.put({ id: attemptId, orderId: null, method, status: 'authorized', amount, createdAt: clock.now() })
    return method
  })
}

/** Releases an authorization whose order could not be placed (stock ran out meanwhile). */
export async function voidPayment(db: ShopDatabase, attemptId: string): Promise<void> {
  await db.payments.where('id').equals(attemptId).and((p) => p.status === 'authorized').modify({ status: 'voided' })
}
