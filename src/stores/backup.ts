import { acceptHMRUpdate, defineStore } from 'pinia'
import { backupFileName, serializeBackup, summarizeBackup, type BackupSummary } from '../db/backup'
import { db } from '../db/database'
import { exportShop, importShop, inspectBackup } from '../services/backup'
import { attempt } from './errors'
import { useSessionStore } from './session'

export type { BackupSummary }

/** The owner's backup: export the shop to a file, check a file, restore from it. */
export const useBackupStore = defineStore('backup', () => {
  const session = useSessionStore()

  /** The whole shop as a file's name and text, ready to download. */
  function exportFile() {
    return attempt(async () => {
      const file = await exportShop(db, session.user?.id, { appVersion: __APP_VERSION__ })
      return { name: backupFileName(file), text: serializeBackup(file) }
    })
  }

  /** Checks a chosen file without writing anything, for the "this is what will be restored" step. */
  function inspect(fileText: string) {
    return attempt(async () => summarizeBackup(await inspectBackup(db, fileText)))
  }

  /** Replaces the shop with the file's contents, all or nothing. */
  function restore(fileText: string) {
    return attempt(() => importShop(db, session.user?.id, fileText))
  }

  return { exportFile, inspect, restore }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useBackupStore, import.meta.hot))
