import { acceptHMRUpdate, defineStore } from 'pinia'
import { onScopeDispose, shallowRef } from 'vue'
import { db } from '../db/database'
import { useDatabaseGuard } from '../composables/useDatabaseGuard'
import { useInstallPrompt } from '../composables/useInstallPrompt'
import { useOnline } from '../composables/useOnline'
import { useServiceWorker } from '../composables/useServiceWorker'
import { isQuotaExceeded, QUOTA_MESSAGE } from './errors'

/**
 * The app as a program on this device: its version, the network, the service worker's
 * updates, the install offer and whether another tab moved the database to a newer version.
 */
export const useAppStore = defineStore('app', () => {
  const version = __APP_VERSION__
  const { online } = useOnline()
  const { needRefresh, offlineReady, offlinePending, reload: installUpdate, dismissOfflineReady } = useServiceWorker()
  const { outdated, blocked } = useDatabaseGuard(db)
  const { canInstall, install } = useInstallPrompt()

  /** A message for the person that outlives a change of page (e.g. after a restore logs them out). */
  const notice = shallowRef('')
  function announce(message: string) {
    notice.value = message
  }

  // A write that failed for lack of space outside any store action still gets said plainly.
  const onUnhandledRejection = (event: PromiseRejectionEvent) => {
    if (isQuotaExceeded(event.reason)) announce(QUOTA_MESSAGE)
  }
  if (typeof window !== 'undefined') {
    window.addEventListener('unhandledrejection', onUnhandledRejection)
    onScopeDispose(() => window.removeEventListener('unhandledrejection', onUnhandledRejection))
  }

  /** A plain reload, for a tab whose database connection was closed for a newer version. */
  function reloadPage() {
    window.location.reload()
  }

  return {
    version,
    online,
    needRefresh,
    offlineReady,
    offlinePending,
    installUpdate,
    dismissOfflineReady,
    outdated,
    blocked,
    reloadPage,
    canInstall,
    install,
    notice,
    announce,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAppStore, import.meta.hot))
