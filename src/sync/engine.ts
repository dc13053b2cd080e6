/**
 * The sync loop of one device: push what waits, pull what is new, then wait on the server's
 * changes feed (longpoll) until the server or a local write wakes it. A device's first pull
 * is its join, with progress. Network failures retry with backoff (at once on the browser's
 * 'online'); a 401 waits for the person to sign in again. The status says all of it.
 */
import { liveQuery, type Subscription } from 'dexie'
import type { ShopDatabase } from '../db/database'
import type { CouchClient } from './couch'
import { SyncError, isAbort, isTransient } from './errors'
import { claimStock, releaseStock, type StockClaimLine } from './hooks'
import { lastJournalSeq, readPushSeq, readSeq, readTail, revisionsOf } from './local'
import { CATCH_UP_BATCH, CATCH_UP_PAGE_CHARS, PULL_BATCH, pullOnce, type PageAhead } from './pull'
import { pushOnce } from './push'
import { countKeptReleases, releaseKept } from './releases'
import { SYNC_CONFIG_KEY, SYNC_PULL_SEQ_KEY, type SyncController, type SyncStatus } from './types'

export interface EngineOptions {
  /** The longpoll's keep-alive (ms) and its own limit before it asks again. */
  heartbeat?: number
  waitMs?: number
  /** Backoff after a failure: from `min` ms, doubling, up to `max`. */
  backoff?: { min: number; max: number }
  now?: () => number
  /** Where the 'online' event comes from (the window in a browser). */
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>
  /** The pages of a catch-up (CATCH_UP_BATCH by default; small in tests, to see many pages). */
  catchUpBatch?: number
  /** What a catch-up page may weigh, in characters (CATCH_UP_PAGE_CHARS by default). */
  catchUpPageChars?: number
}

/** How many records have local changes not yet on the server, and claims still to give back to it (./releases.ts). */
export async function countWaiting(db: ShopDatabase): Promise<number> {
  return db.transaction('r', ['changes', 'revisions', 'syncRevs', 'meta'], async () => {
    const owed = await countKeptReleases(db)
    const pushSeq = await readPushSeq(db)
    if (pushSeq >= (await lastJournalSeq(db))) return owed
    const entries = [...(await readTail(db, pushSeq)).latest.values()]
    const revs = await revisionsOf(db, entries, (i) => !entries[i]!.deleted)
    return owed + revs.filter((r) => r.rev > (r.sync?.localRev ?? 0) && !(r.deleted && !r.sync?.couchRev)).length
  })
}

export class SyncEngine implements SyncController {
  private current: SyncStatus = { phase: 'syncing', waiting: 0, lastSyncedAt: null, error: null, join: null, refusals: [] }
  private readonly listeners = new Set<(status: SyncStatus) => void>()
  private stopped = false
  /** Aborts what the loop is waiting on (the longpoll, a backoff), to run a round now. */
  private wake = new AbortController()
  /** Aborts every request on stop (a push too: what the server took, the next push settles). */
  private readonly halt = new AbortController()
  private dirty = false
  private roundWaiters: { resolve: () => void; reject: (err: unknown) => void }[] = []
  private readonly done: Promise<void>
  private readonly watch: Subscription
  private readonly now: () => number
  private readonly onOnline = () => this.poke()

  constructor(
    private readonly db: ShopDatabase,
    readonly client: CouchClient,
    private readonly options: EngineOptions = {},
  ) {
    this.now = options.now ?? Date.now
    // A local write (the journal grows past the push checkpoint) wakes a push at once.
    this.watch = liveQuery(() => lastJournalSeq(db)).subscribe({ next: () => void this.localChange(), error: () => undefined })
    const events = options.events ?? (typeof window !== 'undefined' ? window : undefined)
    events?.addEventListener('online', this.onOnline)
    this.done = this.run()
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
    const round = new Promise<void>((resolve, reject) => this.roundWaiters.push({ resolve, reject }))
    this.poke()
    return round
  }

