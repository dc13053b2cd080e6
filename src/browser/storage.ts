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
