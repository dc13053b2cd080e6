/**
 * Writes documents from the server into the local tables, inside the caller's Dexie
 * transaction over syncStores(): the pull's batches, and the server's copies a push met on a
 * conflict or a refusal. Writes go through the normal tables, so the change log logs them;
 * syncRevs then says which local revision matches the server's copy, so push skips them.
 *
 * A record with a local change waiting (its revision past syncRevs.localRev) is merged, not
 * overwritten: orders with mergeOrder, ledger rows never conflict (the server's copy stands),
 * everything else by the later stamp. A merge that is not the server's copy stays waiting (its
 * couchRev is the server's now), so the next push sends it over the server's. A product's stock
 * is always its ledger sum, whatever its document says: the ledger is the truth.
 */
import Dexie from 'dexie'
import type { ShopDatabase, SyncRevRow } from '../db/database'
import { DEVICE_ID_KEY } from '../db/changeLog'
import { mergeOrder, type MergeableOrder } from '../domain/merge'
import type { Product, StoredProduct } from '../domain/product'
import type { User } from '../domain/user'
import { docIdOf, type DocRecord } from './documents'
import { settleSkuClashes, settleUsernameClashes } from './hooks'
import { recordsOf, revisionsOf, tableOf, type AnyRecord, type RecordTable, type SyncKey } from './local'

/** A document's record and the server's _rev of it ('' when the server has none). */
export interface IncomingDoc extends DocRecord {
  rev: string
}

export interface ApplyOptions {
  /** 'overwrite' takes the server's copy even over a local change (a refused change rolled back). */
  mode: 'merge' | 'overwrite'
  /** The stamp of a record's waiting local change (the journal's latest entry for it), '' if unknown. */
  localHlc: (docId: string) => string
  /**
   * The journal's last seq before this apply, from a pull with nothing waiting to push: if every
   * journal entry the apply writes is a record settled with the server's copy, the push
   * checkpoint may move past them (ApplyResult.pushSeq), and settled ledger rows need no
   * syncRevs row (they never change, and no push will read them). Any other write in the
   * transaction (the SKU hook renaming a product here) keeps them in the push's way.
   */
  fastForwardFrom?: number
}

interface Decision {
  doc: IncomingDoc
  local: AnyRecord | undefined
  /** What the record is to be: undefined for deleted. */
  value: AnyRecord | undefined
  /** Whether to write it (false: the local copy stays as it is). */
  write: boolean
  /** Whether the result is the server's copy (else it stays waiting, to be pushed). */
  settled: boolean
  localRev: number
  /** The record's local revision before this write, and its syncRevs row then. */
  revBefore: number
  sync: StockSyncRev | undefined
  /** Set when the write was refused locally (see writeTable). */
  failed?: boolean
}

