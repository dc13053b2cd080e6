/** The shop's settings (name, currency, tax rate), kept in db.meta. */
import type { Id } from '../domain/id'
import { ValidationError } from '../domain/errors'
import { currencyChangeProblem, validateSettings, type ShopSettings } from '../domain/settings'
import type { ShopDatabase } from '../db/database'
import { requireOwner } from './authz'
import { getSettings, SETTINGS_KEY } from './reads/settings'

export { getSettings } from './reads/settings'

/**
 * Saves the owner's settings. Prices are kept in minor units, so the currency can only
 * change to one with the same number of decimals while there are products.
 */
export function saveSettings(
  db: ShopDatabase,
  actorId: Id | undefined,
  input: { shopName: string; currency: string; taxRate: string },
): Promise<ShopSettings> {
  const settings = validateSettings(input)
  return db.transaction('rw', db.users, db.meta, db.products, async () => {
    await requireOwner(db, actorId)
    const current = await getSettings(db)
    const problem = currencyChangeProblem(current.currency, settings.currency)
    if (problem !== undefined && (await db.products.count()) > 0) throw new ValidationError('currency', problem)
    await db.meta.put({ key: SETTINGS_KEY, value: settings })
    return settings
  })
}
