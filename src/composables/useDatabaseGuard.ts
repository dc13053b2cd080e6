import type Dexie from 'dexie'
import { getCurrentScope, onScopeDispose, shallowRef, type ShallowRef } from 'vue'

export interface UseDatabaseGuardReturn {
  /** Another tab opened a newer version of the database: this tab closed its connection and must reload. */
  outdated: ShallowRef<boolean>
  /** This tab's upgrade waits for an older tab that does not let go of the database. */
  blocked: ShallowRef<boolean>
}

/**
 * Keeps tabs of different versions from blocking each other. When a newer version of the app
 * opens the database in another tab (`versionchange`), this tab closes its connection at once
 * — so the upgrade is never blocked — and asks the person to reload instead of carrying on
 * with code that no longer matches the data. When this tab's own upgrade is the one blocked
 * (an old tab that does not close), it says so until the upgrade goes through.
 */
export function useDatabaseGuard(db: Dexie): UseDatabaseGuardReturn {
  const outdated = shallowRef(false)
  const blocked = shallowRef(false)

  // Returning false stops Dexie's default handler, which would close the database but
  // reopen it on the next query — with this tab's old schema against the newer data.
  const onVersionChange = () => {
    db.close()
    outdated.value = true
    return false
  }
  const onBlocked = () => {
    blocked.value = true
    db.open().then(
      () => {
        blocked.value = false
      },
      () => {
        // The open failed for another reason; the pages show their own errors.
      },
    )
  }
  db.on('versionchange', onVersionChange)
  db.on('blocked', onBlocked)

  if (getCurrentScope()) {
    onScopeDispose(() => {
      db.on('versionchange').unsubscribe(onVersionChange)
      db.on('blocked').unsubscribe(onBlocked)
    })
  }
  return { outdated, blocked }
}
