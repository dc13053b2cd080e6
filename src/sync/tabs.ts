/**
 * One sync engine per device, not one per tab. Every open tab of the shop shares one IndexedDB
 * and one cookie session, so two engines would push the same change log twice (conflicts,
 * merges), hold two longpolls, and each show its own status. The platform settles who runs it:
 *
 * - a Web Lock (`navigator.locks`, named after the database) is held by exactly one tab, the
 *   leader, which runs the SyncEngine; the others wait in the lock's queue, and the browser
 *   hands the lock to the next one when the leader's tab closes (or stops syncing), which then
 *   starts its own engine from the stored config: sync continues where the checkpoints are;
 * - a BroadcastChannel carries the leader's status to every tab (each status change, and the
 *   current one to a tab that says hello), and the followers' "Sync now" and "Dismiss" to the
 *   leader. "Stop syncing" in any tab forgets the config, which every tab's store follows.
 *
 * A follower's checkout claims its stock with its own CouchClient on the browser's session
 * (the same cookie): a claim only reads and writes the products' stock documents (no change
 * log, no checkpoint), which two devices already do at once, so two tabs may as well; and it
 * is on the checkout's path, where a hop through another tab (busy applying a pull, or closing)
 * would add a wait and a failure to handle without adding anything.
 *
 * Where Web Locks or BroadcastChannel are missing (node, fake-indexeddb tests, old browsers)
 * index.ts runs the engine in every tab, as before (see `tabsOf`).
 */
import type { ShopDatabase } from '../db/database'
import type { CouchClient } from './couch'
import { SyncError } from './errors'
import { claimStock, releaseStock, type StockClaimLine } from './hooks'
import { countKeptReleases } from './releases'
import { SYNC_CONFIG_KEY, type SyncController, type SyncErrorInfo, type SyncStatus } from './types'

/** What is used of navigator.locks (a fake in tests). */
export interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>
}

/** What is used of a BroadcastChannel (a fake in tests). */
export interface ChannelLike {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void
  close(): void
}

export interface TabsOptions {
  locks: LockManagerLike
  channel: (name: string) => ChannelLike
}

/** The platform's, or undefined where either is missing (then every tab runs its own engine). */
export function platformTabs(): TabsOptions | undefined {
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManagerLike }).locks : undefined
  if (!locks || typeof BroadcastChannel === 'undefined') return undefined
  return { locks, channel: (name) => new BroadcastChannel(name) }
}

type Message =
  | { type: 'hello' }
  | { type: 'status'; status: SyncStatus }
  | { type: 'sync-now'; id: string }
  | { type: 'done'; id: string; error?: SyncErrorInfo | { message: string } }
  | { type: 'dismiss'; at: number }
  | { type: 'restart' }
  | { type: 'forget'; id: string }
  /** A tab has just started the engine: requests sent while there was none are sent again. */
  | { type: 'leader' }

/** What a tab needs to lead: an engine from the stored config (undefined when sync is no longer configured). */
export type EngineFactory = (first: boolean) => Promise<SyncController | undefined>

const STARTING: SyncStatus = { phase: 'syncing', waiting: 0, lastSyncedAt: null, error: null, join: null, refusals: [] }

/** The lock's and the channel's name: one per database, so one per shop on this device. */
export const lockName = (db: ShopDatabase) => `shop-sync:${db.name}`

/** A rejection of a "Sync now" carried across tabs: the SyncError's kind and sentence, or a plain message. */
function plain(err: unknown): SyncErrorInfo | { message: string } {
  if (err instanceof SyncError) return err.info()
  return { message: err instanceof Error ? err.message : String(err) }
}

function revive(info: SyncErrorInfo | { message: string }): Error {
  return 'kind' in info ? new SyncError(info.kind, info.message) : new Error(info.message)
}

/**
 * This tab's face of the device's one engine: the engine itself while this tab leads, the
 * leader's status and messages to it otherwise. Whether a tab leads is not in the contract
 * (SyncController): no page needs it; `leading` is for tests.
 */
