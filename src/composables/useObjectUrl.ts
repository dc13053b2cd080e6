import { getCurrentScope, onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'

/**
 * An object URL for a Blob, made when the Blob is shown and revoked as soon as it is not:
 * when the Blob changes, or the component showing it goes away. Without the revoke, every
 * photo ever scrolled past would stay in memory until the tab closes.
 */
export function useObjectUrl(blob: MaybeRefOrGetter<Blob | undefined>): ShallowRef<string | undefined> {
  const url = shallowRef<string>()
  const release = () => {
    if (url.value) URL.revokeObjectURL(url.value)
    url.value = undefined
  }
  watch(
    () => toValue(blob),
    (next) => {
      release()
      if (next) url.value = URL.createObjectURL(next)
    },
    { immediate: true },
  )
  if (getCurrentScope()) onScopeDispose(release)
  return url
}
