/**
 * Before a device's first pull from a shop: what it holds of its own, and what to do with it
 * (domain/join.ts decides). A device with nothing, or a shop with nothing (the owner's first
 * device seeds it), joins as it is. Otherwise the person chooses: the shop's data replaces
 * this device's ('shop', the default; only the untouched demo catalog here: no question), or
 * an owner adds this device's data to the shop ('merge'). Each step is one read or one Dexie
 * transaction; what the server is asked is asked between them, never inside one.
 */
import Dexie from 'dexie'
import type { RecordKey } from '../db/changeLogRows'
import { DEVICE_SESSION_KEY, type ShopDatabase } from '../db/database'
import { holdsAnything, isUntouchedSeed, planJoin, type Holdings, type JoinStep } from '../domain/join'
import { ORPHAN_STOCK_KEY } from './apply'
import type { CouchClient } from './couch'
import { docIdOf, isSynced, SYNCED_META_KEYS, SYNCED_TABLES } from './documents'
import { lastJournalSeq } from './local'
import { SYNC_PULL_SEQ_KEY, SYNC_PUSH_SEQ_KEY, type JoinChoice, type JoinChoiceNeeded, type JoinOutcome, type JoinSurvey } from './types'

/** The shop's record tables (meta's synced rows apart). */
const RECORD_TABLES = SYNCED_TABLES.filter((t) => t !== 'meta')

/** What this device holds, with what the steps need: its accounts and the untouched seed's products. */
export interface DeviceHoldings extends Holdings {
  accounts: { id: string; username: string }[]
  /** Ids of the untouched seeded products (isUntouchedSeed). */
  seedIds: string[]
  /** The change log's tombstones of synced records ([table, key]). */
  tombstones: [string, RecordKey][]
}

/** Reads what this device holds, in one read transaction; on an empty device only counts. */
export async function readHoldings(db: ShopDatabase): Promise<DeviceHoldings> {
  return db.transaction('r', [db.users, db.orders, db.payments, db.cartItems, db.products, db.stockLedger, db.meta, db.revisions], async () => {
    const [users, orders, payments, cartKeys, products, stockRows, settings, revisions] = await Promise.all([
      db.users.toArray(),
      db.orders.count(),
      db.payments.count(),
      db.cartItems.toCollection().primaryKeys(),
      db.products.count(),
      db.stockLedger.count(),
      db.meta.get([...SYNCED_META_KEYS][0]!),
      db.revisions.toArray(),
    ])
    const changed = new Set(revisions.flatMap((r) => (r.table === 'products' && typeof r.key === 'string' ? [r.key] : [])))
    let seedIds: string[] = []
    if (products > 0) {
      // The sku index's keys and the ids behind them, in the same order: no product is read whole.
      const [skus, ids] = await Promise.all([db.products.orderBy('sku').keys(), db.products.orderBy('sku').primaryKeys()])
      seedIds = ids.filter((id, i) => isUntouchedSeed({ id, sku: String(skus[i]) }, changed.has(id)))
    }
    const tombstones = revisions.flatMap((r) => (r.deleted && isSynced(r.table, r.key) ? [[r.table, r.key] as [string, RecordKey]] : []))
    return {
      users: users.length,
      orders,
      payments,
      cartLines: cartKeys.filter((key) => isSynced('cartItems', key as string[])).length,
      products,
      // Every seeded product came with its one 'initial' row (i:<id>), and ledger rows are never deleted.
      untouchedSeed: seedIds.length,
      untouchedSeedRows: seedIds.length,
      stockRows,
      settings: settings !== undefined,
      deletions: tombstones.length,
      accounts: users.map((u) => ({ id: u.id, username: u.username })),
      seedIds,
      tombstones,
    }
  })
}

/** Which of these accounts the shop has (the very record: same id), by id. */
async function accountsInShop(client: CouchClient, accounts: readonly { id: string }[]): Promise<Set<string>> {
  const docs = await client.allDocs(accounts.map((a) => docIdOf('users', a.id)))
  return new Set(accounts.flatMap((a, i) => (docs[i] ? [a.id] : [])))
}

export function joinChoiceNeeded(survey: JoinSurvey): JoinChoiceNeeded {
  return Object.assign(new Error('This shop already has data, and so does this device: choose what to do with this device\'s data.'), { name: 'JoinChoiceNeeded' as const, survey })
}

/**
 * Settles this device's own data before its first pull from the shop (see the file's header).
 * Rejects with a JoinChoiceNeeded when the person must choose and `choice` is not given;
 * resolves to the step taken and, when it concerns the person, what it did (for the notice).
 */