/** JSON with sorted keys: equal records give equal text whatever order their fields were set in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Blob) ? Object.fromEntries(Object.entries(v as AnyRecord).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  )
}

type StampedEvent = MergeableOrder['history'][number] & AnyRecord

function mergeOrders(local: AnyRecord, incoming: AnyRecord): AnyRecord {
  // mergeOrder orders one millisecond's events by a stamp the shop's history entries do not carry: '' for all, then their text.
  const stamped = (o: AnyRecord) => ({ ...o, history: ((o.history as AnyRecord[] | undefined) ?? []).map((e) => ({ ...e, stamp: '' })) }) as unknown as MergeableOrder<StampedEvent>
  const merged = mergeOrder(stamped(local), stamped(incoming))
  return { ...merged, history: merged.history.map(({ stamp: _stamp, ...event }) => event) }
}

function decide(doc: IncomingDoc, local: AnyRecord | undefined, waiting: boolean, options: ApplyOptions, localRev: number): Omit<Decision, 'revBefore' | 'sync'> {
  const take = { doc, local, value: doc.record, write: true, settled: true, localRev }
  if (!waiting || options.mode === 'overwrite') return take
  // The server's copy carries this very change (a push whose answer was lost): it is settled.
  const mine = options.localHlc(docIdOf(doc.table, doc.key))
  if (mine !== '' && doc.hlc === mine) return take
  // Ledger rows are never changed: the server's copy stands, and a row it lacks is still to be pushed.
  if (doc.table === 'stockLedger') return doc.record || !local ? take : { ...take, value: local, write: false, settled: false }
  if (doc.table === 'orders' && local && doc.record) {
    const merged = mergeOrders(local, doc.record)
    const isIncoming = canonical(merged) === canonical(doc.record)
    return { ...take, value: merged, write: isIncoming || canonical(merged) !== canonical(local), settled: isIncoming }
  }
  // Last writer wins, by the clock: the server's copy only if its change came later.
  if (doc.hlc > mine) return take
  return { ...take, value: local, write: false, settled: false }
}

/** This device's id: db.meta's, else (an id given to the database, tests) the one on its journal's rows, which every write here carries. */
async function thisDevice(db: ShopDatabase): Promise<string | undefined> {
  const stored = (await db.meta.get(DEVICE_ID_KEY))?.value
  return typeof stored === 'string' ? stored : (await db.changes.orderBy(':id').last())?.device
}

/** The ledger sum of each product, by id (in parallel range reads of the [productId+at] index). */
async function ledgerSums(db: ShopDatabase, productIds: readonly string[]): Promise<Map<string, number>> {
  const sums = await Promise.all(
    productIds.map((id) =>
      db.stockLedger
        .where('[productId+at]')
        .between([id, Dexie.minKey], [id, Dexie.maxKey])
        .toArray()
        .then((rows) => rows.reduce((sum, row) => sum + row.delta, 0)),
    ),
  )
  return new Map(productIds.map((id, i) => [id, sums[i] ?? 0]))
}

export interface ApplyResult {
  /** Records written or deleted. */
  written: number
  /** Products among them. */
  products: number
  /** Where the push checkpoint may move (see ApplyOptions.fastForwardFrom). */
  pushSeq?: number
}

