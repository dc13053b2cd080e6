/**
 * The contract between the sync engine (src/sync/, loaded with a dynamic import only when sync
 * is switched on) and what shows it (stores/sync.ts, the Settings → Sync page, the status on
 * every page). Types only: importing this file costs the first page nothing.
 */
import type { JoinChoice } from '../domain/join'

/** What the status on every page says. */
export type SyncPhase =
  /** Nothing waiting, the last pull reached the server's latest change. */
  | 'up-to-date'
  /** Local changes not yet on the server (`waiting` says how many). */
  | 'waiting'
  /** Pushing or pulling right now. */
  | 'syncing'
  /** The browser is offline or the server cannot be reached; retried with backoff. */
  | 'offline'
  /** The server's session ended (401): the person must sign in again; nothing is lost. */
  | 'sign-in'
  /** Anything else that stopped sync (see `error`). */
  | 'error'
  /** Sync is not running (stopped, or never connected). */
  | 'stopped'

/** Why connecting or syncing failed, each with its own message (see SyncError). */
export type SyncErrorKind =
  /** Not an http(s) URL to a database. */
  | 'bad-address'
  /** The server answered 401 to the sign-in: wrong username or password. */
  | 'wrong-password'
  /** No answer at all: down, wrong host or port, no network. */
  | 'unreachable'
  /** The browser refused the request: CORS not allowed for this origin, or http from an https page (mixed content). */
  | 'blocked'
  /** The database exists but has no shop design document (`npm run sync:setup` was not run), or the database is missing. */
  | 'not-a-shop'
  /** The signed-in user is not a member of the shop's database (403 on read). */
  | 'not-a-member'
  /** The session expired (401 after a successful sign-in). */
  | 'session-expired'
  /** 5xx, malformed JSON, a timeout: the server misbehaved. */
  | 'server'

export interface SyncErrorInfo {
  kind: SyncErrorKind
  /** A sentence for a person: what went wrong and what to do. */
  message: string
}

/** A change the server refused (403 from validate_doc_update), already rolled back on this device. */
export interface SyncRefusal {
  /** The record's table and id, and a name a person knows it by ("Stoneware Mug", "order K7-1042"). */
  table: string
  id: string
  label: string
  /** The server's reason, as its rules wrote it. */
  reason: string
  at: number
}

/** Progress of a device's first pull from a shop that already has data. */
export interface SyncJoinProgress {
  /** Documents received so far, and how many the server had when the join began. */
  done: number
  total: number
  /** True once every product has arrived: the catalog is usable while the rest comes in. */
  catalogReady: boolean
}

export interface SyncStatus {
  phase: SyncPhase
  /** Local changes not yet pushed. */
  waiting: number
  /** When a push and pull last both finished without error (ms since the epoch), if ever. */
  lastSyncedAt: number | null
  error: SyncErrorInfo | null
  /** Present while this device's first pull is under way. */
  join: SyncJoinProgress | null
  /** Refusals not yet dismissed, newest first. */
  refusals: SyncRefusal[]
}

/** What a device keeps to reconnect: never the password (the server's cookie is the session). */
export interface SyncConfig {
  /** The database's URL, e.g. https://couch.example.com/shop */
  url: string
  username: string
  /** The roles the server gave this user at sign-in (userCtx.roles). */
  roles: string[]
  /** How this device joined the shop, while the person has not dismissed what it means (JoinOutcome). */
  joined?: JoinOutcome
}

/**
 * How a device joins a shop whose database already holds data, when the device holds data of
 * its own (anything beyond the untouched demo catalog: orders, accounts, products added or
 * changed): 'shop' replaces this device's records with the shop's (the default); 'merge', for
 * an owner only, adds this device's records to the shop (the demo catalog as seeded, and
 * deletions, stay off the shop).
 */
export type { JoinChoice }

/** What a joining device holds of its own, for the person to choose (connect asks, see JoinChoiceNeeded). */
export interface JoinSurvey {
  /** Orders made on this device: none of them is in the shop. */
  orders: number
  /** This device's accounts; `inShop` when the shop has that very account (it came from the shop before). */
  accounts: { id: string; username: string; inShop: boolean }[]
  /** Products added or changed on this device (the untouched demo catalog is not counted). */
  products: number
  /** Whether the server's user may add this device's data to the shop (the owner role). */
  canMerge: boolean
}

/**
 * connect() rejects with this (name 'JoinChoiceNeeded') when the shop has data and this device
 * has data of its own and no JoinChoice was given: nothing was changed or stored; connect
 * again with the person's choice.
 */
export interface JoinChoiceNeeded extends Error {
  name: 'JoinChoiceNeeded'
  survey: JoinSurvey
}

/** What a join did to this device's own data, kept with the config until the person dismisses it. */
export interface JoinOutcome {
  use: JoinChoice
  at: number
  /** The usernames of the accounts that were only on this device and are gone from it (anyone logged in with them was logged out). */
  removedAccounts: string[]
}

/** The engine as the store sees it (src/sync/index.ts makes one). */
export interface SyncController {
  /** The current status; `onStatus` hears every change. */
  readonly status: SyncStatus
  onStatus(listener: (status: SyncStatus) => void): () => void
  /** Push what is waiting and pull what is new, now. */
  syncNow(): Promise<void>
  /** Stops syncing; local data is kept, and so is the config unless `forget`. */
  stop(options?: { forget?: boolean }): Promise<void>
  dismissRefusal(at: number): void
  /**
   * Before an online checkout: claims `quantity` units of each product on the server (the
   * per-product stock document, written with its _rev). Resolves true when every claim held,
   * false when sync is offline (the sale goes ahead, marked offline); rejects with an
   * OutOfStockError when another device sold them first. `release` gives back claims of a
   * checkout that then failed.
   */
  claimStock(lines: readonly { productId: string; quantity: number; ledgerId: string }[]): Promise<boolean>
  releaseStock(lines: readonly { productId: string; quantity: number; ledgerId: string }[]): Promise<void>
}

/** The db.meta keys of sync (device-local: never in a backup, never synced). */
export const SYNC_CONFIG_KEY = 'syncConfig'
export const SYNC_PULL_SEQ_KEY = 'syncPullSeq'
export const SYNC_PUSH_SEQ_KEY = 'syncPushSeq'
/** The shop's database the checkpoints and syncRevs are of: kept when "Stop syncing" forgets the config, so a later connect knows whether they are this shop's. */
export const SYNC_SHOP_KEY = 'syncShop'
/** Claims of failed checkouts the server could not take back at once, given back in the engine's next round (./releases.ts). Kept through "Stop syncing" and a restore: they are the server's due. */
export const SYNC_RELEASES_KEY = 'syncReleases'
