/**
 * One page of the server's changes feed into the local tables: `_changes?since=<checkpoint>`
 * with the documents, at most 500, written in ONE Dexie transaction together with the new
 * checkpoint (SYNC_PULL_SEQ_KEY), so a pull stopped at any point resumes where the last
 * committed page ended: nothing lost, nothing applied twice. The fetch happens before the
 * transaction, never inside it.
 */
import Dexie from 'dexie'
import type { ShopDatabase } from '../db/database'
import { applyDocs, type IncomingDoc } from './apply'
import { applyFresh, type KnownProduct, type KnownProducts, type WrittenByRun } from './applyFresh'
import type { ChangesPage, CouchClient } from './couch'
import { fromDoc, SYNCED_TABLES } from './documents'
import { lastJournalSeq, readPushSeq, readSeq, readTail, syncStores, tableOf } from './local'
import { SYNC_PULL_SEQ_KEY, SYNC_PUSH_SEQ_KEY } from './types'

export const PULL_BATCH = 500
/**
 * The pages of a catch-up (a join, a backlog after long offline): fewer, bigger transactions.
 * Measured in `npm run bench:sync` (a join of 100k products, one run each, the same code but
 * this): pages of 2,000 took 36.3 s (3.04× faster than PouchDB), pages of 5,000 32.7 s (3.43×;
 * runs here vary by about ±10%). A page of 5,000 light shop documents is about 4 MB of JSON; a
 * heavy page is bounded by CATCH_UP_PAGE_CHARS. Its transaction takes about a second, which a
 * checkout on the joining device waits for.
 */
export const CATCH_UP_BATCH = 5_000
/**
 * What a catch-up page may weigh, in characters of the feed: a shop whose products have photos
 * (a data: URL of tens of kB in each document) gets fewer documents per page, so a phone never
 * holds a page of a hundred megabytes, nor writes one in a single transaction.
 */
export const CATCH_UP_PAGE_CHARS = 8_000_000
/** The fewest documents a catch-up page asks for, however heavy they are. */
export const CATCH_UP_MIN = 20

/** The next page's limit: as many documents as fit in `pageChars` at this page's weight per document, between CATCH_UP_MIN and `max`. */
export function nextLimit(page: { received: number; chars: number | undefined }, pageChars: number, max: number): number {
  if (!page.chars || page.received === 0) return max
  return Math.max(Math.min(CATCH_UP_MIN, max), Math.min(max, Math.floor((pageChars * page.received) / page.chars)))
}

export interface PullOptions {
  /** Wait on the server for a change when there is none (longpoll). */
  longpoll?: boolean
  heartbeat?: number
  /** The longpoll's own limit (ms); then the pull ends with nothing. */
  waitMs?: number
  signal?: AbortSignal
  limit?: number
  /**
   * Ask for the next page as soon as this one is in, while this one is written (a join or a
   * long backlog: the server's time and the writes overlap instead of adding up). The next
   * pull takes it as `ahead`.
   */
  prefetch?: boolean
  /** The page the last pull asked for ahead: used only if it starts at this pull's checkpoint. */
  ahead?: PageAhead
  /**
   * With `prefetch`: the next page's limit follows this page's weight (nextLimit), so a page
   * weighs about this many characters, with at most `maxLimit` documents (default `limit`).
   */
  pageChars?: number
  maxLimit?: number
}

/** A page asked for ahead of its pull (PullOptions.prefetch). */
export interface PageAhead {
  since: string | number
  limit: number
  page: Promise<ChangesPage>
}

export interface PullResult {
  /** Changes in the page (the shop's records and any other document). */
  received: number
  /** Records written or deleted locally. */
  written: number
  /** Products among the records received. */
  products: number
  /** How many more changes the server has after this page (when it says). */
  pending: number | undefined
  /** Whether this page reached the end of the feed. */
  caughtUp: boolean
  /** The next page, already asked for (with `prefetch`, when this one was not the end). */
  next?: PageAhead
}

/** What the last page taken by the fast path (applyFresh) knew, per database: valid only while its journal end and checkpoint hold. */
interface FreshRun {
  since: string | number
  journalEnd: number
  known: KnownProducts
  written: WrittenByRun
}

