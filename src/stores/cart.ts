import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { db } from '../db/database'
import { GUEST_ID, cartCount, cartTotal, isShortLine } from '../domain/cart'
import { totalsFor } from '../domain/money'
import { parseQuantity } from '../domain/quantity'
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
  const short = computed(() => lines.value.filter(isShortLine))
  const quantityOf = (productId: number) => lines.value.find((l) => l.product.id === productId)?.quantity ?? 0
  /** Said once after a guest cart was merged into an account with fewer units than picked. */
  const notice = shallowRef('')

  function add(productId: number, quantityInput: string) {
    return attempt(async () => {
      const quantity = parseQuantity(quantityInput)
      await (await loadCart()).addToCart(db, userId.value, productId, quantity)
      return quantity
    })
  }

  function setQuantity(productId: number, quantityInput: string) {
    return attempt(async () => {
      const quantity = parseQuantity(quantityInput)
      await (await loadCart()).setCartQuantity(db, userId.value, productId, quantity)
    })
  }

  function remove(productId: number) {
    return attempt(async () => (await loadCart()).removeFromCart(db, userId.value, productId))
  }

  /** Moves the guest cart into the account that just logged in. */
  async function mergeGuest(accountId: number) {
    const outcome = await attempt(async () => (await loadCart()).mergeGuestCart(db, accountId))
    notice.value =
      outcome.ok && outcome.value.length > 0
        ? `Some items from before you logged in were limited to the stock left: ${outcome.value.join(', ')}.`
        : ''
  }

  return { lines, loading, count, totals, short, quantityOf, notice, add, setQuantity, remove, mergeGuest }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCartStore, import.meta.hot))