  async stop(options: { forget?: boolean } = {}): Promise<void> {
    this.stopped = true
    this.wake.abort()
    this.halt.abort()
    this.watch.unsubscribe()
    const events = this.options.events ?? (typeof window !== 'undefined' ? window : undefined)
    events?.removeEventListener('online', this.onOnline)
    await this.done
    this.settleRound()
    if (options.forget) {
      await this.client.signOut()
      await this.db.meta.delete(SYNC_CONFIG_KEY)
    }
    this.set({ phase: 'stopped', join: null })
  }

  dismissRefusal(at: number): void {
    this.set({ refusals: this.current.refusals.filter((r) => r.at !== at) })
  }

  async claimStock(lines: readonly StockClaimLine[]): Promise<boolean> {
    if (this.stopped || this.current.phase === 'offline' || this.current.phase === 'sign-in') return false
    try {
      return await claimStock(this.client, this.db, lines)
    } catch (err) {
      if (err instanceof SyncError) return false
      throw err
    }
  }

  async releaseStock(lines: readonly StockClaimLine[]): Promise<void> {
    await releaseStock(this.client, this.db, lines).catch(() => undefined)
    // Kept for later (the server could not take them): a round now counts them as waiting and tries again.
    if ((await countKeptReleases(this.db).catch(() => 0)) > 0) this.poke()
  }

