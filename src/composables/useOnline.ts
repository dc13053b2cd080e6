import { getCurrentScope, onScopeDispose, shallowRef, type ShallowRef } from 'vue'

/**
 * Whether the browser says it has a network, kept up to date through the `online` and
 * `offline` events. The shop works either way; this only tells the person which it is.
 */
export function useOnline(): { online: ShallowRef<boolean> } {
  const online = shallowRef(typeof navigator === 'undefined' ? true : navigator.onLine)
  if (typeof window === 'undefined') return { online }
  const update = () => {
    online.value = navigator.onLine
  }
  window.addEventListener('online', update)
  window.addEventListener('offline', update)
  if (getCurrentScope()) {
    onScopeDispose(() => {
      window.removeEventListener('online', update)
      window.removeEventListener('offline', update)
    })
  }
  return { online }
}