/** The tables (but meta, which always holds this device's own rows) with no record and no revision: a run's WrittenByRun starts with them. */
async function emptyTables(db: ShopDatabase): Promise<WrittenByRun> {
  const tables = SYNCED_TABLES.filter((t) => t !== 'meta')
  const held = await Promise.all(
    tables.map(async (t) => {
      const [records, revisions] = await Promise.all([
        tableOf(db, t).limit(1).primaryKeys(),
        db.revisions.where(':id').between([t, Dexie.minKey], [t, Dexie.maxKey]).limit(1).primaryKeys(),
      ])
      return records.length + revisions.length > 0
    }),
  )
  return new Map(tables.filter((_, i) => !held[i]).map((t) => [t, new Set<string>()]))
}
const freshRuns = new WeakMap<ShopDatabase, FreshRun>()

/**
 * What a fresh page of a catch-up left for the next page: its end (carryFrom), in a feed where
 * rows follow their products (a device pushes each product with its row). Written with the next
 * page, where their rows are, each product is written once with its stock from its rows,
 * instead of now on its document's stock and again (its syncRevs row) when the rows come. The
 * checkpoint stays before them (`from`, the seq of the page's last document written), so a pull
 * stopped in between fetches them again; the next page is asked from `resume`, the page's end.
 * Valid only where the checkpoint still is `from`.
 */
interface Carried {
  from: string | number
  resume: string | number
  docs: IncomingDoc[]
}
const carriedOver = new WeakMap<ShopDatabase, Carried>()

/**
 * Where a fresh page of a catch-up may be cut (see Carried): the last place where every product
 * before it, and every product carried into it, has its ledger rows before it too; the page's
 * length (nothing carried) when the page has no ledger rows (a catalog-first feed) or the end
 * would be more than half of it. `page`: its documents in feed order (undefined: not a record).
 */
function carryFrom(page: readonly (IncomingDoc | undefined)[], carriedIn: readonly IncomingDoc[]): number {
  const lastRow = new Map<string, number>()
  page.forEach((d, i) => {
    if (d?.table === 'stockLedger' && typeof d.record?.productId === 'string') lastRow.set(d.record.productId, i)
  })
  // The furthest place the products so far need: their last row here (none here: never; carried in with none: no need).
  let need = -1
  for (const d of carriedIn) if (d.table === 'products') need = Math.max(need, lastRow.get(d.key as string) ?? -1)
  let cut = 0
  page.forEach((d, i) => {
    if (d?.table === 'products' && d.record) need = Math.max(need, lastRow.get(d.key as string) ?? Infinity)
    if (need <= i) cut = i + 1
  })
  return lastRow.size > 0 && cut > 0 && cut < page.length && 2 * (page.length - cut) <= page.length ? cut : page.length
}

