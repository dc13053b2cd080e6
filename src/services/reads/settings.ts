/**
 * The shop's settings as every page shows them (name, currency, tax rate), kept in db.meta.
 * Kept apart from saving them (services/settings.ts), which only the owner's page loads.
 */
import { DEFAULT_SETTINGS, type ShopSettings } from '../../domain/settingsDefaults'
import type { ShopDatabase } from '../../db/database'

export const SETTINGS_KEY = 'shopSettings'

/** The settings, or the defaults on a fresh device. Safe inside liveQuery and transactions. */
export async function getSettings(db: ShopDatabase): Promise<ShopSettings> {
  const row = await db.meta.get(SETTINGS_KEY)
  return { ...DEFAULT_SETTINGS, ...(row?.value as Partial<ShopSettings> | undefined) }
}
