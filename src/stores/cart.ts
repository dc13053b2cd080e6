import type { Id } from '../domain/id'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed } from 'vue'
import { db } from '../db/database'
import { GUEST_ID, cartCount, cartTotal } from '../domain/cart'
import { totalsFor } from '../domain/money'
import { checkoutEligibility, guestCartNote, lineProblem } from '../domain/sellability'
import { cartLines } from '../services/reads/cart'
import { useLiveQuery } from '../composables/useLiveQuery'
import { attempt } from './errors'
import { useSessionStore } from './session'
import { useSettingsStore } from './settings'

/** The cart's writes load with the first change, not with the first page. */
const loadCart = () => import('../services/cart')

/** The cart of whoever is using this device — a guest's until they log in — live across tabs. */
export const useCartStore = defineStore('cart', () => {
  const session = useSessionStore()
  const settings = useSettingsStore()
  const userId = computed(() => session.user?.id ?? GUEST_ID)

  const live = useLiveQuery((id) => cartLines(db, id), userId)
  const lines = computed(() => live.data.value ?? [])
  // Until the session is read, whose cart this is is unknown: still loading, not empty.
  const loading = computed(() => !session.ready || live.loading.value)
  const count = computed(() => cartCount(lines.value))
  const totals = computed(() => totalsFor(cartTotal(lines.value), settings.settings.taxRate))
  /** Lines asking for more than is left (an archived product's line is "not sold" instead). */
  const short = computed(() => lines.value.filter((l) => lineProblem(l.product, l.quantity)?.kind === 'short'))
  /** Whether the cart may go on to checkout, and what must change first. */
  const eligibility = computed(() => checkoutEligibility(lines.value))
  const quantityOf = (productId: Id) => lines.value.find((l) => l.product.id === productId)?.quantity ?? 0
  /**
   * Said after a guest cart was merged into this account at login with fewer units than
   * picked, or without products no longer sold.
   */
  const notice = computed(() => {
    const merged = session.guestCartMerge
    return merged && merged.userId === userId.value ? guestCartNote(merged.merge) : ''
  })

  /** Adds what the person typed; the service parses it. Resolves to the units added. */
  function add(productId: Id, quantityInput: string) {
    return attempt(async () => (await loadCart()).addToCart(db, userId.value, productId, quantityInput))
  }

  function setQuantity(productId: Id, quantityInput: string) {
    return attempt(async () => (await loadCart()).setCartQuantity(db, userId.value, productId, quantityInput))
  }

  function remove(productId: Id) {
    return attempt(async () => (await loadCart()).removeFromCart(db, userId.value, productId))
  }

  return { lines, loading, count, totals, short, eligibility, quantityOf, notice, add, setQuantity, remove }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCartStore, import.meta.hot))
