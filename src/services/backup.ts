/**
 * The owner's backup of the whole shop: export to a file, and restore from one. The file's
 * format and every check on it live in db/backup/; here are the two use cases, each in one
 * transaction, with WebCrypto (the checksum) kept outside it.
 */
import type { Id } from '../domain/id'
import {
  backupTablesOf,
  checkBackupMeaning,
  createBackup,
  fromFileTables,
  toFileTables,
  parseBackup,
  readBackupTables,
  replaceBackupTables,
  type ParsedBackup,
  type ShopBackupFile,
} from '../db/backup'
import { CATALOG_SEEDED_KEY, DEVICE_CODE_KEY, type ShopDatabase } from '../db/database'
import { deviceCodeIn } from './device'
import { systemClock, type Clock } from './clock'
import { DEVICE_SESSION_KEY } from './session'
import { requireOwner } from './authz'
import { PBKDF2_ITERATIONS } from './password'

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

export interface ImportResult {
  backup: ShopBackupFile
  /** The person who restored is in the backup too (same account id and username) and stays logged in. */
  stillLoggedIn: boolean
}

/**
 * Replaces the whole shop with a backup file's contents. The file is checked completely
 * first (db/backup: parseBackup, then checkBackupMeaning) and nothing is written unless it passes; then one
 * readwrite transaction checks the owner, clears every table and writes the backup, so a
 * failure half-way (storage full) leaves the shop exactly as it was. The restored shop
 * brings its own accounts: whoever restored stays logged in only if they are one of them.
 */
export async function importShop(db: ShopDatabase, userId: Id | undefined, fileText: string, options: RestoreOptions = {}): Promise<ImportResult> {
  // A version-1 file's order numbers get this device's code, as the upgrade gave this device's own.
  const { backup, deviceCode } = await readBackupFile(db, fileText, options)
  // Photos back to Blobs before the transaction opens.
  const tables = fromFileTables(backup.tables)
  const stillLoggedIn = await db.transaction('rw', [...backupTablesOf(db), db.sessions, db.legacyIds], async () => {
    // requireOwner reads db.users (a backed-up table): past it, `userId` is an owner's account.
    await requireOwner(db, userId)
    // Sessions are this device's, not the shop's: a session stays only if its account is
    // in the backup as the same person (same id and username); which session new tabs
    // take stays this device's too.
    const accountsBefore = new Map((await db.users.toArray()).map((u) => [u.id, u.usernameKey]))
    const deviceSession = await db.meta.get(DEVICE_SESSION_KEY)
    await replaceBackupTables(db, tables)
    // The device's code stays the device's, whatever the backup came from.
    await db.meta.put({ key: DEVICE_CODE_KEY, value: deviceCode })
    // Old numeric addresses now mean the version-1 file's records; a version-2 file keeps the ids they pointed at.
    if (backup.legacyIds.length > 0) {
      await db.legacyIds.clear()
      await db.legacyIds.bulkPut(backup.legacyIds)
    }
    // A backup written before the demo catalog was seeded must not get it seeded on top.
    if (!backup.tables.meta.some((row) => row.key === CATALOG_SEEDED_KEY)) await db.meta.put({ key: CATALOG_SEEDED_KEY, value: true })
    const accountsAfter = new Map(backup.tables.users.map((u) => [u.id, u.usernameKey]))
    const samePerson = (id: Id) => accountsAfter.has(id) && accountsAfter.get(id) === accountsBefore.get(id)
    await db.sessions.filter((session) => !samePerson(session.userId)).delete()
    const deviceKey = deviceSession?.value
    const stillThere = typeof deviceKey === 'string' && (await db.sessions.get(deviceKey)) !== undefined
    await db.meta.put({ key: DEVICE_SESSION_KEY, value: stillThere ? deviceKey : null })
    return userId !== undefined && samePerson(userId)
  })
  return { backup, stillLoggedIn }
}
