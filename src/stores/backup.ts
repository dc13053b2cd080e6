import { acceptHMRUpdate, defineStore } from 'pinia'
import { backupFileName, serializeBackup, type BackupSummary } from '../db/backup'
import { db } from '../db/database'
import { exportShop, importShop, previewRestore, restoreProblem, type RestorePreview } from '../services/backup'
import { attempt } from './errors'
import { useSessionStore } from './session'
// The sync store (not src/sync, which a store loads with import() only: the lint rule's pattern reads './sync' as that).
import { useSyncStore } from '../stores/sync'

export type { BackupSummary, RestorePreview }

/** The owner's backup: export the shop to a file, check a file, restore from it. */
export const useBackupStore = defineStore('backup', () => {
  const session = useSessionStore()
  const sync = useSyncStore()

  /** The whole shop as a file's name and text, ready to download, and why it would not restore if it would not. */
  function exportFile() {
    return attempt(async () => {
      const file = await exportShop(db, session.user?.id, { appVersion: __APP_VERSION__ })
      return { name: backupFileName(file), text: serializeBackup(file), problem: await restoreProblem(file) }
    })
  }

  /** Checks a chosen file without writing anything, and says what restoring it would do. */
  function inspect(fileText: string) {
    return attempt(() => previewRestore(db, session.user?.id, fileText))
  }

  /**
   * Replaces the shop with the file's contents, all or nothing, after the owner's password. A
   * device that syncs stops syncing first (every tab's engine ended), and leaves the shop.
   */
  function restore(fileText: string, password: string) {
    const beforeWrite = async () => {
      if (sync.configured) await sync.stop()
    }
    return attempt(() => importShop(db, session.user?.id, fileText, { password, beforeWrite }))
  }

  return { exportFile, inspect, restore }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useBackupStore, import.meta.hot))
