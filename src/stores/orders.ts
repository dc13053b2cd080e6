import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed } from 'vue'
import { db } from '../db/database'
import { listOrders } from '../services/orders'
import { useLiveQuery } from '../composables/useLiveQuery'
import { useSessionStore } from './session'

/** The logged-in person's orders, newest first, live. Only ever their own. */
export const useOrdersStore = defineStore('orders', () => {
  const session = useSessionStore()
  const userId = computed(() => session.user?.id)
  const live = useLiveQuery((id) => (id === undefined ? [] : listOrders(db, id)), userId)
  const orders = computed(() => live.data.value ?? [])
  const loading = computed(() => live.loading.value)
  const byId = (id: string) => orders.value.find((o) => o.id === id)
  return { orders, loading, byId }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useOrdersStore, import.meta.hot))