export async function prepareJoin(
  db: ShopDatabase,
  client: CouchClient,
  facts: { docCount: number; canMerge: boolean; now: number },
  choice: JoinChoice | undefined,
): Promise<{ step: JoinStep; outcome?: JoinOutcome }> {
  const holdings = await readHoldings(db)
  // Only a device that holds something asks the server (a fresh device's join costs nothing more).
  const shopHasData = holdsAnything(holdings) ? await client.hasRecords(facts.docCount) : false
  const step: JoinStep = planJoin({ shopHasData, holdings, canMerge: facts.canMerge }, choice)
  switch (step) {
    case 'as-is':
      return { step }
    case 'ask': {
      const inShop = await accountsInShop(client, holdings.accounts)
      throw joinChoiceNeeded({
        orders: holdings.orders,
        accounts: holdings.accounts.map((a) => ({ ...a, inShop: inShop.has(a.id) })),
        products: holdings.products - holdings.untouchedSeed,
        canMerge: facts.canMerge,
      })
    }
    case 'merge':
      await settleForMerge(db, holdings)
      return { step }
    case 'replace': {
      const keep = holdings.accounts.length > 0 ? await accountsInShop(client, holdings.accounts) : new Set<string>()
      await replaceWithShop(db, keep)
      const removedAccounts = holdings.accounts.filter((a) => !keep.has(a.id)).map((a) => a.username)
      return { step, ...(removedAccounts.length > 0 ? { outcome: { use: 'shop' as const, at: facts.now, removedAccounts } } : {}) }
    }
  }
}

/**
 * The shop's data is to replace this device's: every record of the shop's tables goes (the
 * accounts the shop itself has stay until the pull brings the shop's copy, so whoever is
 * logged in with one stays logged in), and so do the sessions of the accounts that went. The
 * change log's revisions of them go too and the push checkpoint moves to the journal's end:
 * the device is as a fresh one, nothing of it waits to be pushed, and its pull is a fresh
 * device's join. One transaction: clears and bulk writes.
 */
export async function replaceWithShop(db: ShopDatabase, keepUsers: ReadonlySet<string>): Promise<void> {
  await db.transaction('rw', [...SYNCED_TABLES, 'syncRevs', 'changes', 'revisions', 'sessions', 'listings'], async () => {
    const gone = (await db.users.toCollection().primaryKeys()).filter((id) => !keepUsers.has(id))
    await Promise.all([
      ...RECORD_TABLES.filter((t) => t !== 'users').map((t) => db.table(t).clear()),
      keepUsers.size > 0 ? db.users.bulkDelete(gone) : db.users.clear(),
      db.meta.bulkDelete([...SYNCED_META_KEYS, ORPHAN_STOCK_KEY, SYNC_PULL_SEQ_KEY]),
    ])
    // Their sessions end (every tab logged in with one logs out), the device's latest one too.
    const ended = await db.sessions.filter((s) => !keepUsers.has(s.userId)).primaryKeys()
    await db.sessions.bulkDelete(ended)
    const latest = (await db.meta.get(DEVICE_SESSION_KEY))?.value
    if (typeof latest === 'string' && ended.includes(latest)) await db.meta.put({ key: DEVICE_SESSION_KEY, value: null })
    // Only after the clears (their log writes these rows): the records are as if never here.
    await Promise.all([
      ...SYNCED_TABLES.map((t) => db.revisions.where('[table+key]').between([t, Dexie.minKey], [t, Dexie.maxKey]).delete()),
      db.syncRevs.clear(),
    ])
    await db.meta.put({ key: SYNC_PUSH_SEQ_KEY, value: await lastJournalSeq(db) })
  })
}

/**
 * An owner adds this device's data to the shop: what the device made is pushed after the
 * first pull, as any change. The untouched seeded catalog is not this device's: it goes here
 * (the shop's copies come with the pull, the same records where the shop has the demo too)
 * and its deletion is never pushed; nor is any deletion made here before joining (adding
 * never deletes the shop's records). Both by taking their revisions out of the change log,
 * so they are nothing waiting: one transaction.
 */
export async function settleForMerge(db: ShopDatabase, holdings: Pick<DeviceHoldings, 'seedIds' | 'tombstones'>): Promise<void> {
  const { seedIds, tombstones } = holdings
  if (seedIds.length === 0 && tombstones.length === 0) return
  await db.transaction('rw', [...SYNCED_TABLES, 'syncRevs', 'changes', 'revisions', 'listings'], async () => {
    if (seedIds.length > 0) {
      await Promise.all([db.products.bulkDelete(seedIds), db.stockLedger.bulkDelete(seedIds.map((id) => `i:${id}`))])
    }
    const keys: [string, RecordKey][] = [...tombstones, ...seedIds.flatMap((id): [string, RecordKey][] => [['products', id], ['stockLedger', `i:${id}`]])]
    await db.revisions.bulkDelete(keys)
  })
}
