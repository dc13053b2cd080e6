import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { db } from '../db/database'
import { parseQuantity } from '../domain/quantity'
import * as catalog from '../services/catalog'
import { checkAvailability as checkAvailabilityService } from '../services/cart'
import { useLiveQuery } from '../composables/useLiveQuery'
import { attempt } from './errors'

/** The products on sale, live: a stock change anywhere shows everywhere at once. */
export const useCatalogStore = defineStore('catalog', () => {
  const live = useLiveQuery(() => catalog.listProducts(db))
  const products = computed(() => live.data.value ?? [])
  const loading = computed(() => live.loading.value)
  const byId = computed(() => new Map(products.value.map((p) => [p.id, p])))
  const seedError = shallowRef('')

  /**
   * Puts the demo catalog on a fresh device; does nothing on later runs. The demo data and
   * its code load only on a device that has not been seeded, to keep the first page light.
   */
  async function seed() {
    const outcome = await attempt(async () => {
      if (await catalog.isCatalogSeeded(db)) return false
      const { seedDemoCatalog } = await import('../db/seed')
      return seedDemoCatalog(db)
    })
    seedError.value = outcome.ok ? '' : outcome.errors.form
  }

  /** Whether `quantityInput` units of a product can be had; bad input gets a field message. */
  function checkAvailability(productId: number, quantityInput: string) {
    return attempt(async () => {
      const quantity = parseQuantity(quantityInput)
      return { quantity, available: await checkAvailabilityService(db, productId, quantity) }
    })
  }

  return { products, loading, byId, seedError, seed, checkAvailability }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCatalogStore, import.meta.hot))
