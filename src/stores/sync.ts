import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, markRaw, shallowRef, watch } from 'vue'
import { db, type ShopDatabase } from '../db/database'
import { readSyncConfig } from '../services/reads/sync'
import type { SyncConfig, SyncController, SyncErrorKind, SyncStatus } from '../sync/types'
import { useLiveQuery } from '../composables/useLiveQuery'
import { attempt, type Outcome } from './errors'

/** What the store needs of the engine (src/sync/index.ts), loaded only on a device that syncs. */
export interface SyncEngine {
  startSync(db: ShopDatabase, config: SyncConfig): SyncController | Promise<SyncController>
  /** Checks the address and the account, stores the config (never the password) and starts. Throws a SyncErrorInfo-like error. */
  connect(db: ShopDatabase, url: string, username: string, password: string): Promise<SyncController>
}

// The seam: how the engine is loaded. A dynamic import, so the first page never carries it;
// tests put a fake engine in with setSyncEngineLoader. (A glob until src/sync/index.ts lands
// from the engine's branch: then a plain import('../sync').)
const engines = import.meta.glob<SyncEngine>('../sync/index.ts')
let loadEngine = (): Promise<SyncEngine> => engines['../sync/index.ts']?.() ?? Promise.reject(new Error('This build has no sync engine.'))

/** Replaces how the engine is loaded (tests); returns the previous loader. */
export function setSyncEngineLoader(loader: () => Promise<SyncEngine>): () => Promise<SyncEngine> {
  const previous = loadEngine
  loadEngine = loader
  return previous
}

/** The form field a failure to connect concerns; the others are the form's. */
const FIELD_OF: Partial<Record<SyncErrorKind, string>> = { 'bad-address': 'url', 'wrong-password': 'password' }

/**
 * Sync as every page sees it: on, with which server, and its status. Tiny on purpose (it is on
 * the first page): it reads the stored config and loads the engine only when there is one.
 */
export const useSyncStore = defineStore('sync', () => {
  const live = useLiveQuery(() => readSyncConfig(db))
  const config = computed(() => live.data.value ?? null)
  const configured = computed(() => config.value !== null)
  const status = shallowRef<SyncStatus | null>(null)
  const controller = shallowRef<SyncController | null>(null)
  let unlisten = () => {}
  // While this tab connects, the config it stores must not start a second engine.
  let busy = false

  function hold(next: SyncController) {
    controller.value = markRaw(next)
    status.value = next.status
    unlisten = next.onStatus((s) => (status.value = s))
  }

  async function halt(forget: boolean) {
    const running = controller.value
    unlisten()
    controller.value = null
    status.value = null
    await running?.stop({ forget })
  }

  // Started, or stopped, wherever the config changed: this tab or another.
  watch(config, async (next) => {
    if (busy) return
    busy = true
    try {
      if (!next) await halt(false)
      else if (!controller.value) hold(await (await loadEngine()).startSync(db, next))
    } catch (err) {
      console.error(err)
    } finally {
      busy = false
    }
  })

  /** Connects this device to a shop's database; a failure goes next to the field it concerns. */
  async function connect(url: string, username: string, password: string): Promise<Outcome<void>> {
    busy = true
    try {
      await halt(false)
      hold(await (await loadEngine()).connect(db, url.trim(), username.trim(), password))
      return { ok: true, value: undefined }
    } catch (err) {
      const e = err as { kind?: SyncErrorKind; message?: string }
      if (!e?.kind || !e.message) return attempt(() => Promise.reject(err))
      const field = FIELD_OF[e.kind]
      return { ok: false, errors: field ? { fields: { [field]: e.message }, form: '' } : { fields: {}, form: e.message } }
    } finally {
      busy = false
    }
  }

  const syncNow = () => attempt(async () => controller.value?.syncNow())
  /** Stops syncing and forgets the server; every record stays on this device. */
  const stop = () => attempt(() => halt(true))
  const dismissRefusal = (at: number) => controller.value?.dismissRefusal(at)

  return { config, configured, status, controller, connect, syncNow, stop, dismissRefusal }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSyncStore, import.meta.hot))