/** Applies `incoming` (see the file's header). Call inside a readwrite transaction over syncStores(); it never fetches. */
export async function applyDocs(db: ShopDatabase, incoming: readonly IncomingDoc[], options: ApplyOptions): Promise<ApplyResult> {
  const unique = [...new Map(incoming.map((d) => [docIdOf(d.table, d.key), d])).values()]
  if (unique.length === 0) return { written: 0, products: 0 }
  const locals = await recordsOf(db, unique)
  const revs = await revisionsOf(db, unique, (i) => locals[i] !== undefined)
  const decisions = unique.map((doc, i) => {
    const { rev, sync } = revs[i]!
    return { ...decide(doc, locals[i], rev > (sync?.localRev ?? 0), options, sync?.localRev ?? 0), revBefore: rev, sync }
  })

  // Everything but products first, ledger rows included.
  const byTable = new Map<string, Decision[]>()
  for (const d of decisions) {
    if (!d.write) continue
    const list = byTable.get(d.doc.table)
    if (list) list.push(d)
    else byTable.set(d.doc.table, [d])
  }
  // Two accounts with one username are settled before the unique index would refuse one.
  const userDecisions = (byTable.get('users') ?? []).filter((d) => d.value)
  if (userDecisions.length > 0) {
    const settled = await settleUsernameClashes(db, userDecisions.map((d) => d.value as unknown as User))
    const renamed = new Set(settled.filter((u, i) => (u as unknown as AnyRecord) !== userDecisions[i]!.value).map((u) => u.id))
    const device = renamed.size > 0 ? await thisDevice(db) : undefined
    userDecisions.forEach((d, i) => {
      d.value = settled[i] as unknown as AnyRecord
      // A renamed copy is not the server's: it stays waiting, so the rename reaches the server
      // too (every device that renames makes the same rename: their pushes agree). Not an
      // owner's account made elsewhere (a till may not rename an owner: refused, rolled back,
      // renamed again…): the device that last wrote it, or an owner's, sends that rename.
      // Never in a roll-back (overwrite): the server's copy is what stands there.
      const mayPush = options.mode === 'merge' && (d.value.role !== 'owner' || d.doc.device === device)
      if (renamed.has(d.doc.key as string) && mayPush) d.settled = false
    })
    // The renamed first: an account here that loses its name to the batch frees it before the winner is put.
    if (renamed.size > 0) byTable.set('users', [...byTable.get('users')!].sort((x, y) => Number(renamed.has(y.doc.key as string)) - Number(renamed.has(x.doc.key as string))))
  }
  await Promise.all(
    [...byTable].filter(([table]) => table !== 'products').map(([, list]) => writeTable(list, tableOf(db, list[0]!.doc.table))),
  )

  const productDecisions = byTable.get('products') ?? []
  const stock = await stockAfter(db, decisions, productDecisions)
  for (const d of productDecisions) if (d.value) d.value = { ...d.value, stock: stock.levels.get(d.doc.key as string) ?? 0 }
  const settledProducts = await settleSkuClashes(db, productDecisions.flatMap((d) => (d.value ? [d.value as unknown as Product] : [])))
  const settledById = new Map(settledProducts.map((p) => [p.id, p as unknown as AnyRecord]))
  for (const d of productDecisions) if (d.value) d.value = settledById.get(d.doc.key as string) ?? d.value
  await Promise.all([writeTable(productDecisions, tableOf(db, 'products')), stock.restocked.length > 0 ? db.products.bulkPut(stock.restocked) : undefined])

  const pushSeq = options.fastForwardFrom === undefined ? undefined : await ownWritesEnd(db, options.fastForwardFrom, decisions, stock.restocked)
  await recordSyncRevs(db, decisions, stock, pushSeq !== undefined)
  return { written: decisions.filter((d) => d.write).length, products: productDecisions.length, pushSeq }
}

/** The journal's end if every entry after `from` is a record this apply settled; else undefined. */
async function ownWritesEnd(db: ShopDatabase, from: number, decisions: Decision[], restocked: StoredProduct[]): Promise<number | undefined> {
  const own = new Set(decisions.flatMap((d) => (d.settled && !d.failed ? [docIdOf(d.doc.table, d.doc.key)] : [])))
  for (const p of restocked) own.add(docIdOf('products', p.id))
  const rows = await db.changes.where('seq').above(from).toArray()
  for (const row of rows) for (const key of row.keys) if (!own.has(docIdOf(row.table, key))) return undefined
  return rows.at(-1)?.seq ?? from
}

/** The device-local list of products whose ledger rows came before the product did (see stockAfter). */
export const ORPHAN_STOCK_KEY = 'syncOrphanStock'

/**
 * A syncRevs row; a product's may say its stock is still the one its document brought
 * (`stockFromDoc`): it came before any of its ledger rows (see stockAfter). `changedHere`
 * goes with it once this device changed the product since (a sale, an edit) and that change
 * was settled with the server (pushed, or met by a newer server copy): its revision no longer
 * shows the change, yet its ledger here may hold rows of this device's, so its first rows from
 * the server mean a sum, not a stock of just those rows.
 */
export type StockSyncRev = SyncRevRow & { stockFromDoc?: true; changedHere?: true }

/** Whether a product's stock is still its document's and it has not changed here since (then its ledger here is empty). */
const untouchedFromDoc = (sync: StockSyncRev, rev: number) => sync.changedHere !== true && rev <= sync.localRev

