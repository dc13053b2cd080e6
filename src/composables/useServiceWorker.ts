import { getCurrentScope, onScopeDispose, shallowRef, type Ref } from 'vue'

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

/** Resolves once the page has loaded, so registering never competes with the first page. */
function afterPageLoad(): Promise<void> {
  if (document.readyState === 'complete') return Promise.resolve()
  return new Promise((resolve) => window.addEventListener('load', () => resolve(), { once: true }))
}

/**
 * Registers the service worker (registerType 'prompt') and checks for a new version every
 * `interval` ms and whenever the tab comes back into view, so a tab left open for days still
 * learns about an update. A check that fails (server down, no network) is simply skipped.
 *
 * The registration code (vite-plugin-pwa's registerSW and workbox-window) is loaded after the
 * page's `load` event, as the service-worker guides advise: the first page's JavaScript and
 * its main thread belong to the shop, and the worker's precaching starts once it is shown.
 */
export function useServiceWorker({ interval = UPDATE_CHECK_INTERVAL_MS }: { interval?: number } = {}): UseServiceWorkerReturn {
  const needRefresh = shallowRef(false)
  const offlineReady = shallowRef(false)
  let updateServiceWorker: ((reloadPage?: boolean) => Promise<void>) | undefined
  let registration: ServiceWorkerRegistration | undefined
  let timer: ReturnType<typeof setInterval> | undefined
  let disposed = false

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

  async function register() {
    await afterPageLoad()
    const { registerSW } = await import('virtual:pwa-register')
    if (disposed) return
    navigator.serviceWorker.addEventListener('controllerchange', onControllerChange)
    updateServiceWorker = registerSW({
      immediate: true,
      onNeedRefresh() {
        reloadOnTakeover = true
        needRefresh.value = true
      },
      onOfflineReady() {
        offlineReady.value = true
      },
      onRegisteredSW(_url, found) {
        if (!found || disposed) return
        registration = found
        timer = setInterval(() => void checkForUpdate(), interval)
        document.addEventListener('visibilitychange', onVisibilityChange)
      },
      onRegisterError(error: unknown) {
        console.error('The service worker could not be registered; the shop will not work offline.', error)
      },
    })
  }

  if (typeof navigator !== 'undefined' && 'serviceWorker' in navigator) {
    register().catch((error: unknown) => console.error('The service worker could not be registered.', error))
  }

  if (getCurrentScope()) {
    onScopeDispose(() => {
      disposed = true
      if (timer !== undefined) clearInterval(timer)
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibilityChange)
      if (typeof navigator !== 'undefined') navigator.serviceWorker?.removeEventListener('controllerchange', onControllerChange)
    })
  }

  return {
    needRefresh,
    offlineReady,
    reload: async () => {
      await updateServiceWorker?.(true)
    },
    dismissOfflineReady: () => {
      offlineReady.value = false
    },
  }
}
