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

/** The rows of db.meta that are this device's, not the shop's: which session new tabs take, the device's code. */
export const DEVICE_META_KEYS: readonly string[] = [DEVICE_SESSION_KEY, DEVICE_CODE_KEY, DEVICE_ID_KEY]

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
export async function replaceBackupTables(db: ShopDatabase, tables: StoredTables): Promise<void> {
  // The device's id is this device's, whatever the file says: it stays, and a file's is ignored.
  const device = await db.meta.get(DEVICE_ID_KEY)
  const incoming = { ...tables, meta: tables.meta.filter((row) => row.key !== DEVICE_ID_KEY) }
  for (const tableName of BACKUP_TABLE_NAMES) await db.table(tableName).clear()
  for (const tableName of BACKUP_TABLE_NAMES) await db.table(tableName).bulkAdd(incoming[tableName])
  if (device) await db.meta.put(device)
}