/**
 * Each touched product's stock after the batch, as its ledger sum, without reading whole
 * ledgers. A product held here equals its ledger sum (every write keeps them together), so it
 * moves by the rows this batch adds or removes. A product new here with rows already here
 * (they came first: remembered under ORPHAN_STOCK_KEY, usually empty) is summed. A product new
 * here with no rows yet (a join brings the catalog, then the ledger) takes its document's stock
 * for now, marked `stockFromDoc`, and is summed once its first rows come: no second write of
 * every product when the ledger arrives, unless the two disagree.
 */
async function stockAfter(db: ShopDatabase, decisions: Decision[], productDecisions: Decision[]) {
  const moved = new Map<string, number>()
  const move = (row: AnyRecord | undefined, sign: number) => {
    if (typeof row?.productId === 'string' && typeof row.delta === 'number') moved.set(row.productId, (moved.get(row.productId) ?? 0) + sign * row.delta)
  }
  for (const d of decisions) {
    if (d.doc.table !== 'stockLedger' || !d.write) continue
    move(d.value, 1)
    move(d.local, -1)
  }
  const arriving = new Map(productDecisions.map((d) => [d.doc.key as string, d]))
  const others = [...moved.keys()].filter((id) => !arriving.has(id))
  const [otherRows, otherRevs, orphanRow] = await Promise.all([
    others.length > 0 ? db.products.bulkGet(others) : [],
    revisionsOf(db, others.map((id) => ({ table: 'products' as const, key: id })), () => true),
    db.meta.get(ORPHAN_STOCK_KEY),
  ])
  const otherSyncs = otherRevs.map((r) => r.sync as StockSyncRev | undefined)
  const orphans = new Set(Array.isArray(orphanRow?.value) ? (orphanRow.value as string[]) : [])
  const provisional = new Map<string, boolean>()
  // A product still on its document's stock gets its first ledger rows: unless it changed here
  // since (a sale on this device), its ledger here is just this batch's rows; else it is summed.
  const sums = new Map<string, number>()
  const toSum: string[] = []
  const firstRows = (id: string, changedHere: boolean) => (changedHere ? toSum.push(id) : sums.set(id, moved.get(id) ?? 0))
  for (const [id, d] of arriving) {
    if (!d.local && orphans.has(id)) toSum.push(id)
    else if (d.local && d.sync?.stockFromDoc && moved.has(id)) firstRows(id, !untouchedFromDoc(d.sync, d.revBefore))
  }
  others.forEach((id, i) => {
    const sync = otherSyncs[i]
    if (otherRows[i] && sync?.stockFromDoc) firstRows(id, !untouchedFromDoc(sync, otherRevs[i]!.rev))
  })
  // Summed after this batch's ledger rows are written, so the sums have them.
  for (const [id, sum] of await ledgerSums(db, toSum)) sums.set(id, sum)
  const levels = new Map<string, number>()
  for (const [id, d] of arriving) {
    const sum = sums.get(id)
    const docStock = typeof d.doc.record?.stock === 'number' ? d.doc.record.stock : 0
    if (sum !== undefined) provisional.set(id, false)
    else if (!d.local && !moved.has(id)) provisional.set(id, true)
    levels.set(id, sum ?? (d.local ? (typeof d.local.stock === 'number' ? d.local.stock : 0) : d.doc.record && !moved.has(id) ? docStock : 0) + (moved.get(id) ?? 0))
  }
  const restocked: StoredProduct[] = []
  let orphansChanged = false
  others.forEach((id, i) => {
    const p = otherRows[i]
    const sum = sums.get(id)
    if (sum !== undefined) provisional.set(id, false)
    const stock = sum ?? (p ? p.stock + (moved.get(id) ?? 0) : 0)
    if (p && stock !== p.stock) restocked.push({ ...p, stock })
    else if (!p && !orphans.has(id)) orphansChanged = orphans.add(id).size > 0
  })
  for (const [id, d] of arriving) if (d.value && orphans.delete(id)) orphansChanged = true
  if (orphansChanged) await db.meta.put({ key: ORPHAN_STOCK_KEY, value: [...orphans] })
  const settledOthers = others.flatMap((id, i) => (provisional.get(id) === false && otherSyncs[i] ? [otherSyncs[i]] : []))
  return { levels, restocked, provisional, settledOthers }
}

