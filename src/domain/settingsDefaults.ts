/**
 * The shop's settings and their defaults on a fresh device. Every page shows them; checking
 * what the owner types (settings.ts) loads only with the settings page.
 */
import type { BasisPoints } from './money'

export interface ShopSettings {
  shopName: string
  /** ISO 4217 code, e.g. "USD". */
  currency: string
  taxRate: BasisPoints
}

export const DEFAULT_SETTINGS: ShopSettings = { shopName: 'Offline Shop', currency: 'USD', taxRate: 0 }

/** The settings as stored, checked field by field, and what was wrong with what was stored. */
export interface StoredSettings {
  settings: ShopSettings
  /** One sentence per stored value that was not valid and gave way to its default. */
  problems: string[]
}

const MAX_SHOP_NAME = 60
const MAX_RATE: BasisPoints = 10_000

function isCurrency(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code)
}

/**
 * Reads stored settings without trusting them: a value that is missing takes its default
 * quietly (a fresh device), a value that is there but not valid (a currency "EURO", a tax rate
 * of -5, a name of 500 characters) takes its default and is named in `problems`, so the shop
 * keeps working and the owner is told. The same rules as the settings form (settings.ts).
 */
export function readStoredSettings(stored: unknown): StoredSettings {
  const value = stored !== null && typeof stored === 'object' ? (stored as Record<string, unknown>) : {}
  const problems: string[] = []
  if (stored !== undefined && (stored === null || typeof stored !== 'object')) problems.push('The stored settings could not be read; the defaults are used until you save.')
  const settings = { ...DEFAULT_SETTINGS }
  const { shopName, currency, taxRate } = value
  if (shopName !== undefined) {
    if (typeof shopName === 'string' && shopName.trim() !== '' && [...shopName].length <= MAX_SHOP_NAME) settings.shopName = shopName
    else problems.push(`The stored shop name is not valid; "${DEFAULT_SETTINGS.shopName}" is shown until you save a new one.`)
  }
  if (currency !== undefined) {
    if (isCurrency(currency)) settings.currency = currency
    else problems.push(`The stored currency ${JSON.stringify(String(currency).slice(0, 12))} is not an ISO 4217 code; prices are shown in ${DEFAULT_SETTINGS.currency} until you save a valid one.`)
  }
  if (taxRate !== undefined) {
    if (typeof taxRate === 'number' && Number.isSafeInteger(taxRate) && taxRate >= 0 && taxRate <= MAX_RATE) settings.taxRate = taxRate
    else problems.push('The stored tax rate is not valid; no tax is charged until you save a valid rate.')
  }
  return { settings, problems }
}
