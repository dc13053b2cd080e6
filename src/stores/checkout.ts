import { acceptHMRUpdate, defineStore } from 'pinia'
import type { Id } from '../domain/id'
import { shallowRef } from 'vue'
import { db } from '../db/database'
import { AuthorizationError } from '../domain/errors'
import { checkout as checkoutService, checkoutAttemptId, type StockClaims } from '../services/checkout'
import type { GatewayOptions, PaymentChoice } from '../services/gateway'
import { attempt } from './errors'
import { useSessionStore } from './session'

/**
 * One checkout at a time: the attempt id (shared by every page of the device, so a second
 * page or a retry never makes a second order) and the progress of the payment.
 */
export const useCheckoutStore = defineStore('checkout', () => {
  const session = useSessionStore()
  const attemptId = shallowRef<string>()
  const paying = shallowRef(false)
  // The gateway's simulated delay, as the app runs it unless told otherwise: configuration,
  // not state a person changes, so it is neither reactive nor returned as state.
  let gateway: GatewayOptions = {}

  // The stock claims of the shop's sync, while it runs (the sync store hands in its engine's
  // controller when it starts and undefined when it stops): with none, checkout is as it was.
  let stockClaims: () => StockClaims | undefined = () => undefined

  /**
   * Where the checkout claims stock across the shop's devices: the sync store calls this with
   * a reader of its running controller. Not state a person sees, so not returned as state.
   */
  function setStockClaims(claims: () => StockClaims | undefined) {
    stockClaims = claims
  }

  /**
   * Replaces how the mock gateway runs (its delay, how the delay is waited out): component
   * tests pay at once instead of waiting 600 ms per payment. The app never calls it.
   */
  function setGateway(options: GatewayOptions) {
    gateway = options
  }

  function requireUser(): Id {
    if (!session.user) throw new AuthorizationError('Log in to check out.')
    return session.user.id
  }

  /** Picks up (or starts) this person's checkout attempt. */
  async function begin() {
    const outcome = await attempt(() => checkoutAttemptId(db, requireUser()))
    if (outcome.ok) attemptId.value = outcome.value
    return outcome
  }

  /** Pays and places the order; a second call while the first runs is ignored. */
  async function pay(choice: PaymentChoice) {
    if (paying.value) return undefined
    paying.value = true
    try {
      return await attempt(async () => {
        const userId = requireUser()
        const id = attemptId.value ?? (await checkoutAttemptId(db, userId))
        const order = await checkoutService(db, userId, id, choice, { ...gateway, stock: stockClaims() })
        attemptId.value = undefined
        return order
      })
    } finally {
      paying.value = false
    }
  }

  return { attemptId, paying, begin, pay, setGateway, setStockClaims }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCheckoutStore, import.meta.hot))
