import { getCurrentScope, onScopeDispose, shallowRef, type Ref } from 'vue'

/** How often an open tab asks the server whether a new version was deployed. */
export const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000

export interface UseServiceWorkerReturn {
  /** A new version is installed and waits for the person to reload. */
  needRefresh: Ref<boolean>
  /** The app was cached for the first time: it now works without a network. */
  offlineReady: Ref<boolean>
  /**
   * A first visit (no worker controls the page yet) whose worker is still to be installed:
   * the "ready" notice will come, so its place is held from the first paint (no layout shift).
   */
  offlinePending: Ref<boolean>
  /** Switches to the waiting version and reloads the page. */
  reload: () => Promise<void>
  dismissOfflineReady: () => void
}

/** Resolves once the page has loaded, so registering never competes with the first page. */
function afterPageLoad(): Promise<void> {
  if (document.readyState === 'complete') return Promise.resolve()
  return new Promise((resolve) => window.addEventListener('load', () => resolve(), { once: true }))
}

/** The worker vite-plugin-pwa builds (generateSW, registerType 'prompt'), at the app's root. */
const SW_URL = `${import.meta.env.BASE_URL}sw.js`

/**
 * Registers the service worker (registerType 'prompt') and checks for a new version every
 * `interval` ms and whenever the tab comes back into view, so a tab left open for days still
 * learns about an update. A check that fails (server down, no network) is simply skipped.
 *
 * The platform's own API (navigator.serviceWorker) does it, as the service-worker guides
 * show: vite-plugin-pwa's registerSW and workbox-window wrap the same few events in about
 * 1.9 kB (gzip) that every first visit fetched before the page was idle. What they added and
 * this keeps: an update that waits is reported (needRefresh) and takes over only when the
 * person presses Reload (the worker skips waiting on a SKIP_WAITING message, as generateSW
 * writes it), and the first install is reported once (offlineReady). Registering waits for
 * the page's `load` event: the first page's main thread belongs to the shop.
 */
export function useServiceWorker({ interval = UPDATE_CHECK_INTERVAL_MS }: { interval?: number } = {}): UseServiceWorkerReturn {
  const needRefresh = shallowRef(false)
  const offlineReady = shallowRef(false)
  const offlinePending = shallowRef(typeof navigator !== 'undefined' && 'serviceWorker' in navigator && !navigator.serviceWorker.controller)
  let dismissed = false
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

  // Once a new version waits, the moment it takes over (this tab's Reload or another's) this
  // tab reloads into it, also a tab open since the very first visit (never controlled before).
  let reloadOnTakeover = false
  function onControllerChange() {
    if (reloadOnTakeover) window.location.reload()
  }

  function updateWaits() {
    reloadOnTakeover = true
    needRefresh.value = true
  }

  /** Follows a worker being installed: an update (a controller exists) waits; the first install means offline-ready. */
  function follow(worker: ServiceWorker | null, isUpdate: boolean) {
    if (!worker) return
    const settle = () => {
      if (disposed) return
      if (worker.state === 'installed' && isUpdate) updateWaits()
      else if ((worker.state === 'installed' || worker.state === 'activated') && !isUpdate) {
        offlineReady.value = !dismissed
        offlinePending.value = false
      } else if (worker.state === 'redundant' && !isUpdate) offlinePending.value = false
    }
    worker.addEventListener('statechange', settle)
    settle()
  }

  async function register() {
    await afterPageLoad()
    if (disposed) return
    const container = navigator.serviceWorker
    container.addEventListener('controllerchange', onControllerChange)
    let found: ServiceWorkerRegistration
    try {
      found = await container.register(SW_URL, { scope: import.meta.env.BASE_URL })
    } catch (error: unknown) {
      offlinePending.value = false
      console.error('The service worker could not be registered; the shop will not work offline.', error)
      return
    }
    if (disposed) return
    registration = found
    // A worker installed by another tab may already wait for its turn.
    if (found.waiting && container.controller) updateWaits()
    if (container.controller) {
      offlinePending.value = false
      follow(found.installing, true)
    } else {
      // A first visit: the worker may be past 'installing' by now (a quick precache): it still is the first install.
      const first = found.installing ?? found.waiting ?? found.active
      if (!first) offlinePending.value = false
      follow(first, false)
    }
    found.addEventListener('updatefound', () => follow(found.installing, container.controller !== null))
    timer = setInterval(() => void checkForUpdate(), interval)
    document.addEventListener('visibilitychange', onVisibilityChange)
  }

  if (typeof navigator !== 'undefined' && 'serviceWorker' in navigator) {
    register().catch((error: unknown) => {
      offlinePending.value = false
      console.error('The service worker could not be registered.', error)
    })
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
    offlinePending,
    reload: async () => {
      // The waiting worker takes over (clientsClaim), and controllerchange reloads this tab.
      const waiting = registration?.waiting
      if (waiting) waiting.postMessage({ type: 'SKIP_WAITING' })
      else window.location.reload()
    },
    dismissOfflineReady: () => {
      // Dismissed while pending: the person has read that it is coming; it comes silently.
      dismissed = true
      offlineReady.value = false
      offlinePending.value = false
    },
  }
}
