/**
 * Pushes the change log: the records changed after SYNC_PUSH_SEQ_KEY, up to 500, each built
 * from its CURRENT value (gone → a tombstone) with its last known _rev, in one _bulk_docs. A
 * record whose revision is not past syncRevs.localRev came from the server and is skipped.
 * Per result: ok → syncRevs; conflict → the server's copy is read and merged locally, then
 * pushed again (a few rounds); forbidden → rolled back to the server's copy, and a refusal for
 * the person. The push checkpoint moves in the same transaction as the syncRevs, and never
 * past a record still unresolved. Read → fetch → write, each step on its own: no fetch is
 * ever awaited inside a Dexie transaction.
 */
import type { ShopDatabase, SyncRevRow } from '../db/database'
import type { StockMovement } from '../domain/stock'
import { applyDocs, type IncomingDoc, type StockSyncRev } from './apply'
import type { BulkResult, CouchClient, CouchDoc } from './couch'
import { docIdOf, fromDoc, toDoc, type DocRecord } from './documents'
import { adjustStockDocs } from './hooks'
import { labelOf, readPushSeq, readTail, recordsOf, revisionsOf, syncStores, type AnyRecord, type SyncKey, type TailEntry } from './local'
import { SYNC_PUSH_SEQ_KEY, type SyncRefusal } from './types'

export const PUSH_BATCH = 500
/** Rounds of conflict → merge → push again within one push. */
const CONFLICT_ROUNDS = 3

export interface PushResult {
  /** Documents the server accepted. */
  pushed: number
  refusals: SyncRefusal[]
  /** Records still in conflict after the rounds (retried next push). */
  unresolved: number
  /** Whether more of the journal is waiting after this batch. */
  more: boolean
}

interface Built {
  entry: TailEntry
  doc: CouchDoc
  /** The local revision the document was built from. */
  rev: number
  record: AnyRecord | undefined
}

/** Reads the targets' current records and builds the documents of those with a change waiting; settles tombstones the server never had. */
async function build(db: ShopDatabase, targets: readonly TailEntry[]): Promise<{ built: Built[]; settled: SyncRevRow[] }> {
  const { records, revs } = await db.transaction('r', syncStores(), async () => {
    const records = await recordsOf(db, targets)
    return { records, revs: await revisionsOf(db, targets, (i) => records[i] !== undefined || !targets[i]!.deleted) }
  })
  const built: Built[] = []
  const settled: SyncRevRow[] = []
  for (const [i, entry] of targets.entries()) {
    const { rev, sync } = revs[i]!
    if (rev <= (sync?.localRev ?? 0)) continue
    const record = records[i]
    // Gone here and not on the server: nothing to tell it.
    if (!record && !sync?.couchRev) {
      settled.push({ table: entry.table, key: entry.key, couchRev: '', localRev: rev })
      continue
    }
    const doc = await toDoc(entry.table, entry.key, record, { rev: sync?.couchRev || undefined, hlc: entry.hlc, device: entry.device })
    built.push({ entry, doc, rev, record })
  }
  return { built, settled }
}

const refusedError = (r: BulkResult | undefined) => r?.error === 'forbidden' || r?.error === 'unauthorized'

/** The server's copy of each document as an incoming record ('' rev and a deletion when it has none). */
function serverCopies(built: readonly Built[], docs: readonly (CouchDoc | undefined)[]): IncomingDoc[] {
  return built.map((b, i) => {
    const doc = docs[i]
    const record: DocRecord | undefined = doc ? fromDoc(doc) : undefined
    return record ? { ...record, rev: doc?._rev ?? '' } : { table: b.entry.table, key: b.entry.key, record: undefined, hlc: '', device: '', rev: '' }
  })
}

/**
 * The accepted records' syncRevs rows, a product's keeping its row's `stockFromDoc`: its
 * ledger rows are still to come from the server, so its stock is not its ledger sum here yet.
 * Pushed, it was changed here (`changedHere`): its first rows then mean a sum (see apply.ts
 * stockAfter). Dropping the mark made those rows add onto the document's stock: counted twice.
 */
async function keepStockFromDoc(db: ShopDatabase, ok: SyncRevRow[]): Promise<StockSyncRev[]> {
  const products = ok.filter((row) => row.table === 'products')
  if (products.length === 0) return ok
  const before = await db.syncRevs.bulkGet(products.map((row) => [row.table, row.key] as [string, SyncKey]))
  const marked = new Map(products.flatMap((row, i) => ((before[i] as StockSyncRev | undefined)?.stockFromDoc ? [[row, { ...row, stockFromDoc: true as const, changedHere: true as const }]] : [])))
  return marked.size > 0 ? ok.map((row) => marked.get(row) ?? row) : ok
}

