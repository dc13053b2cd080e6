import type { Id } from '../domain/id'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { db } from '../db/database'
import { GUEST_ID, cartCount, cartTotal, type CartItem } from '../domain/cart'
import { totalsFor } from '../domain/money'
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
  const quantityOf = (productId: Id) => lines.value.find((l) => l.product.id === productId)?.quantity ?? 0

  /** Adds what the person typed; the service parses it. Resolves to the units added. */
  function add(productId: Id, quantityInput: string) {
    return attempt(async () => (await loadCart()).addToCart(db, userId.value, productId, quantityInput))
  }

  /** The line last taken out of the cart (Remove, or a quantity of 0), for its Undo. */
  const removed = shallowRef<{ line: CartItem; name: string } | null>(null)
  const nameOf = (productId: Id) => lines.value.find((l) => l.product.id === productId)?.product.name ?? 'The item'

  /** Sets a line's quantity from what was typed or stepped; 0 takes the line out (with an Undo). */
  function setQuantity(productId: Id, quantityInput: string) {
    const name = nameOf(productId)
    return attempt(async () => {
      const result = await (await loadCart()).setCartQuantity(db, userId.value, productId, quantityInput)
      if (result.removed) removed.value = { line: result.removed, name }
    })
  }

  function remove(productId: Id) {
    const name = nameOf(productId)
    return attempt(async () => {
      const line = await (await loadCart()).removeFromCart(db, userId.value, productId)
      if (line) removed.value = { line, name }
    })
  }

  /** Forgets the line last removed (the cart page is left: its Undo goes with it). */
  function forgetRemoved() {
    removed.value = null
  }

  /** Puts the line last removed back as it was. */
  function undoRemove() {
    const last = removed.value
    if (!last) return attempt(async () => undefined)
    return attempt(async () => {
      await (await loadCart()).putBackCartLine(db, userId.value, last.line)
      removed.value = null
    })
  }

  return { lines, loading, count, totals, quantityOf, removed, add, setQuantity, remove, undoRemove, forgetRemoved }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCartStore, import.meta.hot))
