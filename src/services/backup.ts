/**
 * The owner's backup of the whole shop: export to a file, and restore from one after a preview
 * of what restoring does and the owner's password. The file's format and every check on it
 * live in db/backup/; here are the use cases, each writing in one transaction, with WebCrypto
 * (the checksum, PBKDF2) kept outside it.
 */
import { GUEST_ID } from '../domain/cart'
import { AccountLockedError, AuthorizationError, ValidationError } from '../domain/errors'
import type { Id } from '../domain/id'
import { isLocked } from '../domain/lockout'
import { isActiveUser } from '../domain/user'
import {
  backupTablesOf,
  checkBackupMeaning,
  createBackup,
  fromFileTables,
  toFileTables,
  parseBackup,
  readBackupTables,
  replaceBackupTables,
  resetSyncState,
  serializeBackup,
  syncedBefore,
  summarizeBackup,
  type BackupSummary,
  type ParsedBackup,
  type ShopBackupFile,
} from '../db/backup'
import { CATALOG_SEEDED_KEY, DEVICE_CODE_KEY, type ShopDatabase } from '../db/database'
import { deviceCodeIn } from './device'
import { systemClock, type Clock } from './clock'
import { DEVICE_SESSION_KEY } from './session'
import { requireOwner } from './authz'
import { settleAttempt } from './auth'
import { PBKDF2_ITERATIONS, verifyPassword } from './password'

export interface RestoreOptions {
  /** The shop's PBKDF2 setting: an active account in the file hashed with fewer iterations is refused. */
  iterations?: number
}

/**
 * Reads and checks a backup file completely — its format, checksum, records and references
 * (parseBackup), then what they mean (checkBackupMeaning) — writing nothing. A version-1
 * file's order numbers get this device's code, as the restore would give them.
 */
async function readBackupFile(db: ShopDatabase, fileText: string, { iterations = PBKDF2_ITERATIONS }: RestoreOptions): Promise<{ backup: ParsedBackup; deviceCode: string }> {
  // A device with no code yet stores the one proposed here with the restore, or not at all.
  const deviceCode = await db.transaction('r', db.meta, db.orders, () => deviceCodeIn(db, { keep: false }))
  const backup = await parseBackup(fileText, { deviceCode })
  checkBackupMeaning(backup.tables, { minIterations: iterations, exportedAt: backup.exportedAt })
  return { backup, deviceCode }
}

/** Checks a chosen file completely without writing anything, for the "this is what will be restored" step. */
export async function inspectBackup(db: ShopDatabase, fileText: string, options: RestoreOptions = {}): Promise<ParsedBackup> {
  return (await readBackupFile(db, fileText, options)).backup
}

/** Reads the whole shop in one read transaction (a consistent snapshot) and builds the file. Owner only. */
export async function exportShop(
  db: ShopDatabase,
  userId: Id | undefined,
  { appVersion, clock = systemClock }: { appVersion: string; clock?: Clock },
): Promise<ShopBackupFile> {
  // The backed-up tables include db.users, which requireOwner reads.
  const stored = await db.transaction('r', backupTablesOf(db), async () => {
    await requireOwner(db, userId)
    return readBackupTables(db)
  })
  // Photos become data: URLs after the transaction: reading a Blob is asynchronous.
  const tables = await toFileTables(stored)
  return createBackup(tables, { appVersion, schemaVersion: db.verno, exportedAt: clock.now() })
}

/**
 * Why a file just exported would be refused at restore, or undefined when it restores: the
 * same checks a restore makes (parseBackup, checkBackupMeaning) on the file as written. A shop
 * whose data is already wrong (a stock that is not its ledger's sum, settings stored invalid)
 * still gets its backup, and the owner is told it needs fixing first, rather than finding out
 * at restore time. Uses WebCrypto: call it outside any transaction.
 */
export async function restoreProblem(file: ShopBackupFile, { iterations = PBKDF2_ITERATIONS }: RestoreOptions = {}): Promise<string | undefined> {
  try {
    const backup = await parseBackup(serializeBackup(file))
    checkBackupMeaning(backup.tables, { minIterations: iterations, exportedAt: backup.exportedAt })
    return undefined
  } catch (err) {
    if (err instanceof ValidationError) return err.message.replace(/ Nothing was imported\.$/, '')
    throw err
  }
}

export interface ImportResult {
  backup: ShopBackupFile
}

/** What restoring a checked file would do, for the person to read before they confirm. */
export interface RestorePreview {
  summary: BackupSummary
  /** The usernames of the restored shop's owners (accounts that can log in). */
  owners: string[]
  /** How many accounts the backup brings (deleted ones, kept for the order records, not counted). */
  accountsInBackup: number
  /** How many accounts this device has now, all replaced. */
  accountsNow: number
}

/**
 * Checks a chosen file completely, writing nothing, and says what restoring it would do: who
 * the owners will be and how many accounts replace the current ones. Owner only.
 */