/**
 * Writes one table's decisions in one bulk put and one bulk delete. A record a unique index
 * refuses (a username or SKU another local record holds) is left out, not the whole batch: a
 * caught BulkError keeps the transaction. Those decisions are marked failed (no syncRevs row).
 */
async function writeTable(list: Decision[], t: RecordTable): Promise<void> {
  const puts = list.filter((d) => d.value)
  const deletes = list.flatMap((d) => (d.value ? [] : d.local ? [d.doc.key] : []))
  await Promise.all([
    puts.length > 0
      ? t.bulkPut(puts.map((d) => d.value!)).catch((err: unknown) => {
          if (!(err instanceof Dexie.BulkError)) throw err
          for (const at of Object.keys(err.failuresByPos)) puts[Number(at)]!.failed = true
          console.warn(`sync: ${err.failures.length} record(s) not applied: ${err.failures[0]?.message ?? ''}`)
        })
      : undefined,
    deletes.length > 0 ? t.bulkDelete(deletes) : undefined,
  ])
}

/**
 * syncRevs after the writes: the server's _rev of each record, and the local revision that
 * matches it (the one before plus the write's one, as the change log counts). Ledger rows get
 * none when the push checkpoint moves past this apply (see ApplyOptions.fastForwardFrom).
 */
async function recordSyncRevs(db: ShopDatabase, decisions: Decision[], stock: Awaited<ReturnType<typeof stockAfter>>, skipLedgerRevs: boolean): Promise<void> {
  const rows: StockSyncRev[] = []
  // `changed`: the product changed here since its row was written (see StockSyncRev.changedHere).
  const flagged = (row: StockSyncRev, id: string, changed = false): StockSyncRev => {
    const plain = { ...row }
    delete plain.stockFromDoc
    delete plain.changedHere
    const on = stock.provisional.get(id) ?? row.stockFromDoc === true
    return on ? { ...plain, stockFromDoc: true, ...(changed || row.changedHere ? { changedHere: true as const } : {}) } : plain
  }
  for (const d of decisions) {
    if (d.failed || (skipLedgerRevs && d.doc.table === 'stockLedger' && d.settled)) continue
    const after = d.write && (d.value || d.local) ? d.revBefore + 1 : d.revBefore
    const row: StockSyncRev = {
      ...(d.sync?.stockFromDoc ? { stockFromDoc: true as const } : {}),
      ...(d.sync?.changedHere ? { changedHere: true as const } : {}),
      table: d.doc.table,
      key: d.doc.key,
      couchRev: d.doc.rev,
      localRev: d.settled ? after : d.localRev,
    }
    rows.push(d.doc.table === 'products' ? flagged(row, d.doc.key as string, d.sync !== undefined && d.revBefore > d.sync.localRev) : row)
  }
  const byId = new Map(stock.settledOthers.map((r) => [r.key as string, flagged(r, r.key as string)]))
  // A product rewritten only for its stock: if it had nothing waiting, its new revision is no change to push.
  if (stock.restocked.length > 0) {
    const keys = stock.restocked.map((p) => ({ table: 'products' as const, key: p.id as SyncKey }))
    const revs = await revisionsOf(db, keys, () => true)
    revs.forEach((r, i) => {
      const id = stock.restocked[i]!.id
      const sync = byId.get(id) ?? (r.sync ? flagged(r.sync, id) : undefined)
      if (sync && r.sync && r.sync.localRev === r.rev - 1) byId.set(id, { ...sync, localRev: r.rev })
    })
  }
  rows.push(...byId.values())
  if (rows.length > 0) await db.syncRevs.bulkPut(rows)
}
