/**
 * Whether this device syncs, and with which server: the SyncConfig the engine stored in db.meta
 * when it connected. Read on every start (first page), so it stays this small; the engine
 * loads only when this finds a config (and checks it again itself).
 */
import type { ShopDatabase } from '../../db/database'
import { SYNC_CONFIG_KEY, type SyncConfig } from '../../sync/types'

/** The stored config, or null when sync is off (or what is stored has no address: off too). */
export async function readSyncConfig(db: ShopDatabase): Promise<SyncConfig | null> {
  const value = (await db.meta.get(SYNC_CONFIG_KEY))?.value as SyncConfig | undefined
  return typeof value?.url === 'string' ? value : null
}
