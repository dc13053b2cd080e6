import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed } from 'vue'
import { db } from '../db/database'
import { lowStockCount, ordersToFulfilCount } from '../services/reads/ownerCounts'
import { useLiveQuery } from '../composables/useLiveQuery'
import { useSessionStore } from './session'

/**
 * The owner's counts, live (services/reads/ownerCounts.ts): what the Manage menu shows next to
 * "Orders to fulfil" and "Low stock". Read only while an owner is logged in; undefined otherwise.
 */
export const useOwnerCountsStore = defineStore('ownerCounts', () => {
  const session = useSessionStore()
  // The role is read before the first await, so a login or logout re-runs the query.
  const live = useLiveQuery(async () => {
    if (!session.isOwner) return undefined
    const toFulfil = await ordersToFulfilCount(db)
    const lowStock = await lowStockCount(db)
    return { toFulfil, lowStock }
  })
  const ordersToFulfil = computed(() => live.data.value?.toFulfil)
  const lowStock = computed(() => live.data.value?.lowStock)
  return { ordersToFulfil, lowStock }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useOwnerCountsStore, import.meta.hot))
