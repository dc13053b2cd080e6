/**
 * The pull's fast path, for the pages where merging has nothing to do: the device has no
 * change waiting to push and holds none of the page's records (not even a deletion's trace).
 * A device joining a shop is all such pages. Then every document is simply the server's copy,
 * and applyDocs' answer is known without its reads (each record, its revision, its syncRevs
 * row, and the change log's own reads of the revision and the record): the page is written
 * with one bulk add per table and one bulk put of syncRevs, and the change log is told these
 * are the server's copies (serverCopiesIn), so it neither reads nor journals them: nothing in
 * them is to be pushed. A product's stock is still its ledger sum, as applyDocs makes it: the
 * products this run of pages wrote are remembered (their stock, their syncRevs row), so their
 * ledger rows, pages later, move them without reading them back.
 *
 * What it leaves is what applyDocs leaves (tests/unit/sync/applyFresh.test.ts compares the two),
 * but for the change log: no journal rows for the server's copies (applyDocs writes them and
 * moves the push checkpoint past them), and a product whose stock its ledger rows moved keeps
 * its revision, 1, where applyDocs counts 2 (with syncRevs.localRev to match: nothing waits
 * either way). Any page it cannot vouch for (a record already here, a deletion of a product
 * with its ledger rows in the page, a product changed here, an account whose username is taken)
 * goes to applyDocs whole.
 */
import Dexie, { type IndexableType, type Transaction } from 'dexie'
import { serverCopiesIn, type RecordKey } from '../db/changeLog'
import type { ShopDatabase } from '../db/database'
import type { Product } from '../domain/product'
import { ORPHAN_STOCK_KEY, type ApplyResult, type IncomingDoc, type StockSyncRev } from './apply'
import { docIdOf, type SyncedTable } from './documents'
import { settleSkuClashes } from './hooks'
import { tableOf, type AnyRecord, type SyncKey } from './local'

/** What a run of fresh pages knows of a product held here: its stock and its syncRevs row, as written. */
export interface KnownProduct {
  stock: number
  sync: StockSyncRev
}

/** The products a run of fresh pages wrote or read, by id; valid only while nothing else wrote (see pull.ts). */
export type KnownProducts = Map<string, KnownProduct>

/**
 * For each table that held nothing (no record, no revision) when a run of fresh pages began,
 * the document ids the run has taken since: its records can only be the run's own, so whether a
 * page's record is here is answered from memory, without a key cursor over the table (on a
 * join, thousands of seeks a page). Valid only while nothing else wrote (see pull.ts).
 */
export type WrittenByRun = Map<SyncedTable, Set<string>>

/** A raw IndexedDB transaction is what the change log keys its per-transaction state by. */
function currentIdbTransaction(): IDBTransaction {
  const tx = Dexie.currentTransaction as (Transaction & { idbtrans?: IDBTransaction }) | null
  if (!tx?.idbtrans) throw new Error('applyFresh runs inside the pull’s transaction.')
  return tx.idbtrans
}

/** Adds the records of one table, marking those a unique index refuses (as applyDocs' writeTable does). */
async function addAll(db: ShopDatabase, table: SyncedTable, docs: IncomingDoc[], failed: Set<IncomingDoc>): Promise<void> {
  if (docs.length === 0) return
  await tableOf(db, table)
    .bulkAdd(docs.map((d) => d.record!))
    .catch((err: unknown) => {
      if (!(err instanceof Dexie.BulkError)) throw err
      for (const at of Object.keys(err.failuresByPos)) failed.add(docs[Number(at)]!)
      console.warn(`sync: ${err.failures.length} record(s) not applied: ${err.failures[0]?.message ?? ''}`)
    })
}

/** The ledger sum of each product (after this page's rows are written). */
async function ledgerSums(db: ShopDatabase, ids: readonly string[]): Promise<Map<string, number>> {
  const sums = await Promise.all(
    ids.map((id) =>
      db.stockLedger
        .where('[productId+at]')
        .between([id, Dexie.minKey], [id, Dexie.maxKey])
        .toArray()
        .then((rows) => rows.reduce((sum, row) => sum + row.delta, 0)),
    ),
  )
  return new Map(ids.map((id, i) => [id, sums[i] ?? 0]))
}

