/**
 * The backed-up tables between the database and a file: read them all, turn photos into
 * data: URLs and back, and replace them all. The file around them is format.ts's.
 */
import { GUEST_ID } from '../../domain/cart'
import { DEVICE_ID_KEY } from '../changeLog'
import { DEVICE_CODE_KEY, DEVICE_SESSION_KEY, type ShopDatabase } from '../database'
import { blobToDataUrl, dataUrlToBlob } from '../dataUrl'
import { refuse } from './refuse'
import { BACKUP_TABLE_NAMES, type BackupTables, type StoredTables } from './schemas'

/**
 * This device's sync state (src/sync/types.ts and src/sync/apply.ts own the names; db/ may not
 * import src/sync, so they are repeated here and tests/unit/db/backup.test.ts ties them): the
 * server it syncs with and its checkpoints. A restored shop is synced afresh, never with
 * another device's checkpoints.
 */
export const SYNC_META_KEYS: readonly string[] = ['syncConfig', 'syncPullSeq', 'syncPushSeq', 'syncOrphanStock', 'syncShop']
const [SYNC_CONFIG, SYNC_PULL_SEQ, SYNC_PUSH_SEQ] = SYNC_META_KEYS as [string, string, string]

/**
 * Claims of failed checkouts this device still owes the server (src/sync/releases.ts owns the
 * name): this device's, so never in a backup, but not sync state either: a restore keeps them.
 */
export const SYNC_RELEASES_META_KEY = 'syncReleases'

/** The rows of db.meta that are this device's, not the shop's: which session new tabs take, the device's code. */
export const DEVICE_META_KEYS: readonly string[] = [DEVICE_SESSION_KEY, DEVICE_CODE_KEY, DEVICE_ID_KEY, ...SYNC_META_KEYS, SYNC_RELEASES_META_KEY]

/** Reads every backed-up table. Call inside a transaction over them, for one consistent snapshot. */
export async function readBackupTables(db: ShopDatabase): Promise<StoredTables> {
  return {
    users: await db.users.toArray(),
    products: await db.products.toArray(),
    // The guest's cart is this device's, like its sessions.
    cartItems: await db.cartItems.filter((item) => item.userId !== GUEST_ID).toArray(),
    orders: await db.orders.toArray(),
    meta: await db.meta.filter((row) => !DEVICE_META_KEYS.includes(row.key)).toArray(),
    payments: await db.payments.toArray(),
    stockLedger: await db.stockLedger.toArray(),
  }
}

/** The Dexie tables a backup covers, for a transaction's scope. */
export function backupTablesOf(db: ShopDatabase) {
  return BACKUP_TABLE_NAMES.map((tableName) => db.table(tableName))
}

const INDEX_FIELDS = ['nameKey', 'nameWords', 'listed', 'stocked', 'stockGap', 'oversold'] as const

/** The tables as a file holds them: photos as data: URLs, no derived index fields. Outside any transaction. */
export async function toFileTables(stored: StoredTables): Promise<BackupTables> {
  const products = await Promise.all(
    stored.products.map(async (product) => {
      const record: Record<string, unknown> = { ...product }
      for (const field of INDEX_FIELDS) delete record[field]
      if (product.image) record.image = await blobToDataUrl(product.image)
      else delete record.image
      return record as BackupTables['products'][number]
    }),
  )
  return { ...stored, products }
}

/** The tables as the database holds them: photos back as Blobs. Outside any transaction. */
export function fromFileTables(file: BackupTables): StoredTables {
  const products = file.products.map(({ image, ...product }) => {
    if (!image) return product
    const blob = dataUrlToBlob(image)
    if (!blob) refuse(`The photo of product ${product.id} is not a readable image.`)
    return { ...product, image: blob }
  })
  return { ...file, products }
}

/** Replaces every backed-up table with `tables`. Call inside one readwrite transaction over them. */
/**
 * A restore on a device that syncs (or synced) with a shop: the restored records are not
 * changes this device made, so they must never be pushed over the shop's (the backup's older
 * prices, passwords, deletions), and the server's revisions and checkpoints this device kept
 * describe records that are gone. The device is left disconnected (the config went with the old
 * meta rows), with no syncRevs and no pull checkpoint, and its push checkpoint past the
 * restore's own journal rows: connecting again joins the shop afresh, the shop's copy winning
 * wherever both have a record. A device that never synced keeps its whole journal to push, as
 * the first device of a new shop pushes its catalog. Call inside the restore's transaction,
 * over meta, syncRevs and changes: `synced` read before the tables were replaced
 * (syncedBefore), the rest after.
 */
export async function resetSyncState(db: ShopDatabase, synced: boolean): Promise<void> {
  if (!synced) return
  await db.syncRevs.clear()
  await db.meta.bulkDelete(SYNC_META_KEYS as string[])
  const end = ((await db.changes.orderBy(':id').lastKey()) as number | undefined) ?? 0
  await db.meta.put({ key: SYNC_PUSH_SEQ, value: end })
}

/** Whether this device syncs or has synced with a shop: a config, a checkpoint, or a server revision. Inside a transaction over meta and syncRevs. */
export async function syncedBefore(db: ShopDatabase): Promise<boolean> {
  const rows = await db.meta.bulkGet([SYNC_CONFIG, SYNC_PULL_SEQ, SYNC_PUSH_SEQ])
  return rows.some((row) => row !== undefined) || (await db.syncRevs.count()) > 0
}

export async function replaceBackupTables(db: ShopDatabase, tables: StoredTables): Promise<void> {
  // The device's id is this device's, whatever the file says: it stays, and a file's is ignored.
  // So do the claims it still owes the server (SYNC_RELEASES_META_KEY).
  const kept = (await db.meta.bulkGet([DEVICE_ID_KEY, SYNC_RELEASES_META_KEY])).filter((row) => row !== undefined)
  const incoming = { ...tables, meta: tables.meta.filter((row) => row.key !== DEVICE_ID_KEY && row.key !== SYNC_RELEASES_META_KEY) }
  for (const tableName of BACKUP_TABLE_NAMES) await db.table(tableName).clear()
  for (const tableName of BACKUP_TABLE_NAMES) await db.table(tableName).bulkAdd(incoming[tableName])
  if (kept.length > 0) await db.meta.bulkPut(kept)
}