export class TabSync implements SyncController {
  private current: SyncStatus = STARTING
  private readonly listeners = new Set<(status: SyncStatus) => void>()
  private readonly channel: ChannelLike
  private readonly queue = new AbortController()
  private engine: SyncController | undefined
  private unlisten: (() => void) | undefined
  private release: (() => void) | undefined
  private stopped = false
  private first = true
  /** Leader's work one at a time: starting, restarting, stopping the engine. */
  private chain: Promise<unknown> = Promise.resolve()
  private readonly pending = new Map<string, { resolve: () => void; reject: (err: unknown) => void }>()
  /** Requests to the leader other than "Sync now" (a forget), answered true by its 'done', false if this tab came to lead first. */
  private readonly asked = new Map<string, (answered: boolean) => void>()

  constructor(
    private readonly db: ShopDatabase,
    /** This tab's client: the one connect signed in with, or one on the browser's session. */
    private readonly client: CouchClient,
    private readonly start: EngineFactory,
    tabs: TabsOptions,
  ) {
    this.channel = tabs.channel(lockName(db))
    this.channel.addEventListener('message', (event) => this.hear(event.data as Message))
    this.post({ type: 'hello' })
    tabs.locks
      .request(lockName(db), { signal: this.queue.signal }, () => {
        if (this.stopped) return Promise.resolve()
        // Held until this tab stops syncing; the browser lets it go when the tab closes.
        const held = new Promise<void>((resolve) => (this.release = resolve))
        this.lead()
        return held
      })
      .catch(() => undefined)
  }

  /** Whether this tab runs the device's engine. */
  get leading(): boolean {
    return this.engine !== undefined
  }