export interface PushOptions {
  limit?: number
  now?: () => number
  /** Stops the push's requests (sync stopped); what the server took is settled by the next push. */
  signal?: AbortSignal
}

export async function pushOnce(db: ShopDatabase, client: CouchClient, options: PushOptions = {}): Promise<PushResult> {
  const { signal } = options
  const now = options.now ?? Date.now
  const pushSeq = await readPushSeq(db)
  const tail = await readTail(db, pushSeq, options.limit ?? PUSH_BATCH)
  const stamps = new Map([...tail.latest].map(([id, e]) => [id, e.hlc]))
  let targets = [...tail.latest.values()]
  const refusals: SyncRefusal[] = []
  let pushed = 0

  for (let round = 1; ; round++) {
    const { built, settled } = await build(db, targets)
    const results = built.length > 0 ? await client.bulkDocs(built.map((b) => b.doc), signal) : []
    const byId = new Map(results.map((r) => [r.id, r]))
    const ok: SyncRevRow[] = [...settled]
    const conflicted: Built[] = []
    const refused: Built[] = []
    for (const b of built) {
      const r = byId.get(b.doc._id)
      if (r?.ok !== false && typeof r?.rev === 'string' && !r.error) ok.push({ table: b.entry.table, key: b.entry.key, couchRev: r.rev, localRev: b.rev })
      else if (refusedError(r)) refused.push(b)
      else conflicted.push(b)
    }
    pushed += ok.length - settled.length
    const [theirs, refusedTheirs] = await Promise.all([
      conflicted.length > 0 ? client.allDocs(conflicted.map((b) => b.doc._id), signal) : [],
      refused.length > 0 ? client.allDocs(refused.map((b) => b.doc._id), signal) : [],
    ])
    // A ledger row the server already has as it is here was pushed before (its answer lost): done.
    const again = conflicted.filter((b, i) => {
      const same = b.entry.table === 'stockLedger' && theirs[i] && JSON.stringify((theirs[i] as { data?: unknown }).data) === JSON.stringify(b.doc.data)
      if (same) ok.push({ table: b.entry.table, key: b.entry.key, couchRev: theirs[i]!._rev ?? '', localRev: b.rev })
      return !same
    })
    const accepted = new Set(ok.map((row) => docIdOf(row.table, row.key)))
    const ledgerRows = built.filter((b) => b.entry.table === 'stockLedger' && b.record && accepted.has(b.doc._id)).map((b) => b.record as unknown as StockMovement)
    if (ledgerRows.length > 0) await adjustStockDocs(client, ledgerRows, signal)

    const retry = round < CONFLICT_ROUNDS ? again : []
    const unresolved = round < CONFLICT_ROUNDS ? [] : again
    await db.transaction('rw', syncStores(), async () => {
      if (ok.length > 0) await db.syncRevs.bulkPut(await keepStockFromDoc(db, ok))
      const merges = serverCopies(conflicted, theirs).filter((_, i) => again.includes(conflicted[i]!))
      await applyDocs(db, merges, { mode: 'merge', localHlc: (id) => stamps.get(id) ?? '' })
      await applyDocs(db, serverCopies(refused, refusedTheirs), { mode: 'overwrite', localHlc: () => '' })
      // Never past a record still to be pushed: the next push reads it again.
      const stuck = [...retry, ...unresolved].map((b) => b.entry.seq)
      const through = stuck.length > 0 ? Math.min(...stuck) - 1 : tail.throughSeq
      if (through > pushSeq) await db.meta.put({ key: SYNC_PUSH_SEQ_KEY, value: through })
    })
    for (const b of refused) {
      const reason = byId.get(b.doc._id)?.reason ?? 'The server refused it.'
      refusals.push({ table: b.entry.table, id: Array.isArray(b.entry.key) ? b.entry.key.join(':') : b.entry.key, label: labelOf(b.entry.table, b.entry.key, b.record), reason, at: now() })
    }
    if (retry.length === 0) return { pushed, refusals, unresolved: unresolved.length, more: tail.more && unresolved.length === 0 }
    // The merged records go again, carrying the later of the two stamps.
    targets = retry.map((b) => {
      const server = theirs[conflicted.indexOf(b)] as { hlc?: unknown } | undefined
      const hlc = typeof server?.hlc === 'string' && server.hlc > b.entry.hlc ? server.hlc : b.entry.hlc
      return { ...b.entry, hlc }
    })
  }
}