export async function pullOnce(db: ShopDatabase, client: CouchClient, options: PullOptions = {}): Promise<PullResult> {
  const limit = options.limit ?? PULL_BATCH
  const since = (await readSeq(db, SYNC_PULL_SEQ_KEY)) ?? 0
  const carried = carriedOver.get(db)
  carriedOver.delete(db)
  const carry = carried && carried.from === since && !options.longpoll ? carried : undefined
  // Where this page starts: the checkpoint, or past the products carried over from the last page (written with this one).
  const from = carry ? carry.resume : since
  // A page asked for ahead counts only if this pull starts where it does (a failed write leaves the checkpoint behind it).
  const ahead = options.ahead && !options.longpoll && options.ahead.since === from && options.ahead.limit === limit ? options.ahead.page : undefined
  const page = await (ahead ?? client.changes({ since: from, limit, longpoll: options.longpoll, heartbeat: options.heartbeat, waitMs: options.waitMs, signal: options.signal }))
  // A short page is the end; a full one is too when the server says nothing is pending (never trust `pending` alone: servers differ).
  const caughtUp = page.results.length < limit || page.pending === 0
  let next: PageAhead | undefined
  if (options.prefetch && !options.longpoll && !caughtUp) {
    const ahead = options.pageChars ? nextLimit({ received: page.results.length, chars: page.chars }, options.pageChars, options.maxLimit ?? limit) : limit
    next = { since: page.last_seq, limit: ahead, page: client.changes({ since: page.last_seq, limit: ahead, signal: options.signal }) }
    // A page asked for ahead and then not used (this write failed, the pull was stopped) fails for nobody.
    next.page.catch(() => undefined)
  }
  const parsed = page.results.map((change) => {
    const doc = change.doc ?? (change.deleted ? { _id: change.id, _deleted: true } : undefined)
    const record = doc ? fromDoc(doc) : undefined
    return { seq: change.seq, doc: record ? ({ ...record, rev: doc?._rev ?? change.changes[0]?.rev ?? '' } satisfies IncomingDoc) : undefined }
  })
  const docsOf = (list: typeof parsed) => list.flatMap((p) => (p.doc ? [p.doc] : []))
  const incoming: IncomingDoc[] = [...(carry?.docs ?? []), ...docsOf(parsed)]
  const tailStart = options.prefetch && !options.longpoll && !caughtUp ? carryFrom(parsed.map((p) => p.doc), carry?.docs ?? []) : parsed.length
  const tail = docsOf(parsed.slice(tailStart))
  const head = tail.length > 0 ? [...(carry?.docs ?? []), ...docsOf(parsed.slice(0, tailStart))] : incoming
  const headSeq = tail.length > 0 ? parsed[tailStart - 1]!.seq : page.last_seq
  options.signal?.throwIfAborted()
  let fresh: FreshRun | undefined
  let carryNext: Carried | undefined
  const write = db.transaction('rw', syncStores(), async () => {
    const last = freshRuns.get(db)
    freshRuns.delete(db)
    const [pushSeq, journalEnd, checkpoint] = await Promise.all([readPushSeq(db), lastJournalSeq(db), readSeq(db, SYNC_PULL_SEQ_KEY)])
    // Nothing waits to push and the page starts at the checkpoint: the fast path may take it
    // (applyFresh says whether it can vouch for every document). What the last fresh page
    // knew of its products holds while nothing else was written: journal and checkpoint as it left them.
    if (pushSeq >= journalEnd && (checkpoint ?? 0) === since) {
      const going = last && last.since === since && last.journalEnd === journalEnd ? last : undefined
      const known = going?.known ?? new Map<string, KnownProduct>()
      const written = going?.written ?? (await emptyTables(db))
      const applied = await applyFresh(db, head, known, written)
      if (applied) {
        await db.meta.put({ key: SYNC_PULL_SEQ_KEY, value: headSeq })
        // The SKU hook may have renamed a product here (a logged write): then the next page sees the journal moved.
        fresh = { since: headSeq, journalEnd: await lastJournalSeq(db), known, written }
        if (tail.length > 0) carryNext = { from: headSeq, resume: page.last_seq, docs: tail }
        return applied
      }
    }
    // Local changes are waiting only if the journal has rows past the push checkpoint: then
    // their stamps are read, for the merge (last writer wins by the clock).
    const waiting = pushSeq < journalEnd ? (await readTail(db, pushSeq)).latest : undefined
    const caughtUpPush = pushSeq >= journalEnd
    const applied = await applyDocs(db, incoming, { mode: 'merge', localHlc: (id) => waiting?.get(id)?.hlc ?? '', fastForwardFrom: caughtUpPush ? journalEnd : undefined })
    await db.meta.put({ key: SYNC_PULL_SEQ_KEY, value: page.last_seq })
    // Nothing was waiting: the journal rows this page wrote are the server's own changes, so the
    // push checkpoint moves past them at once (a joining device never re-reads its whole pull).
    if (applied.pushSeq !== undefined && applied.pushSeq > pushSeq) await db.meta.put({ key: SYNC_PUSH_SEQ_KEY, value: applied.pushSeq })
    return applied
  })
  const result = await write.catch((err: unknown) => {
    freshRuns.delete(db)
    throw err
  })
  if (fresh) freshRuns.set(db, fresh)
  if (carryNext) carriedOver.set(db, carryNext)
  return { received: page.results.length, written: result.written, products: result.products, pending: page.pending, caughtUp, ...(next ? { next } : {}) }
}
