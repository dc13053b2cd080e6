import { shallowRef, type ShallowRef } from 'vue'

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

/**
 * Asks the browser to keep the shop's data even when the device runs low on space (the
 * default is "best effort", which a browser may evict). Chromium decides silently; other
 * browsers may ask the person. Resolves to whether storage is now persistent.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage
  if (!storage?.persist || !storage.persisted) return false
  if (await storage.persisted()) return true
  return storage.persist()
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
