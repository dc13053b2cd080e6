/**
 * Sync through CouchDB: the only entry of src/sync/, loaded with a dynamic import() when sync
 * is switched on (stores/sync.ts), so the first page's JavaScript does not grow.
 *
 *   const { connect, resume } = await import('../sync')
 *   const controller = await connect(db, { url, username, password })   // Settings → Sync
 *   const controller = await resume(db)                                  // later starts, no password
 */
import type { ShopDatabase } from '../db/database'
import { CouchClient, parseDatabaseUrl, type Fetch } from './couch'
import { SyncEngine, type EngineOptions } from './engine'
import { SyncError } from './errors'
import { prepareJoin } from './join'
import { TabSync, platformTabs, type TabsOptions } from './tabs'
import { SYNC_CONFIG_KEY, SYNC_PULL_SEQ_KEY, SYNC_PUSH_SEQ_KEY, SYNC_SHOP_KEY, type JoinChoice, type SyncConfig, type SyncController } from './types'

export { SyncError } from './errors'
export { countWaiting } from './engine'

/** The server role that may write everything, the shop's data added from a joining device too (couch/validate_doc_update.js). */
const OWNER_ROLE = 'shop-owner'

export interface SyncStartOptions extends EngineOptions {
  /**
   * connect: how to join a shop that already has data when this device holds data of its own
   * (without it, connect rejects with a JoinChoiceNeeded and changes nothing).
   */
  join?: JoinChoice
  /** fetch to use (tests); the browser's otherwise. */
  fetch?: Fetch
  /** Milliseconds before a request gives up. */
  timeoutMs?: number
  /**
   * How the tabs of this device share one engine (./tabs.ts): the browser's Web Locks and
   * BroadcastChannel by default; false, or where they are missing, every controller runs its own.
   */
  tabs?: TabsOptions | false
}

/** The stored config (SYNC_CONFIG_KEY), if sync was ever connected on this device and not forgotten. */
export async function readSyncConfig(db: ShopDatabase): Promise<SyncConfig | undefined> {
  const value = (await db.meta.get(SYNC_CONFIG_KEY))?.value as Partial<SyncConfig> | undefined
  return typeof value?.url === 'string' && typeof value.username === 'string' ? { url: value.url, username: value.username, roles: Array.isArray(value.roles) ? value.roles : [] } : undefined
}

/**
 * Connects this device to the shop's database: checks the address, signs in, checks the
 * database and its design document, stores the config (never the password), and starts
 * syncing. Rejects with a SyncError whose kind names what failed: bad-address,
 * wrong-password, unreachable, blocked, not-a-member, not-a-shop, server. A device that never
 * pulled from this shop and holds data of its own, joining a shop that has data, rejects with a
 * JoinChoiceNeeded (nothing changed) unless `options.join` says what to do (src/sync/join.ts).
 * Stop the controller of an earlier connect first (after "Sign in again", say).
 */