/**
 * Applies `incoming` if it can vouch for every document (see the file's header); else writes
 * nothing and returns undefined. Call inside the pull's readwrite transaction over
 * syncStores(), only when nothing waits to push. `known` is updated in place.
 */
export async function applyFresh(db: ShopDatabase, incoming: readonly IncomingDoc[], known: KnownProducts, byRun: WrittenByRun = new Map()): Promise<ApplyResult | undefined> {
  const unique = [...new Map(incoming.map((d) => [docIdOf(d.table, d.key), d])).values()]
  if (unique.length === 0) return { written: 0, products: 0 }
  const byTable = new Map<SyncedTable, IncomingDoc[]>()
  for (const d of unique) {
    const list = byTable.get(d.table)
    if (list) list.push(d)
    else byTable.set(d.table, [d])
  }
  // Nothing of the page here: no record and no revision row (a deletion's trace). A table empty
  // when the run began is asked in memory (WrittenByRun); any other, one key cursor each.
  if (unique.some((d) => byRun.get(d.table)?.has(docIdOf(d.table, d.key)))) return undefined
  const asked = [...byTable].filter(([table]) => !byRun.has(table))
  const askedDocs = asked.flatMap(([, docs]) => docs)
  const here = await Promise.all([
    ...asked.map(([table, docs]) => tableOf(db, table).where(':id').anyOf(docs.map((d) => d.key)).primaryKeys()),
    askedDocs.length > 0
      ? db.revisions
          .where(':id')
          .anyOf(askedDocs.map((d) => [d.table, d.key] as IndexableType))
          .primaryKeys()
      : [],
  ])
  if (here.some((keys) => keys.length > 0)) return undefined
  // Accounts whose username one here or another of the page holds: the username rule settles
  // them (./users.ts, in applyDocs), not a bulk add.
  const names = (byTable.get('users') ?? []).flatMap((d) => (typeof d.record?.usernameKey === 'string' ? [d.record.usernameKey] : []))
  if (names.length > 0 && (new Set(names).size < names.length || (await db.users.where('usernameKey').anyOf(names).count()) > 0)) return undefined

  // The ledger rows' moves, by product (rows are new here: nothing to take back).
  const moved = new Map<string, number>()
  for (const d of byTable.get('stockLedger') ?? []) {
    const row = d.record
    if (typeof row?.productId === 'string' && typeof row.delta === 'number') moved.set(row.productId, (moved.get(row.productId) ?? 0) + row.delta)
  }
  const productDocs = byTable.get('products') ?? []
  const arriving = new Map(productDocs.map((d) => [d.key as string, d]))
  // A product deleted with its ledger rows in the same page: rare, and applyDocs' business.
  for (const d of productDocs) if (!d.record && moved.has(d.key as string)) return undefined

  // Products the ledger rows move that are not in the page: known from earlier pages, else read.
  const others = [...moved.keys()].filter((id) => !arriving.has(id))
  const unknown = others.filter((id) => !known.has(id))
  const [unknownRows, unknownRevs, unknownSyncs, orphanRow] = await Promise.all([
    unknown.length > 0 ? db.products.bulkGet(unknown) : [],
    unknown.length > 0 ? db.revisions.bulkGet(unknown.map((id) => ['products', id] as [string, RecordKey])) : [],
    unknown.length > 0 ? db.syncRevs.bulkGet(unknown.map((id) => ['products', id] as [string, SyncKey])) : [],
    db.meta.get(ORPHAN_STOCK_KEY),
  ])
  const orphans = new Set(Array.isArray(orphanRow?.value) ? (orphanRow.value as string[]) : [])
  let orphansChanged = false
  for (const [i, id] of unknown.entries()) {
    const p = unknownRows[i]
    if (!p) {
      // Its ledger rows came before it: summed when it comes (as applyDocs does).
      if (!orphans.has(id)) orphansChanged = orphans.add(id).size > 0
      continue
    }
    const sync = unknownSyncs[i] as StockSyncRev | undefined
    // Changed here (or never settled with the server, or changed here while on its document's stock): the merge's rules apply, not these.
    if (!sync || (unknownRevs[i]?.rev ?? 1) > sync.localRev || sync.changedHere) return undefined
    known.set(id, { stock: p.stock, sync })
  }

  // Vouched for: every record the page writes. Then everything but products, ledger rows included.
  const trans = currentIdbTransaction()
  for (const [table, docs] of byTable) serverCopiesIn(trans, table, docs.flatMap((d) => (d.record ? [d.key] : [])))
  const failed = new Set<IncomingDoc>()
  await Promise.all([...byTable].filter(([table]) => table !== 'products').map(([table, docs]) => addAll(db, table, docs.filter((d) => d.record), failed)))

  // Arriving products: their ledger sum if their rows came first, this page's rows if any, else the document's stock for now.
  const summed = await ledgerSums(
    db,
    [...arriving.keys()].filter((id) => orphans.has(id)),
  )
  const provisional = new Set<string>()
  const values: AnyRecord[] = []
  for (const [id, d] of arriving) {
    // A deletion's syncRevs row says its stock is the document's unless it was summed (as applyDocs has it).
    if (!d.record) {
      if (!summed.has(id)) provisional.add(id)
      continue
    }
    const docStock = typeof d.record.stock === 'number' ? d.record.stock : 0
    const sum = summed.get(id)
    const stock = sum ?? (moved.has(id) ? (moved.get(id) ?? 0) : docStock)
    if (sum === undefined && !moved.has(id)) provisional.add(id)
    values.push({ ...d.record, stock })
    if (orphans.delete(id)) orphansChanged = true
  }
  const settled = await settleSkuClashes(db, values as unknown as Product[])
  const written = settled as unknown as AnyRecord[]
  const withValue = productDocs.filter((d) => d.record)
  const writtenById = new Map(written.map((p) => [p.id as string, p]))
  await addAll(
    db,
    'products',
    withValue.map((d, i) => ({ ...d, record: written[i] })),
    failed,
  )
  const failedIds = new Set([...failed].map((d) => docIdOf(d.table, d.key)))

  // Products held here that the ledger rows move: their stock follows (written only when it changed).
  const restock: { id: string; stock: number }[] = []
  const settledOthers: StockSyncRev[] = []
  for (const id of others) {
    const k = known.get(id)
    if (!k) continue
    // Still on its document's stock: its ledger here is this page's rows (nothing changed here).
    const stock = k.sync.stockFromDoc ? (moved.get(id) ?? 0) : k.stock + (moved.get(id) ?? 0)
    if (k.sync.stockFromDoc) {
      const plain = { ...k.sync }
      delete plain.stockFromDoc
      k.sync = plain
      settledOthers.push(plain)
    }
    if (stock !== k.stock) restock.push({ id, stock })
    k.stock = stock
  }
  if (restock.length > 0) {
    // Read now, after the SKU hook, which may have renamed one of them.
    const read = await db.products.bulkGet(restock.map((r) => r.id))
    serverCopiesIn(trans, 'products', restock.map((r) => r.id))
    await db.products.bulkPut(restock.flatMap((r, i) => {
      const p = read[i]
      return p ? [{ ...p, stock: r.stock }] : []
    }))
  }
  if (orphansChanged) await db.meta.put({ key: ORPHAN_STOCK_KEY, value: [...orphans] })

  // syncRevs: every record but the ledger rows (never changed, never pushed: none needed).
  const revs: StockSyncRev[] = [...settledOthers]
  for (const d of unique) {
    if (d.table === 'stockLedger' || failedIds.has(docIdOf(d.table, d.key))) continue
    const row: StockSyncRev = { table: d.table, key: d.key, couchRev: d.rev, localRev: d.record ? 1 : 0 }
    // A product's stock still its document's; a deleted one's too (as applyDocs marks it).
    if (d.table === 'products' && provisional.has(d.key as string)) row.stockFromDoc = true
    revs.push(row)
    if (d.table === 'products' && d.record) {
      const value = writtenById.get(d.key as string)
      known.set(d.key as string, { stock: typeof value?.stock === 'number' ? value.stock : 0, sync: row })
    }
  }
  if (revs.length > 0) await db.syncRevs.bulkPut(revs)
  // Here now (or refused by a unique index: asked about again, it goes the merging way all the same).
  for (const d of unique) byRun.get(d.table)?.add(docIdOf(d.table, d.key))
  return { written: unique.length, products: productDocs.length }
}
