/**
 * The backup file, as the rest of the app uses it: schemas.ts (what each table's records
 * are), format.ts (the file, its checksum, its records' shapes and references), meaning.ts
 * (what the records say: stock, totals, payments, settings, security fields), tables.ts
 * (moving the tables between the database and a file).
 */
export { BACKUP_TABLE_NAMES, BACKUP_TABLES, DERIVED_TABLES, DEVICE_TABLES, type BackupTableName, type BackupTables, type StoredTables } from './schemas'
export {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  backupFileName,
  checksumOf,
  createBackup,
  parseBackup,
  serializeBackup,
  summarizeBackup,
  type BackupSummary,
  type ParsedBackup,
  type ShopBackupFile,
} from './format'
export { backupTablesOf, fromFileTables, readBackupTables, replaceBackupTables, resetSyncState, syncedBefore, toFileTables } from './tables'
export { BACKUP_SETTINGS_KEY, checkBackupMeaning, MAX_LOCKOUT_AFTER_EXPORT_MS, type MeaningRules } from './meaning'
