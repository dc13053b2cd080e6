import { shallowRef } from 'vue'
import type { Minor } from '../domain/money'
import { DEFAULT_SETTINGS } from '../domain/settingsDefaults'

/** The locale money and dates are shown in. */
export const SHOP_LOCALE = 'en-US'

/** The shop's currency as the owner set it; the settings store keeps it up to date. */
export const shopCurrency = shallowRef(DEFAULT_SETTINGS.currency)

const formatters = new Map<string, { format: Intl.NumberFormat; digits: number }>()

function formatterFor(currency: string) {
  let entry = formatters.get(currency)
  if (!entry) {
    const format = new Intl.NumberFormat(SHOP_LOCALE, { style: 'currency', currency })
    entry = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 }
    formatters.set(currency, entry)
  }
  return entry
}

/**
 * How many decimals the shop's currency has (2 for USD): what a typed price may hold. The
 * currency can only change to one with as many decimals (services/settings.ts).
 */
export const SHOP_FRACTION_DIGITS = formatterFor(DEFAULT_SETTINGS.currency).digits

/**
 * Formats integer minor units for display, e.g. 1299 → "$12.99", in the shop's currency or
 * the one given (an order keeps the currency it was placed in). Views only.
 */
export function formatMoney(minor: Minor, currency = shopCurrency.value): string {
  const { format, digits } = formatterFor(currency)
  return format.format(minor / 10 ** digits)
}

const dateFormatter = new Intl.DateTimeFormat(SHOP_LOCALE, { dateStyle: 'medium', timeStyle: 'short' })

export function formatDateTime(epochMs: number): string {
  return dateFormatter.format(epochMs)
}

const plainAmount = new Intl.NumberFormat('en-US', { useGrouping: false, minimumFractionDigits: SHOP_FRACTION_DIGITS, maximumFractionDigits: SHOP_FRACTION_DIGITS })

/** Minor units as a form field shows them for editing: 1299 → "12.99" (no symbol, no grouping). */
export function formatAmountInput(minor: Minor): string {
  return plainAmount.format(minor / 10 ** SHOP_FRACTION_DIGITS)
}