  private set(patch: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...patch }
    for (const listener of this.listeners) listener(this.current)
  }

  /** Runs a round now: ends the longpoll or backoff the loop is waiting in. */
  private poke(): void {
    this.dirty = true
    this.wake.abort()
  }

  private counting = false
  private countAgain = false

  private async localChange(): Promise<void> {
    if (this.stopped) return
    // One count at a time: writes in quick succession (an import) are counted once more at the end, not each.
    if (this.counting) {
      this.countAgain = true
      return
    }
    this.counting = true
    let waiting: number
    try {
      waiting = await countWaiting(this.db).catch(() => this.current.waiting)
    } finally {
      this.counting = false
    }
    if (this.countAgain) {
      this.countAgain = false
      void this.localChange()
    }
    if (waiting !== this.current.waiting) this.set({ waiting, ...(this.idle() ? { phase: waiting > 0 ? 'waiting' : 'up-to-date' } : {}) })
    // Idle: wake the loop now; mid-round: the loop goes round again instead of waiting on the server.
    if (waiting > 0) {
      if (this.idle()) this.poke()
      else this.dirty = true
    }
  }

  private idle(): boolean {
    return this.current.phase === 'up-to-date' || this.current.phase === 'waiting'
  }

  /** Resolves (or rejects) these syncNow callers, by default every one waiting. */
  private settleRound(err?: unknown, waiters = this.takeWaiters()): void {
    for (const w of waiters) {
      if (err) w.reject(err)
      else w.resolve()
    }
  }

  private takeWaiters() {
    const waiters = this.roundWaiters
    this.roundWaiters = []
    return waiters
  }

  private async run(): Promise<void> {
    let delay = this.options.backoff?.min ?? 1_000
    while (!this.stopped) {
      this.dirty = false
      if (this.wake.signal.aborted) this.wake = new AbortController()
      // syncNow promises a round that starts after it is called: the callers so far are this round's.
      let mine = this.takeWaiters()
      try {
        await this.round()
        delay = this.options.backoff?.min ?? 1_000
        this.settleRound(undefined, mine)
        mine = []
        if (this.dirty || this.stopped) continue
        await this.waitForServer()
      } catch (err) {
        if (this.stopped) {
          this.roundWaiters.unshift(...mine)
          break
        }
        if (isAbort(err) && this.wake.signal.aborted) {
          this.roundWaiters.unshift(...mine)
          continue
        }
        const error = err instanceof SyncError ? err : new SyncError('server', `Sync failed: ${err instanceof Error ? err.message : String(err)}`)
        const kind = error.kind
        this.set({
          phase: kind === 'session-expired' || kind === 'wrong-password' ? 'sign-in' : kind === 'unreachable' ? 'offline' : 'error',
          error: error.info(),
          waiting: await countWaiting(this.db).catch(() => this.current.waiting),
        })
        this.settleRound(error, [...mine, ...this.takeWaiters()])
        // A person must act (sign in, fix the server): wait for them; otherwise retry with backoff.
        await this.sleep(isTransient(error) ? delay : Infinity)
        delay = Math.min(delay * 2, this.options.backoff?.max ?? 30_000)
      }
    }
    this.settleRound()
  }

  /** Push everything waiting, then pull until caught up (first, with progress, on a device that never pulled: its join). */
  private async round(): Promise<void> {
    const joining = (await readSeq(this.db, SYNC_PULL_SEQ_KEY)) === undefined
    this.set({ phase: 'syncing' })
    // A joining device pulls first: what it already holds (a seeded demo catalog) merges with
    // the shop's instead of being pushed over it document by document.
    if (joining) await this.catchUp(true)
    for (;;) {
      const pushed = await pushOnce(this.db, this.client, { now: this.now, signal: this.halt.signal })
      if (pushed.refusals.length > 0) this.set({ refusals: [...pushed.refusals.reverse(), ...this.current.refusals] })
      if (!pushed.more) break
    }
    // Claims a failed checkout could not give back then (./releases.ts): a server that still cannot take them is asked again next round.
    await releaseKept(this.client, this.db, this.halt.signal).catch(() => undefined)
    await this.catchUp(false)
    const waiting = await countWaiting(this.db)
    this.set({ phase: waiting > 0 ? 'waiting' : 'up-to-date', waiting, error: null, lastSyncedAt: this.now() })
  }

  /**
   * Pulls until the feed is done. Progress shows for a join, and for any backlog bigger than a
   * page (a device back after long offline, a join resumed after a stop).
   */
  private async catchUp(joining: boolean): Promise<void> {
    const total = joining ? (await this.client.dbInfo()).doc_count : 0
    let done = 0
    let seenProducts = false
    let catalogReady = false
    if (joining) this.set({ join: { done, total, catalogReady } })
    try {
      // Each page is asked for while the one before it is written (prefetch).
      let ahead: PageAhead | undefined
      for (;;) {
        const batch = this.options.catchUpBatch ?? CATCH_UP_BATCH
        // Each page's limit follows the last one's weight (photos make heavy documents): see CATCH_UP_PAGE_CHARS.
        const page = await pullOnce(this.db, this.client, {
          signal: this.wake.signal,
          prefetch: true,
          ahead,
          // The first page as any pull's; the next ones as many as their weight allows, up to `batch`.
          limit: ahead?.limit ?? Math.min(PULL_BATCH, batch),
          maxLimit: batch,
          pageChars: this.options.catchUpPageChars ?? CATCH_UP_PAGE_CHARS,
        })
        ahead = page.next
        done += page.received
        // The shop's documents arrive in the order they were written: once pages come without
        // products after some had come, the catalog is in (and certainly once the feed is done).
        if (page.products > 0) seenProducts = true
        catalogReady ||= page.caughtUp || (seenProducts && page.products === 0)
        if (page.caughtUp) break
        if (joining || this.current.join || (page.pending ?? 0) > PULL_BATCH) this.set({ join: { done, total: Math.max(total, done + (page.pending ?? 0)), catalogReady } })
      }
    } finally {
      if (this.current.join) this.set({ join: null })
    }
  }

  private async waitForServer(): Promise<void> {
    const page = await pullOnce(this.db, this.client, { longpoll: true, heartbeat: this.options.heartbeat, waitMs: this.options.waitMs, signal: this.wake.signal })
    // A change came (or the wait ended): the next round pushes and catches up.
    void page
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.wake.signal
    return new Promise((resolve) => {
      if (signal.aborted) return resolve()
      const timer = ms === Infinity ? undefined : setTimeout(resolve, ms)
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
    })
  }
}