export async function connect(db: ShopDatabase, credentials: { url: string; username: string; password: string }, options: SyncStartOptions = {}): Promise<SyncController> {
  const { db: url } = parseDatabaseUrl(credentials.url)
  const client = new CouchClient(url, { fetch: options.fetch, timeoutMs: options.timeoutMs })
  const user = await client.signIn(credentials.username.trim(), credentials.password)
  const info = await client.dbInfo()
  if (!(await client.hasDesignDoc())) throw new SyncError('not-a-shop')
  const before = await readSyncConfig(db)
  // The shop this device's checkpoints are of: the config's, or (sync stopped and the config
  // forgotten since) the one kept with them. Checkpoints of no known shop are another shop's.
  const pulledFrom = before?.url ?? ((await db.meta.get(SYNC_SHOP_KEY))?.value as string | undefined)
  const otherShop = (await db.meta.get(SYNC_PULL_SEQ_KEY)) !== undefined && pulledFrom !== url
  // A device that never pulled from this shop joins it: first, what becomes of its own data.
  const joining = otherShop || (await db.meta.get(SYNC_PULL_SEQ_KEY)) === undefined
  const { step, outcome: joined } = joining ? await prepareJoin(db, client, { docCount: info.doc_count, canMerge: user.roles.includes(OWNER_ROLE), now: (options.now ?? Date.now)() }, options.join) : { step: 'as-is', outcome: undefined }
  const config: SyncConfig = { url, username: user.name, roles: user.roles, ...(joined ? { joined } : {}) }
  await db.transaction('rw', ['meta', 'syncRevs'], async () => {
    // Another server (or database) is another shop: what this device knew of the old one's
    // revisions and checkpoints means nothing there.
    // (Replacing this device's data with the shop's has just reset them, and moved the push checkpoint past what it cleared.)
    if ((otherShop || (before && before.url !== url)) && step !== 'replace') {
      await db.meta.bulkDelete([SYNC_PULL_SEQ_KEY, SYNC_PUSH_SEQ_KEY])
      await db.syncRevs.clear()
    }
    await db.meta.bulkPut([
      { key: SYNC_CONFIG_KEY, value: config },
      { key: SYNC_SHOP_KEY, value: url },
    ])
  })
  return started(db, client, options, true)
}

/** Forgets the join's notice (SyncConfig.joined): the person read it. The config stays, without it. */
export async function dismissJoinNotice(db: ShopDatabase): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const config = (await db.meta.get(SYNC_CONFIG_KEY))?.value as SyncConfig | undefined
    if (!config?.joined) return
    const rest: SyncConfig = { ...config }
    delete rest.joined
    await db.meta.put({ key: SYNC_CONFIG_KEY, value: rest })
  })
}

/**
 * Starts syncing with the stored config, on the session the browser still holds (its cookie):
 * no password. Undefined when sync is not configured. An ended session shows as phase
 * 'sign-in' (then connect again with the password).
 */
export async function resume(db: ShopDatabase, options: SyncStartOptions = {}): Promise<SyncController | undefined> {
  const config = await readSyncConfig(db)
  if (!config) return undefined
  return started(db, new CouchClient(config.url, { fetch: options.fetch, timeoutMs: options.timeoutMs }), options, false)
}

/**
 * The engine, or this tab's share of the device's one engine (./tabs.ts) where the browser can
 * tell its tabs apart. `connected`: a new session and config, which a tab already running the
 * engine (on the old ones) starts over with.
 */
function started(db: ShopDatabase, client: CouchClient, options: SyncStartOptions, connected: boolean): SyncController {
  const tabs = options.tabs === undefined ? platformTabs() : options.tabs || undefined
  if (!tabs) return new SyncEngine(db, client, options)
  // The shop this tab's last engine synced with.
  let ran: string | undefined
  const tab = new TabSync(
    db,
    client,
    async (first) => {
      const config = await readSyncConfig(db)
      if (!config) return undefined
      // Restarted for another shop (a connect in another tab, which cleared the old shop's
      // checkpoints and revisions while this tab's engine still ran): whatever that engine
      // wrote since goes too, now that it has stopped.
      if (ran !== undefined && ran !== config.url) await forgetServer(db)
      ran = config.url
      // The tab's own client first (connect's holds the sign-in); a later start (a takeover, a
      // restart after a connect elsewhere) takes the stored config and the browser's session.
      return new SyncEngine(db, first && config.url === client.db ? client : new CouchClient(config.url, { fetch: options.fetch, timeoutMs: options.timeoutMs }), options)
    },
    tabs,
  )
  if (connected) tab.announceRestart()
  return tab
}

/** This device's checkpoints and record of a server's revisions: they mean nothing on another shop's server. */
function forgetServer(db: ShopDatabase): Promise<void> {
  return db.transaction('rw', ['meta', 'syncRevs'], async () => {
    await db.meta.bulkDelete([SYNC_PULL_SEQ_KEY, SYNC_PUSH_SEQ_KEY])
    await db.syncRevs.clear()
  })
}
