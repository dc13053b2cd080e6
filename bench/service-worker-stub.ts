/** The bench page is not the installable app: it registers no service worker. */
import { shallowRef } from 'vue'
import type { UseServiceWorkerReturn } from '../src/composables/useServiceWorker'

export function useServiceWorker(): UseServiceWorkerReturn {
  return { needRefresh: shallowRef(false), offlineReady: shallowRef(false), offlinePending: shallowRef(false), reload: async () => undefined, dismissOfflineReady: () => undefined }
}

export const UPDATE_CHECK_INTERVAL_MS = 0
