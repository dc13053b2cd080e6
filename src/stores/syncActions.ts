/**
 * What the sync store does, apart from the store itself so that the first page carries only
 * the store's few lines (it reads whether sync is on): starting and stopping the engine,
 * connecting, "Sync now", and turning the engine's failures into messages. Loaded with
 * import() by stores/sync.ts the first time sync is on or someone connects; not a store.
 */
import { markRaw, type ShallowRef } from 'vue'
import { db } from '../db/database'
import type { SyncConfig, SyncController, SyncErrorKind, SyncStatus } from '../sync/types'
import { useCheckoutStore } from './checkout'
import { attempt, type Outcome } from './errors'

/** What the store uses of the engine (src/sync/index.ts). */
export type SyncEngine = Pick<typeof import('../sync'), 'connect' | 'resume'>

// The seam: how the engine is loaded (a dynamic import: only a device that syncs loads it).
// Tests put a fake engine in with setSyncEngineLoader.
let loadEngine = (): Promise<SyncEngine> => import('../sync')

/** Replaces how the engine is loaded (tests); returns the previous loader. */
export function setSyncEngineLoader(loader: () => Promise<SyncEngine>): () => Promise<SyncEngine> {
  const previous = loadEngine
  loadEngine = loader
  return previous
}

/** The store's state these actions drive. */
export interface SyncState {
  status: ShallowRef<SyncStatus | null>
  controller: ShallowRef<SyncController | null>
}

const unlisten = new WeakMap<SyncState, () => void>()
// While a store connects (or starts), the config it stores must not start a second engine.
const busy = new WeakSet<SyncState>()

/** The form field a failure to connect concerns; the others are the form's. */
const FIELD_OF: Partial<Record<SyncErrorKind, string>> = { 'bad-address': 'url', 'wrong-password': 'password' }

/** A sync failure (a SyncError: its kind and its sentence) as messages; anything else as usual. */
function failure(err: unknown): Promise<Outcome<never>> | Outcome<never> {
  const e = err as { kind?: SyncErrorKind; message?: string } | undefined
  if (!e?.kind || !e.message) return attempt(() => Promise.reject(err))
  const field = FIELD_OF[e.kind]
  return { ok: false, errors: field ? { fields: { [field]: e.message }, form: '' } : { fields: {}, form: e.message } }
}

function hold(state: SyncState, next: SyncController) {
  // While sync runs, an online checkout claims its stock on the server first (no oversell).
  useCheckoutStore().setStockClaims(() => state.controller.value ?? undefined)
  state.controller.value = markRaw(next)
  state.status.value = next.status
  unlisten.set(
    state,
    next.onStatus((s) => (state.status.value = s)),
  )
}

async function halt(state: SyncState, forget: boolean) {
  const running = state.controller.value
  unlisten.get(state)?.()
  state.controller.value = null
  state.status.value = null
  await running?.stop({ forget })
}

async function exclusive<T>(state: SyncState, run: () => Promise<T>): Promise<T> {
  busy.add(state)
  try {
    return await run()
  } finally {
    busy.delete(state)
  }
}

/** Follows the stored config, wherever it changed (this tab or another): starts the engine, or stops it. */
export async function follow(state: SyncState, config: SyncConfig | null): Promise<void> {
  if (busy.has(state)) return
  await exclusive(state, async () => {
    if (!config) return halt(state, false)
    if (state.controller.value) return
    const started = await (await loadEngine()).resume(db)
    if (started) hold(state, started)
  }).catch((err: unknown) => console.error(err))
}

/** Connects this device to a shop's database; a failure goes next to the field it concerns. */
export function connect(state: SyncState, url: string, username: string, password: string): Promise<Outcome<void>> {
  return exclusive(state, async () => {
    try {
      await halt(state, false)
      hold(state, await (await loadEngine()).connect(db, { url: url.trim(), username: username.trim(), password }))
      return { ok: true as const, value: undefined }
    } catch (err) {
      return failure(err)
    }
  })
}

export async function syncNow(state: SyncState): Promise<Outcome<void>> {
  try {
    await state.controller.value?.syncNow()
    return { ok: true, value: undefined }
  } catch (err) {
    return failure(err)
  }
}

/** Stops syncing and forgets the server; every record stays on this device. */
export function stop(state: SyncState): Promise<Outcome<void>> {
  return attempt(() => halt(state, true))
}