export async function previewRestore(db: ShopDatabase, userId: Id | undefined, fileText: string, options: RestoreOptions = {}): Promise<RestorePreview> {
  const accountsNow = await db.transaction('r', db.users, async () => {
    await requireOwner(db, userId)
    return db.users.filter(isActiveUser).count()
  })
  const backup = await inspectBackup(db, fileText, options)
  const active = backup.tables.users.filter(isActiveUser)
  return {
    summary: summarizeBackup(backup),
    owners: active.filter((u) => u.role === 'owner').map((u) => u.username),
    accountsInBackup: active.length,
    accountsNow,
  }
}

export interface ImportOptions extends RestoreOptions {
  /** The current owner's password: restoring replaces every account, so it is asked for again. */
  password: string
  clock?: Clock
  /**
   * Run once the file and the password are checked, just before the shop is replaced: the
   * store stops sync there (and waits for the engine to end), so nothing of the old shop's
   * sync writes after the restore.
   */
  beforeWrite?: () => Promise<void>
}

const WRONG_PASSWORD = 'That is not your password. Nothing was restored.'

/**
 * Replaces the whole shop with a backup file's contents, after the current owner's password.
 * The file is checked completely first (db/backup: parseBackup, then checkBackupMeaning) and
 * the password verified (PBKDF2, outside any transaction; a wrong one counts towards the
 * lockout like a failed login); nothing is written unless both pass. Then one readwrite
 * transaction checks the owner again, clears every table and writes the backup, so a failure
 * half-way (storage full) leaves the shop exactly as it was. The restored shop brings its own
 * accounts, so everyone on this device is logged out; a guest's cart stays, less the lines of
 * products the restored shop does not have. A device that syncs with a shop leaves it (see
 * resetSyncState): the restore changes this device only, never the shop's server.
 */
export async function importShop(db: ShopDatabase, userId: Id | undefined, fileText: string, options: ImportOptions): Promise<ImportResult> {
  const { password, clock = systemClock } = options
  const owner = await db.transaction('r', db.users, async () => {
    await requireOwner(db, userId)
    return db.users.get(userId ?? '')
  })
  if (!owner) throw new AuthorizationError('Only the shop owner can do that.')
  if (password.length === 0) throw new ValidationError('password', 'Enter your password to restore the backup.')
  if (isLocked(owner, clock.now())) throw new AccountLockedError(owner.lockedUntil)
  // A version-1 file's order numbers get this device's code, as the upgrade gave this device's own.
  const { backup, deviceCode } = await readBackupFile(db, fileText, options)
  // Photos back to Blobs before the transaction opens.
  const tables = fromFileTables(backup.tables)
  const ok = await verifyPassword(password, { hash: owner.passwordHash, salt: owner.salt, iterations: owner.iterations })
  // Read before beforeWrite: stopping sync forgets its config.
  const synced = await db.transaction('r', db.meta, db.syncRevs, () => syncedBefore(db))
  if (ok) await options.beforeWrite?.()
  const outcome = await db.transaction('rw', [...backupTablesOf(db), db.sessions, db.legacyIds, db.syncRevs, db.changes], async () => {
    // requireOwner reads db.users (a backed-up table): past it, `userId` is still an owner's account.
    await requireOwner(db, userId)
    const attempt = await settleAttempt(db, owner, ok, clock.now())
    if (attempt.kind !== 'ok') return attempt
    // The guest's cart is this device's, like its sessions: it stays where its products do.
    const guestCart = await db.cartItems.where('userId').equals(GUEST_ID).toArray()
    await replaceBackupTables(db, tables)
    const products = new Set(tables.products.map((p) => p.id))
    await db.cartItems.bulkPut(guestCart.filter((line) => products.has(line.productId)))
    // The device's code stays the device's, whatever the backup came from.
    await db.meta.put({ key: DEVICE_CODE_KEY, value: deviceCode })
    // Old numeric addresses now mean the version-1 file's records; a version-2 file keeps the ids they pointed at.
    if (backup.legacyIds.length > 0) {
      await db.legacyIds.clear()
      await db.legacyIds.bulkPut(backup.legacyIds)
    }
    // A backup written before the demo catalog was seeded must not get it seeded on top.
    if (!backup.tables.meta.some((row) => row.key === CATALOG_SEEDED_KEY)) await db.meta.put({ key: CATALOG_SEEDED_KEY, value: true })
    // Every account is the backup's now, whatever their ids: everyone here logs in again.
    await db.sessions.clear()
    await db.meta.put({ key: DEVICE_SESSION_KEY, value: null })
    await resetSyncState(db, synced)
    return attempt
  })
  if (outcome.kind === 'locked') throw new AccountLockedError(outcome.until)
  if (outcome.kind === 'wrong') throw new ValidationError('password', WRONG_PASSWORD)
  return { backup }
}
