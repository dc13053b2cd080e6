/**
 * Devices syncing with the sync suite's server: connect one, take it offline, let several
 * settle, and stop every one still running after each test. Shared by the suite's files.
 */
import { expect } from 'vitest'
import type { ShopDatabase } from '../../src/db/database'
import { connect } from '../../src/sync'
import type { JoinChoice, SyncController } from '../../src/sync/types'

/** Controllers for the database at `dbUrl()` (known only once the file's beforeAll has made it). */
export function syncControllers(dbUrl: () => string, password: string) {
  const running: SyncController[] = []
  return {
    running,
    /** Stops every device still syncing (an afterEach). */
    stopAll: () => Promise.all(running.splice(0).map((c) => c.stop())),
    /** Connects and syncs once; `join` answers how to join a shop with data when the device has data of its own. */
    async online(db: ShopDatabase, user: string, { join }: { join?: JoinChoice } = {}): Promise<SyncController> {
      const c = await connect(db, { url: dbUrl(), username: user, password }, { waitMs: 5_000, backoff: { min: 50, max: 500 }, ...(join ? { join } : {}) })
      running.push(c)
      await c.syncNow()
      return c
    },
    async offline(...controllers: SyncController[]) {
      for (const c of controllers) running.splice(running.indexOf(c), 1)
      await Promise.all(controllers.map((c) => c.stop()))
    },
    /** The devices push and pull until none has anything left. */
    async settle(...controllers: SyncController[]) {
      for (let i = 0; i < 2; i++) for (const c of controllers) await c.syncNow()
      for (const c of controllers) expect([c.status.phase, c.status.waiting, c.status.error]).toEqual(['up-to-date', 0, null])
    },
  }
}
