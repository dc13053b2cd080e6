/**
 * What the sync store does, apart from the store itself so that the first page carries only
 * the store's few lines (it reads whether sync is on): starting and stopping the engine,
 * connecting, "Sync now", and turning the engine's failures into messages. Loaded with
 * import() by stores/sync.ts the first time sync is on or someone connects; not a store.
 */
import { markRaw, type ShallowRef } from 'vue'
import { db } from '../db/database'
import { joinChoiceProblem } from '../domain/join'
import type { JoinChoice, JoinChoiceNeeded, JoinSurvey, SyncConfig, SyncController, SyncErrorKind, SyncStatus } from '../sync/types'
import { useCheckoutStore } from './checkout'
import { attempt, type Outcome } from './errors'

/** What the store uses of the engine (src/sync/index.ts). */
export type SyncEngine = Pick<typeof import('../sync'), 'connect' | 'resume' | 'dismissJoinNotice'>

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

/**
 * What connecting came to: connected, or (nothing done yet) the shop has data and so has this
 * device, and the person must choose how to join (`survey`), then connect again with `join`.
 */
export type ConnectResult = { survey?: undefined } | { survey: JoinSurvey }

/** The person's answer to a ConnectResult's survey: how to join, and whether they confirmed losing this device's orders. */
export interface JoinAnswer {
  use: JoinChoice
  confirmed: boolean
  survey: JoinSurvey
}

/** connect's arguments after the store's state. */
export type ConnectArgs = [url: string, username: string, password: string, join?: JoinAnswer]

const isJoinChoiceNeeded = (err: unknown): err is JoinChoiceNeeded => (err as { name?: unknown } | undefined)?.name === 'JoinChoiceNeeded' && typeof (err as { survey?: unknown }).survey === 'object'

/**
 * Connects this device to a shop's database; a failure goes next to the field it concerns.
 * Joining a shop that has data, with data of this device's own, asks first (ConnectResult);
 * the answer (`join`) goes through its rules (domain/join.ts): replacing deletes this device's
 * orders only once the person confirmed it.
 */
export function connect(state: SyncState, ...[url, username, password, join]: ConnectArgs): Promise<Outcome<ConnectResult>> {
  return exclusive(state, async () => {
    const problem = join ? joinChoiceProblem(join.survey, join.use, join.confirmed) : undefined
    if (problem) return { ok: false as const, errors: { fields: { [problem.field]: problem.message }, form: '' } }
    try {
      await halt(state, false)
      hold(state, await (await loadEngine()).connect(db, { url: url.trim(), username: username.trim(), password }, join ? { join: join.use } : {}))
      return { ok: true as const, value: {} }
    } catch (err) {
      if (isJoinChoiceNeeded(err)) {
        // Asked again after an answer (the orders grew meanwhile, or a till asked to add): the rules say why.
        const again = join ? joinChoiceProblem(err.survey, join.use, join.confirmed) : undefined
        if (again) return { ok: false as const, errors: { fields: { [again.field]: again.message }, form: '' } }
        return { ok: true as const, value: { survey: err.survey } }
      }
      return failure(err)
    }
  })
}

/** Forgets the join's notice (the person read it): the config stays, without it. */
export async function dismissJoinNotice(): Promise<void> {
  await (await loadEngine()).dismissJoinNotice(db)
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
