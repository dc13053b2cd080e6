import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed } from 'vue'
import { db } from '../db/database'
import { cartCount, cartTotal } from '../domain/cart'
import { AuthorizationError } from '../domain/errors'
import { parseQuantity } from '../domain/quantity'
import * as cart from '../services/cart'
import { placeOrder } from '../services/checkout'
import { useLiveQuery } from '../composables/useLiveQuery'
import { attempt } from './errors'
import { useSessionStore } from './session'

/** The logged-in person's cart, live across tabs. */
export const useCartStore = defineStore('cart', () => {
  const session = useSessionStore()
  const userId = computed(() => session.user?.id)

  const live = useLiveQuery((id) => (id === undefined ? [] : cart.cartLines(db, id)), userId)
  const lines = computed(() => live.data.value ?? [])
  // Until the session is read, whose cart this is is unknown: still loading, not empty.
  const loading = computed(() => !session.ready || live.loading.value)
  const count = computed(() => cartCount(lines.value))
  const total = computed(() => cartTotal(lines.value))
  const quantityOf = (productId: number) => lines.value.find((l) => l.product.id === productId)?.quantity ?? 0

  function requireUser(): number {
    if (userId.value === undefined) throw new AuthorizationError('Log in to use your cart.')
    return userId.value
  }

  function add(productId: number, quantityInput: string) {
    return attempt(async () => {
      const quantity = parseQuantity(quantityInput)
      await cart.addToCart(db, requireUser(), productId, quantity)
      return quantity
    })
  }

  function setQuantity(productId: number, quantityInput: string) {
    return attempt(() => cart.setCartQuantity(db, requireUser(), productId, parseQuantity(quantityInput)))
  }

  function remove(productId: number) {
    return attempt(() => cart.removeFromCart(db, requireUser(), productId))
  }

  function checkout() {
    return attempt(() => placeOrder(db, requireUser()))
  }

  return { lines, loading, count, total, quantityOf, add, setQuantity, remove, checkout }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCartStore, import.meta.hot))
