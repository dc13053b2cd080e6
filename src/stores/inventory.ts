import type { Id } from '../domain/id'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, shallowRef, type WatchSource } from 'vue'
import { db } from '../db/database'
import { AuthorizationError } from '../domain/errors'
import type { ProductInput } from '../domain/productInput'
import * as inventory from '../services/inventory'
import type { CsvProblem } from '../services/productCsv'
import type { ImportSummary } from '../services/csvTransfer'
import { useLiveQuery } from '../composables/useLiveQuery'
import { useProductPages } from '../composables/useProductPages'
import type { BrowseQuery } from '../domain/browse'
import { attempt } from './errors'
import { useSessionStore } from './session'
import { useSettingsStore } from './settings'

/** The state of the CSV import, for its page. */
export type ImportState =
  | { phase: 'idle' }
  | { phase: 'reading' }
  | { phase: 'problems'; problems: CsvProblem[]; moreProblems: number }
  | { phase: 'writing'; done: number; total: number }
  | { phase: 'done'; summary: ImportSummary }
  | { phase: 'failed'; message: string }

/**
 * The owner's side of the catalog. Every action goes to an owner-only service (which checks
 * the role again inside its transaction); heavy helpers — CSV, photo resizing, the import
 * worker — are loaded only when used, so shoppers never download them.
 */
export const useInventoryStore = defineStore('inventory', () => {
  const session = useSessionStore()
  // Prices are typed, imported and exported with the decimals of the shop's currency now.
  const settings = useSettingsStore()
  const actorId = computed(() => session.user?.id)

  function requireActor(): Id {
    if (actorId.value === undefined) throw new AuthorizationError('Log in as the shop owner to do that.')
    return actorId.value
  }

  /** Shrinks a photo chosen on the device to at most 512 px. */
  function preparePhoto(file: File) {
    return attempt(async () => (await import('../services/images')).resizeImage(file))
  }

  function create(input: Required<ProductInput>, image: Blob | undefined) {
    return attempt(() => inventory.createProduct(db, requireActor(), { ...input, image }, settings.digits))
  }

  function update(id: Id, input: ProductInput, image: Blob | null | undefined) {
    return attempt(() => inventory.updateProduct(db, requireActor(), id, input, image, settings.digits))
  }

  function setArchived(id: Id, archived: boolean) {
    return attempt(() => inventory.setArchived(db, requireActor(), id, archived))
  }

  // Quantities, levels and notes go to the services as typed: they parse them, once.
  function restock(id: Id, quantityInput: string, noteInput: string) {
    return attempt(() => inventory.restock(db, requireActor(), id, quantityInput, noteInput))
  }

  function adjust(id: Id, levelInput: string, reasonInput: string) {
    return attempt(() => inventory.adjustStock(db, requireActor(), id, levelInput, reasonInput))
  }

  /**
   * A product's ledger, live, newest first; `limited` says the page shows only the latest
   * LEDGER_LIMIT rows. Call from a component's setup.
   */
  function watchLedger(productId: () => Id) {
    const ledger = useLiveQuery((id) => inventory.listLedger(db, actorId.value, id), productId)
    return { ...ledger, limited: computed(() => (ledger.data.value?.length ?? 0) >= inventory.LEDGER_LIMIT) }
  }

  /** SKU clashes and oversold products to settle after sync (live); call from a component's setup. */
  function watchAttention() {
    return useLiveQuery(() => inventory.inventoryAttention(db, actorId.value))
  }

  /** Every product (active or archived) matching `query`, as live keyset pages; call from a component's setup. */
  function watchProducts(query: WatchSource<BrowseQuery>) {
    return useProductPages(db, query)
  }

  /** The first `limit` products at or below their low-stock threshold, live; call from a component's setup. */
  function watchLowStock(limit: () => number) {
    return useLiveQuery((n) => inventory.lowStockPage(db, actorId.value, null, n), limit)
  }

  const verifying = shallowRef<{ checked: number } | null>(null)
  async function verify() {
    verifying.value = { checked: 0 }
    const outcome = await attempt(() => inventory.verifyInventory(db, requireActor(), { onProgress: (checked) => (verifying.value = { checked }) }))
    verifying.value = null
    return outcome
  }

  const generating = shallowRef<{ done: number; total: number } | null>(null)
  async function generate(countInput: string) {
    const outcome = await attempt(() =>
      inventory.addSyntheticProducts(db, requireActor(), countInput, { onProgress: (done, total) => (generating.value = { done, total }) }),
    )
    generating.value = null
    return outcome
  }

  /** Every product as a CSV file, handed to the browser as a download. */
  function exportCsv() {
    return attempt(async () => {
      const { exportProductsCsv } = await import('../services/csvTransfer')
      const text = await exportProductsCsv(db, requireActor(), settings.digits)
      return new Blob([text], { type: 'text/csv;charset=utf-8' })
    })
  }

  const importState = shallowRef<ImportState>({ phase: 'idle' })

  /**
   * Imports a CSV file all or nothing: a worker reads and checks every row first (the page
   * stays responsive); only a file without a single problem is written, in one transaction.
   */
  async function importCsv(file: File) {
    importState.value = { phase: 'reading' }
    const outcome = await attempt(async () => {
      const actor = requireActor()
      const { readProductsFile } = await import('../services/csvWorkerClient')
      const digits = settings.digits
      const parsed = await readProductsFile(file, digits)
      if (parsed.problems.length > 0) {
        importState.value = { phase: 'problems', problems: parsed.problems, moreProblems: parsed.moreProblems }
        return
      }
      const { importProducts } = await import('../services/csvTransfer')
      const total = parsed.rows.length
      importState.value = { phase: 'writing', done: 0, total }
      const summary = await importProducts(db, actor, parsed.rows, digits, { onProgress: (done) => (importState.value = { phase: 'writing', done, total }) })
      importState.value = { phase: 'done', summary }
    })
    if (!outcome.ok) importState.value = { phase: 'failed', message: outcome.errors.form || Object.values(outcome.errors.fields).join(' ') }
  }

  return {
    preparePhoto,
    create,
    update,
    setArchived,
    restock,
    adjust,
    watchAttention,
    watchLedger,
    watchProducts,
    watchLowStock,
    verifying,
    verify,
    generating,
    generate,
    exportCsv,
    importState,
    importCsv,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useInventoryStore, import.meta.hot))
