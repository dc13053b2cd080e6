import { getCurrentScope, onScopeDispose, type Ref } from 'vue'
import { useRegisterSW } from 'virtual:pwa-register/vue'

/** How often an open tab asks the server whether a new version was deployed. */
export const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000

export interface UseServiceWorkerReturn {
  /** A new version is installed and waits for the person to reload. */
  needRefresh: Ref<boolean>
  /** The app was cached for the first time: it now works without a network. */
  offlineReady: Ref<boolean>
  /** Switches to the waiting version and reloads the page. */
  reload: () => Promise<void>
  dismissOfflineReady: () => void
}

/**
 * Registers the service worker (registerType 'prompt') and checks for a new version every
 * `interval` ms and whenever the tab comes back into view, so a tab left open for days still
 * learns about an update. A check that fails (server down, no network) is simply skipped.
 */
export function useServiceWorker({ interval = UPDATE_CHECK_INTERVAL_MS }: { interval?: number } = {}): UseServiceWorkerReturn {
  let registration: ServiceWorkerRegistration | undefined
  let timer: ReturnType<typeof setInterval> | undefined

  async function checkForUpdate() {
    if (!registration || registration.installing || !navigator.onLine) return
    try {
      await registration.update()
    } catch {
      // Offline or the server is down: the next check will try again.
    }
  }

  function onVisibilityChange() {
    if (document.visibilityState === 'visible') void checkForUpdate()
  }

  // vite-plugin-pwa reloads only tabs that already had a controller when they registered; a
  // tab open since the very first visit would keep the old code. Once a new version waits,
  // the moment it takes over (this tab's Reload or another's) this tab reloads into it.
  let reloadOnTakeover = false
  function onControllerChange() {
    if (reloadOnTakeover) window.location.reload()
  }
  if (typeof navigator !== 'undefined' && navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener('controllerchange', onControllerChange)
  }

  const { needRefresh, offlineReady, updateServiceWorker } = useRegisterSW({
    onNeedRefresh() {
      reloadOnTakeover = true
    },
    onRegisteredSW(_url, found) {
      if (!found) return
      registration = found
      timer = setInterval(() => void checkForUpdate(), interval)
      document.addEventListener('visibilitychange', onVisibilityChange)
    },
    onRegisterError(error: unknown) {
      console.error('The service worker could not be registered; the shop will not work offline.', error)
    },
  })

  if (getCurrentScope()) {
    onScopeDispose(() => {
      if (timer !== undefined) clearInterval(timer)
      document.removeEventListener('visibilitychange', onVisibilityChange)
      navigator.serviceWorker?.removeEventListener('controllerchange', onControllerChange)
    })
  }

  return {
    needRefresh,
    offlineReady,
    reload: () => updateServiceWorker(true),
    dismissOfflineReady: () => {
      offlineReady.value = false
    },
  }
}
