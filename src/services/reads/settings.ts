/**
 * The shop's settings as every page shows them (name, currency, tax rate), kept in db.meta.
 * Kept apart from saving them (services/settings.ts), which only the owner's page loads.
 */
import { ValidationError } from '../../domain/errors'
import { currencyMinorDigits } from '../../domain/money'
import { readStoredSettings, type ShopSettings, type StoredSettings } from '../../domain/settingsDefaults'
import type { ShopDatabase } from '../../db/database'

export const SETTINGS_KEY = 'shopSettings'

/**
 * The settings, checked (an invalid stored value gives way to its default, named in
 * `problems`), or the defaults on a fresh device. Safe inside liveQuery and transactions.
 */
export async function readSettings(db: ShopDatabase): Promise<StoredSettings> {
  const row = await db.meta.get(SETTINGS_KEY)
  return readStoredSettings(row?.value)
}

/** The settings every use case works with: never an invalid stored value. */
export async function getSettings(db: ShopDatabase): Promise<ShopSettings> {
  return (await readSettings(db)).settings
}

/**
 * Throws unless `fractionDigits`, the decimals a price was typed, read or written with, are
 * those of the shop's currency as it is now. Called inside the transaction that stores or
 * exports prices: another tab may have changed the currency since the form was opened, and
 * a price parsed with the old decimals would be stored 10 or 100 times off.
 */
export async function assertPriceDigits(db: ShopDatabase, fractionDigits: number): Promise<void> {
  const { currency } = await getSettings(db)
  const digits = currencyMinorDigits(currency)
  if (digits !== fractionDigits) {
    throw new ValidationError('price', `The shop's currency is now ${currency}, with ${digits} decimal places. Check the price and try again.`)
  }
}