  get status(): SyncStatus {
    return this.current
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  syncNow(): Promise<void> {
    if (this.stopped) return Promise.resolve()
    if (this.engine) return this.engine.syncNow()
    const id = crypto.randomUUID()
    const done = new Promise<void>((resolve, reject) => this.pending.set(id, { resolve, reject }))
    this.post({ type: 'sync-now', id })
    return done
  }

  async stop(options: { forget?: boolean } = {}): Promise<void> {
    if (this.stopped) return
    // Forgetting stops the engine before this resolves (a restore waits on it to write): the
    // leader is asked to, and does it itself; without an answer, this tab does its part.
    if (options.forget && !this.engine && (await this.askLeader({ type: 'forget', id: crypto.randomUUID() }))) options = {}
    await this.halt(options)
  }

  /** Stops this tab's part, the engine too if it runs here; then tells whoever waited on it. */
  private async halt(options: { forget?: boolean }, then?: () => void): Promise<void> {
    if (this.stopped) return then?.()
    this.stopped = true
    this.queue.abort()
    await this.leader(async () => {
      const engine = this.engine
      this.drop()
      if (engine) await engine.stop(options)
      else if (options.forget) {
        await this.client.signOut()
        await this.db.meta.delete(SYNC_CONFIG_KEY)
      }
    })
    this.release?.()
    then?.()
    for (const p of this.pending.values()) p.resolve()
    this.pending.clear()
    this.channel.close()
    this.set({ ...this.current, phase: 'stopped', join: null })
  }

  /** Sends a request the leader answers with 'done'; false when none answered in time. */
  private askLeader(message: { type: 'forget'; id: string }, ms = 5_000): Promise<boolean> {
    return new Promise((resolve) => {
      const settle = (answered: boolean) => {
        clearTimeout(timer)
        this.asked.delete(message.id)
        resolve(answered)
      }
      const timer = setTimeout(() => settle(false), ms)
      this.asked.set(message.id, settle)
      this.post(message)
    })
  }

  dismissRefusal(at: number): void {
    if (this.engine) return this.engine.dismissRefusal(at)
    this.set({ ...this.current, refusals: this.current.refusals.filter((r) => r.at !== at) })
    this.post({ type: 'dismiss', at })
  }

  async claimStock(lines: readonly StockClaimLine[]): Promise<boolean> {
    if (this.engine) return this.engine.claimStock(lines)
    if (this.stopped || this.current.phase === 'offline' || this.current.phase === 'sign-in') return false
    try {
      return await claimStock(this.client, this.db, lines)
    } catch (err) {
      if (err instanceof SyncError) return false
      throw err
    }
  }

  async releaseStock(lines: readonly StockClaimLine[]): Promise<void> {
    if (this.engine) return this.engine.releaseStock(lines)
    await releaseStock(this.client, this.db, lines).catch(() => undefined)
    // Kept for later: the engine's tab runs a round now, which counts them as waiting and tries again.
    if ((await countKeptReleases(this.db).catch(() => 0)) > 0) void this.syncNow().catch(() => undefined)
  }

  /** Connect in some tab stored a new config: the leader starts over with it. */
  announceRestart(): void {
    this.post({ type: 'restart' })
  }

  private leader(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(work)
    this.chain = next.catch((err: unknown) => console.error(err))
    return next
  }

  /** This tab got the lock: it starts the engine (unless sync was switched off meanwhile). */
  private lead(): void {
    void this.leader(async () => {
      if (this.stopped) return
      let engine: SyncController | undefined
      try {
        engine = await this.start(this.first)
      } finally {
        this.first = false
        // Could not start (the database refused a read): let another tab try.
        if (!engine) this.release?.()
      }
      if (this.stopped || !engine) {
        await engine?.stop()
        this.release?.()
        return
      }
      this.engine = engine
      this.unlisten = engine.onStatus((s) => this.broadcast(s))
      this.broadcast(engine.status)
      this.post({ type: 'leader' })
      for (const settle of this.asked.values()) settle(false)
      // "Sync now" asked of the tab that led before (it closed before answering): this one answers.
      for (const [id, p] of this.pending) {
        this.pending.delete(id)
        engine.syncNow().then(p.resolve, p.reject)
      }
    })
  }

  private drop(): void {
    this.unlisten?.()
    this.unlisten = undefined
    this.engine = undefined
  }

  private broadcast(status: SyncStatus): void {
    this.set(status)
    this.post({ type: 'status', status })
  }

  private hear(message: Message): void {
    if (this.stopped) return
    const engine = this.engine
    switch (message.type) {
      case 'hello':
        if (engine) this.post({ type: 'status', status: engine.status })
        break
      case 'status':
        if (!engine) this.set(message.status)
        break
      case 'leader':
        // A "Sync now" sent while the engine was changing tabs may have reached no one: again (a second round is harmless).
        if (!engine) for (const id of this.pending.keys()) this.post({ type: 'sync-now', id })
        break
      case 'sync-now':
        engine?.syncNow().then(
          () => this.post({ type: 'done', id: message.id }),
          (err: unknown) => this.post({ type: 'done', id: message.id, error: plain(err) }),
        )
        break
      case 'done': {
        this.asked.get(message.id)?.(true)
        const p = this.pending.get(message.id)
        this.pending.delete(message.id)
        if (message.error) p?.reject(revive(message.error))
        else p?.resolve()
        break
      }
      case 'dismiss':
        engine?.dismissRefusal(message.at)
        break
      case 'forget':
        if (engine) void this.halt({ forget: true }, () => this.post({ type: 'done', id: message.id }))
        break
      case 'restart':
        if (engine) {
          void this.leader(async () => {
            this.drop()
            await engine.stop()
          }).then(() => this.lead())
        }
        break
    }
  }

  private post(message: Message): void {
    try {
      this.channel.postMessage(message)
    } catch {
      // A closed channel (the tab is stopping): nobody to tell.
    }
  }

  private set(status: SyncStatus): void {
    this.current = status
    for (const listener of this.listeners) listener(status)
  }
}
