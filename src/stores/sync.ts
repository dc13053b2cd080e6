import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, shallowRef, watch } from 'vue'
import { db } from '../db/database'
import { readSyncConfig } from '../services/reads/sync'
import type { SyncController, SyncStatus } from '../sync/types'
import type { ConnectArgs } from './syncActions'
import { useLiveQuery } from '../composables/useLiveQuery'

/** The actions' code (and through it the engine) loads only when sync is on or someone connects. */
const actions = () => import('./syncActions')

/**
 * Sync as every page sees it: on, with which server, and its status. Tiny on purpose (it is on
 * the first page): it reads the stored config, and only a device that syncs loads the rest.
 */
export const useSyncStore = defineStore('sync', () => {
  const live = useLiveQuery(() => readSyncConfig(db))
  const config = computed(() => live.data.value ?? null)
  const configured = computed(() => config.value !== null)
  const status = shallowRef<SyncStatus | null>(null)
  /** The running engine, for the checkout's online stock claim; null when sync is off. */
  const controller = shallowRef<SyncController | null>(null)
  const state = { status, controller }

  // Started or stopped wherever the config changed: this tab or another.
  watch(config, (next) => void actions().then((a) => a.follow(state, next)))

  return {
    config,
    configured,
    status,
    controller,
    /** (url, username, password, join?): `join` answers connect's question how to join a shop that has data (ConnectResult.survey). */
    connect: async (...args: ConnectArgs) => (await actions()).connect(state, ...args),
    syncNow: async () => (await actions()).syncNow(state),
    stop: async () => (await actions()).stop(state),
    dismissRefusal: (at: number) => controller.value?.dismissRefusal(at),
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSyncStore, import.meta.hot))
