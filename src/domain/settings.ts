/** The shop's settings, which the owner sets: name, currency and tax rate. */
import { ValidationError } from './errors'
import { currencyMinorDigits, MAX_TAX_RATE, type BasisPoints } from './money'
import type { ShopSettings } from './settingsDefaults'

export { DEFAULT_SETTINGS, type ShopSettings } from './settingsDefaults'

/**
 * Why the shop's currency may not change from `from` to `to` while it has products, or
 * undefined when it may: prices are kept in minor units and are never converted, so the
 * number of decimals must stay (1500 is $15.00 in USD but would be ¥1,500 in JPY).
 */
export function currencyChangeProblem(from: string, to: string): string | undefined {
  const before = currencyMinorDigits(from)
  const after = currencyMinorDigits(to)
  if (before === after) return undefined
  return `Prices are kept with ${before} decimal places; ${to} has ${after}. Choose a currency with ${before} decimal places.`
}

function isKnownCurrency(code: string): boolean {
  return Intl.supportedValuesOf('currency').includes(code)
}

/** Turns "8.25" (percent, at most two decimals) into 825 basis points. */
export function parseTaxRate(input: string): BasisPoints {
  const text = input.trim().replace(/%$/, '').trim()
  if (text === '') throw new ValidationError('taxRate', 'Enter a tax rate, 0 for none.')
  const match = text.match(/^(\d{1,3})(?:\.(\d{1,2}))?$/)
  if (!match) throw new ValidationError('taxRate', 'Write the tax rate as a percentage with at most two decimals, like 8.25.')
  const rate = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
  if (rate > MAX_TAX_RATE) throw new ValidationError('taxRate', 'The tax rate cannot be more than 100 %.')
  return rate
}

/** Shows basis points as the percentage a person typed: 825 → "8.25". */
export function formatTaxRateInput(rate: BasisPoints): string {
  const whole = Math.floor(rate / 100)
  const frac = rate % 100
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`
}

/** Validates what the owner typed and returns the settings to store. */
export function validateSettings(input: { shopName: string; currency: string; taxRate: string }): ShopSettings {
  const shopName = input.shopName.normalize('NFKC').trim()
  if (shopName === '') throw new ValidationError('shopName', 'Enter the shop name.')
  if ([...shopName].length > 60) throw new ValidationError('shopName', 'The shop name can be at most 60 characters.')
  const currency = input.currency.trim().toUpperCase()
  if (!/^[A-Z]{3}$/.test(currency) || !isKnownCurrency(currency)) {
    throw new ValidationError('currency', 'Choose a currency by its three-letter ISO 4217 code, like USD or EUR.')
  }
  return { shopName, currency, taxRate: parseTaxRate(input.taxRate) }
}
