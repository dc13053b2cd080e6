import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed } from 'vue'
import { checkoutEligibility, guestCartNote, lineProblem } from '../domain/sellability'
import { useCartStore } from './cart'
import { useSessionStore } from './session'

/**
 * What the cart and checkout pages say about the cart: the lines that cannot be bought as
 * they are, whether it may go on to checkout, and the note of a guest cart merged at login.
 * Apart from the cart store (the header's count, on every page) so these rules load with
 * those pages, not with the first one.
 */
export const useCartReviewStore = defineStore('cartReview', () => {
  const cart = useCartStore()
  const session = useSessionStore()

  /** Lines asking for more than is left (an archived product's line is "not sold" instead). */
  const short = computed(() => cart.lines.filter((l) => lineProblem(l.product, l.quantity)?.kind === 'short'))
  /** Whether the cart may go on to checkout, and what must change first. */
  const eligibility = computed(() => checkoutEligibility(cart.lines))
  /**
   * Said after a guest cart was merged into this account at login with fewer units than
   * picked, or without products no longer sold.
   */
  const notice = computed(() => {
    const merged = session.guestCartMerge
    return merged && merged.userId === session.user?.id ? guestCartNote(merged.merge) : ''
  })

  return { short, eligibility, notice }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCartReviewStore, import.meta.hot))
