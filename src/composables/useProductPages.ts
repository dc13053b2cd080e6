import { liveQuery, type Subscription } from 'dexie'
import { computed, getCurrentScope, onScopeDispose, shallowRef, watch, type ComputedRef, type ShallowRef, type WatchSource } from 'vue'
import type { BrowseQuery } from '../domain/browse'
import type { StoredProduct } from '../domain/product'
import type { ShopDatabase } from '../db/database'
import { browseProducts, isSearch, loadSearch, PAGE_SIZE, searchLoaded, type PageRange, type ProductPage } from '../services/catalog'
import { onIdle } from '../browser/onIdle'

export interface UseProductPagesReturn {
  /** Every product of the pages read so far, in the query's order. */
  items: ComputedRef<StoredProduct[]>
  /** True until the first page of the current query arrives. */
  loading: ComputedRef<boolean>
  /** True while a further page is on its way. */
  loadingMore: ComputedRef<boolean>
  /** True once the last page says nothing comes after it. */
  done: ComputedRef<boolean>
  error: ShallowRef<unknown>
  /** How many products a page holds: a list keeps this many read ahead of what it shows. */
  pageSize: number
  /** Asks for at least `count` products (the list calls this as it scrolls); pages follow until there are, or no more. */
  want(count: number): void
}

interface LivePage {
  range: PageRange
  result: ProductPage | undefined
  subscription: Subscription | undefined
}

/**
 * A query's results as live keyset pages: each page is its own liveQuery over its own
 * range, so a change re-reads only the pages whose range it touches, in this tab or
 * another. A page stops being the last one by freezing its far edge (`until`), so rows
 * added or removed later stay in exactly one page: nothing is skipped or shown twice.
 * While `query` gives undefined nothing is read (and `loading` stays true).
 */
export function useProductPages(db: ShopDatabase, query: WatchSource<BrowseQuery | undefined>, pageSize = PAGE_SIZE): UseProductPagesReturn {
  let pages: LivePage[] = []
  let current: BrowseQuery | undefined
  let wanted = pageSize
  // Pages live outside Vue's reactivity (Dexie objects); a counter tells computeds to re-read them.
  const version = shallowRef(0)
  const error = shallowRef<unknown>()
  const touch = () => (version.value += 1)
  let cancelReadAhead: (() => void) | undefined

  function subscribe(page: LivePage) {
    const q = current
    if (!q) return
    page.subscription?.unsubscribe()
    page.subscription = liveQuery(() => browseProducts(db, q, page.range, pageSize)).subscribe({
      next: (result) => {
        page.result = result
        error.value = undefined
        touch()
        continueIfWanted()
      },
      error: (err: unknown) => {
        error.value = err
        touch()
      },
    })
  }

  function count(): number {
    return pages.reduce((n, p) => n + (p.result?.items.length ?? 0), 0)
  }

  function continueIfWanted() {
    const last = pages.at(-1)
    if (!last?.result || last.result.done || last.result.through === null) return
    if (count() >= wanted) return
    const through = last.result.through
    last.range = { after: last.range.after, until: through }
    subscribe(last)
    const next: LivePage = { range: { after: through, until: null }, result: undefined, subscription: undefined }
    pages.push(next)
    subscribe(next)
    touch()
  }

  function reset(q: BrowseQuery | undefined) {
    for (const page of pages) page.subscription?.unsubscribe()
    current = q
    wanted = pageSize
    pages = [{ range: { after: null, until: null }, result: undefined, subscription: undefined }]
    error.value = undefined
    touch()
    if (!q) return
    const first = pages[0] as LivePage
    if (!isSearch(q) || searchLoaded()) {
      subscribe(first)
      return
    }
    // The first search loads the search plan before its live query starts: one that waited for
    // the import inside would not see the ranges it reads after it, and would stop being live.
    loadSearch().then(
      () => {
        if (current === q) subscribe(first)
      },
      (err: unknown) => {
        if (current !== q) return
        error.value = err
        touch()
      },
    )
  }

  watch(query, reset, { immediate: true, deep: true })
  if (getCurrentScope()) {
    onScopeDispose(() => {
      cancelReadAhead?.()
      pages.forEach((p) => p.subscription?.unsubscribe())
    })
  }

  const items = computed(() => {
    void version.value
    return pages.flatMap((p) => p.result?.items ?? [])
  })
  return {
    items,
    loading: computed(() => (void version.value, pages[0]?.result === undefined && error.value === undefined)),
    loadingMore: computed(() => (void version.value, pages.length > 1 && pages.at(-1)?.result === undefined)),
    done: computed(() => (void version.value, pages.at(-1)?.result?.done ?? false)),
    error,
    pageSize,
    want(n: number) {
      if (n <= wanted) return
      wanted = n
      // Reading ahead waits for an idle moment: asked for while the list first renders, it
      // would re-read the first page and read the next in the very task that shows the page.
      if (cancelReadAhead) return
      cancelReadAhead = onIdle(() => {
        cancelReadAhead = undefined
        continueIfWanted()
      })
    },
  }
}
