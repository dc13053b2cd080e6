/**
 * Whether this device syncs, and with which server: the SyncConfig the engine stored in db.meta
 * when it connected. Read on every start (first page), so it stays this small; the engine
 * itself loads only when this finds a config.
 */
import type { ShopDatabase } from '../../db/database'
import { SYNC_CONFIG_KEY, type SyncConfig } from '../../sync/types'

/** The stored config, or null when sync is off (or what is stored is not a config: treated as off). */
export async function readSyncConfig(db: ShopDatabase): Promise<SyncConfig | null> {
  const value = (await db.meta.get(SYNC_CONFIG_KEY))?.value as Partial<SyncConfig> | undefined
  if (typeof value?.url !== 'string' || typeof value.username !== 'string') return null
  return { url: value.url, username: value.username, roles: Array.isArray(value.roles) ? value.roles.filter((r) => typeof r === 'string') : [] }
}
