/**
 * A fake sync engine for component tests, put in through the store's seam
 * (setSyncEngineLoader): connect stores the config as the real one does (or fails with the
 * kind it is told to), and the controller's status is set by the test.
 */
import { vi } from 'vitest'
import type { ShopDatabase } from '../../src/db/database'
import { setSyncEngineLoader, type SyncEngine } from '../../src/stores/syncActions'
import { SYNC_CONFIG_KEY, type JoinChoice, type JoinSurvey, type SyncConfig, type SyncController, type SyncErrorKind, type SyncStatus } from '../../src/sync/types'

export class FakeController implements SyncController {
  status: SyncStatus = { phase: 'up-to-date', waiting: 0, lastSyncedAt: null, error: null, join: null, refusals: [] }
  private readonly listeners = new Set<(status: SyncStatus) => void>()
  constructor(private readonly db: ShopDatabase) {}

  /** What the engine would announce. */
  emit(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch }
    for (const listener of this.listeners) listener(this.status)
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  syncNow = vi.fn(async () => {})
  stop = vi.fn(async (options: { forget?: boolean } = {}) => {
    if (options.forget) await this.db.meta.delete(SYNC_CONFIG_KEY)
  })
  dismissRefusal(at: number): void {
    this.emit({ refusals: this.status.refusals.filter((r) => r.at !== at) })
  }
  claimStock = vi.fn(async () => true)
  releaseStock = vi.fn(async () => {})
}

export interface FakeEngine {
  controllers: FakeController[]
  /** The failure the next connect gives, if any. */
  failNext: { kind: SyncErrorKind; message: string } | null
  /** The survey a connect without a join answer is asked with (a shop with data, and data here), if any. */
  askJoin: JoinSurvey | null
  /** Hears each connect's address, username and join answer. */
  connect: ReturnType<typeof vi.fn<(url: string, username: string, join?: JoinChoice) => void>>
  restore: () => void
}

/** Puts the fake engine behind the store; `restore()` puts the real loader back. */
export function installFakeEngine(): FakeEngine {
  const fake: FakeEngine = {
    controllers: [],
    failNext: null,
    askJoin: null,
    connect: vi.fn<(url: string, username: string, join?: JoinChoice) => void>(),
    restore: () => {},
  }
  const start = (db: ShopDatabase) => {
    const controller = new FakeController(db)
    fake.controllers.push(controller)
    return controller
  }
  const engine: SyncEngine = {
    connect: async (db, { url, username }, options = {}) => {
      if (options.join) fake.connect(url, username, options.join)
      else fake.connect(url, username)
      const failure = fake.failNext
      fake.failNext = null
      if (failure) throw Object.assign(new Error(failure.message), { name: 'SyncError', kind: failure.kind })
      if (fake.askJoin && !(options.join === 'shop' || (options.join === 'merge' && fake.askJoin.canMerge))) {
        throw Object.assign(new Error('This shop already has data, and so does this device.'), { name: 'JoinChoiceNeeded', survey: fake.askJoin })
      }
      await db.meta.put({ key: SYNC_CONFIG_KEY, value: { url, username, roles: ['shop-owner'] } satisfies SyncConfig })
      return start(db)
    },
    resume: async (db) => ((await db.meta.get(SYNC_CONFIG_KEY)) ? start(db) : undefined),
    // What the real one does: a write of the config, no server.
    dismissJoinNotice: async (db) => {
      const config = (await db.meta.get(SYNC_CONFIG_KEY))?.value as SyncConfig
      await db.meta.put({ key: SYNC_CONFIG_KEY, value: { url: config.url, username: config.username, roles: config.roles } })
    },
  }
  const previous = setSyncEngineLoader(async () => engine)
  fake.restore = () => void setSyncEngineLoader(previous)
  return fake
}

/** Stores a config as a device that synced before has it. */
export async function storeSyncConfig(db: ShopDatabase, config: Partial<SyncConfig> = {}): Promise<void> {
  await db.meta.put({ key: SYNC_CONFIG_KEY, value: { url: 'https://couch.example.com/shop', username: 'olive', roles: ['shop-owner'], ...config } })
}
