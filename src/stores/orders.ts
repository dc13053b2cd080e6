import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { db } from '../db/database'
import type { OrderStatus } from '../domain/order'
import { changeOrderStatus, findOrderFor, listAllOrders, listOrders } from '../services/orders'
import { useLiveQuery } from '../composables/useLiveQuery'
import { attempt } from './errors'
import { useSessionStore } from './session'

/** Orders, live: the person's own, any one on screen, and (for the owner) all of them. */
export const useOrdersStore = defineStore('orders', () => {
  const session = useSessionStore()
  const userId = computed(() => session.user?.id)

  const mine = useLiveQuery((id) => (id === undefined ? [] : listOrders(db, id)), userId)
  const orders = computed(() => mine.data.value ?? [])
  const loading = computed(() => mine.loading.value)

  /**
   * One order, live: the owner may open any order, a customer only their own (another
   * person's id reads as not found, and nothing about it leaks). Call from a component's setup.
   */
  function watchOrder(id: () => string) {
    return useLiveQuery(
      ([viewer, orderId]) => (viewer === undefined ? undefined : findOrderFor(db, viewer, orderId)),
      () => [userId.value, id()] as const,
    )
  }

  /** The owner's view of every order, filtered by status and a search. */
  const statusFilter = shallowRef<OrderStatus | ''>('')
  const queryFilter = shallowRef('')
  const filter = computed(() => ({ status: statusFilter.value, query: queryFilter.value }))
  const all = useLiveQuery(
    ([viewer, f]) => (session.isOwner ? listAllOrders(db, viewer, f) : []),
    () => [userId.value, filter.value] as const,
  )

  /** `goodsReturned` answers "did the goods come back?" for a refund after shipping. */
  function changeStatus(orderId: string, to: OrderStatus, note = '', { goodsReturned }: { goodsReturned?: boolean | undefined } = {}) {
    return attempt(() => changeOrderStatus(db, userId.value, orderId, to, { note, goodsReturned }))
  }

  return {
    orders,
    loading,
    watchOrder,
    statusFilter,
    queryFilter,
    all: computed(() => all.data.value ?? []),
    allLoading: computed(() => all.loading.value),
    changeStatus,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useOrdersStore, import.meta.hot))
