import type { Id } from '../domain/id'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, shallowRef, watch } from 'vue'
import { db } from '../db/database'
import { loadDemoCatalog } from '../db/demoCatalog'
import { parseSort, type BrowseQuery, type ProductSort } from '../domain/browse'
import { countListing, findProduct, isCatalogSeeded, isSearch, legacyProductId as findLegacyProductId, listCategories } from '../services/catalog'
import type { countProducts } from '../services/catalogCount'
import { onIdle } from '../browser/onIdle'
import { useLiveQuery } from '../composables/useLiveQuery'
import { useProductPages } from '../composables/useProductPages'
import { attempt } from './errors'

/**
 * What shoppers browse: the search and filters, and their results as live keyset pages
 * (only the pages scrolled to are read; a change anywhere re-reads just the pages it
 * touches). The filters live here so a visit to a product and back keeps them and the
 * pages already read.
 */
export const useCatalogStore = defineStore('catalog', () => {
  const text = shallowRef('')
  const category = shallowRef('')
  const inStockOnly = shallowRef(false)
  const sort = shallowRef<ProductSort>('name')
  const query = computed<BrowseQuery>(() => ({
    text: text.value,
    category: category.value,
    inStockOnly: inStockOnly.value,
    sort: sort.value,
    archived: false,
  }))
  // Products are read once something shows the catalog (browse()), not at every start-up:
  // the product page and the cart do not read the 50 products they would never show.
  const browsing = shallowRef(false)
  const pages = useProductPages(db, () => (browsing.value ? query.value : undefined))
  // The exact number of products the query finds, however few pages are read. Counting starts
  // once the page is idle: the first screen shows the products first, their count a moment
  // later. A listing's count is one index count (countListing); a search's loads with the
  // first search (catalogCount.ts), which the first page does not carry.
  const counting = shallowRef(false)
  const searchCounter = shallowRef<typeof countProducts>()
  const liveTotal = useLiveQuery(
    (q) => {
      if (!q || !counting.value) return undefined
      if (!isSearch(q)) return countListing(db, q)
      return searchCounter.value?.(db, q)
    },
    () => (browsing.value ? query.value : undefined),
  )
  watch(
    () => counting.value && isSearch(query.value),
    (searching) => {
      if (searching && !searchCounter.value) void import('../services/catalogCount').then((m) => (searchCounter.value ??= m.countProducts)).catch(() => undefined)
    },
  )
  const total = computed(() => (liveTotal.loading.value ? undefined : liveTotal.data.value))
  const liveCategories = useLiveQuery(() => listCategories(db))
  const categories = computed(() => liveCategories.data.value ?? [])

  const seeding = shallowRef(false)
  const seedProgress = shallowRef<{ done: number; total: number } | null>(null)
  const seedError = shallowRef('')

  /** Starts reading the catalog's pages (the catalog view calls it; later calls do nothing). */
  function browse() {
    browsing.value = true
    if (counting.value) return
    onIdle(() => (counting.value = true))
  }

  /** Sets the filters from an address's query (?q=&category=&instock=1&sort=). */
  function setFilters(input: { q?: unknown; category?: unknown; instock?: unknown; sort?: unknown }) {
    text.value = typeof input.q === 'string' ? input.q : ''
    category.value = typeof input.category === 'string' ? input.category : ''
    inStockOnly.value = input.instock === '1'
    sort.value = parseSort(input.sort)
  }

  /** Clears the search and the filters (the sort stays): the whole catalog again. */
  function clearFilters() {
    text.value = ''
    category.value = ''
    inStockOnly.value = false
  }

  /** The filters as an address's query, leaving out the defaults. */
  const filtersAsQuery = computed(() => ({
    ...(text.value ? { q: text.value } : {}),
    ...(category.value ? { category: category.value } : {}),
    ...(inStockOnly.value ? { instock: '1' } : {}),
    ...(sort.value !== 'name' ? { sort: sort.value } : {}),
  }))

  /**
   * Puts the demo catalog on a fresh device; does nothing on later runs. With
   * `?synthetic=N` in the address, N generated products instead (for demos and audits).
   */
  async function seed(search = typeof location === 'undefined' ? '' : location.search) {
    seeding.value = true
    const outcome = await attempt(async () => {
      // A device seeded already (the usual case) loads nothing; the seed code, needed once
      // per device, is never part of the first page.
      if (await isCatalogSeeded(db)) return false
      const synthetic = new URLSearchParams(search).has('synthetic')
      // The demo catalog's rows are fetched while the seed code loads: one round trip, not two.
      const rows = synthetic ? undefined : loadDemoCatalog()
      rows?.catch(() => undefined) // a failure is the seeding's, which awaits them below
      const { seedDemoCatalog, seedSyntheticCatalog } = await import('../db/seed')
      if (rows) return seedDemoCatalog(db, Date.now(), rows)
      const { syntheticCountFrom } = await import('../db/synthetic')
      const count = syntheticCountFrom(search)
      if (count === undefined) return seedDemoCatalog(db)
      return seedSyntheticCatalog(db, count, { onProgress: (done, total) => (seedProgress.value = { done, total }) })
    })
    seeding.value = false
    seedProgress.value = null
    seedError.value = outcome.ok ? '' : outcome.errors.form
  }

  /** A product, live; call from a component's setup so it stops with the component. */
  function watchProduct(id: () => Id) {
    return useLiveQuery((productId) => findProduct(db, productId), id)
  }

  /**
   * The id now of the product an address from before global ids numbered `oldId`, if this
   * device knew it; a database that does not answer counts as not knowing (the page then says
   * "not found" rather than waiting).
   */
  async function legacyProductId(oldId: number): Promise<Id | undefined> {
    const outcome = await attempt(() => findLegacyProductId(db, oldId))
    return outcome.ok ? outcome.value : undefined
  }

  /** Whether `quantityInput` units of a product can be had; bad input gets a field message. */
  function checkAvailability(productId: Id, quantityInput: string) {
    return attempt(async () => {
      // The cart's service loads with the first check, as with the cart's writes (stores/cart.ts).
      const { checkAvailability } = await import('../services/cart')
      return checkAvailability(db, productId, quantityInput)
    })
  }

  return {
    text,
    category,
    inStockOnly,
    sort,
    query,
    products: pages.items,
    total,
    loading: pages.loading,
    loadingMore: pages.loadingMore,
    done: pages.done,
    want: pages.want,
    pageSize: pages.pageSize,
    browsing,
    browse,
    categories,
    setFilters,
    clearFilters,
    filtersAsQuery,
    seeding,
    seedProgress,
    seedError,
    seed,
    watchProduct,
    legacyProductId,
    checkAvailability,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCatalogStore, import.meta.hot))
