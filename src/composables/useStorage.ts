import { shallowRef, type ShallowRef } from 'vue'
import { requestPersistentStorage } from '../browser/storage'

export interface UseStorageReturn {
  /** Whether this browser reports storage use at all. */
  supported: boolean
  /** Bytes this site uses, and may use, as the browser estimates them. */
  usage: ShallowRef<number | undefined>
  quota: ShallowRef<number | undefined>
  /** Whether the browser promised not to clear the shop's data when space runs low. */
  persisted: ShallowRef<boolean | undefined>
  refresh: () => Promise<void>
  requestPersistence: () => Promise<boolean>
}

/** The device's storage as the owner's settings page shows it. */
export function useStorage(): UseStorageReturn {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage
  const supported = typeof storage?.estimate === 'function'
  const usage = shallowRef<number>()
  const quota = shallowRef<number>()
  const persisted = shallowRef<boolean>()

  async function refresh() {
    if (!storage || !supported) return
    const [estimate, isPersisted] = await Promise.all([storage.estimate(), storage.persisted?.() ?? Promise.resolve(false)])
    usage.value = estimate.usage
    quota.value = estimate.quota
    persisted.value = isPersisted
  }

  async function requestPersistence() {
    persisted.value = await requestPersistentStorage()
    return persisted.value
  }

  return { supported, usage, quota, persisted, refresh, requestPersistence }
}
