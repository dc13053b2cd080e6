import type { Minor } from '../domain/money'

/** The shop's currency and locale. A later issue lets the owner choose them. */
export const SHOP_CURRENCY = 'USD'
export const SHOP_LOCALE = 'en-US'

const formatter = new Intl.NumberFormat(SHOP_LOCALE, { style: 'currency', currency: SHOP_CURRENCY })
const minorDigits = formatter.resolvedOptions().maximumFractionDigits ?? 2
/** How many decimals the shop's currency has (2 for USD): what a typed price may hold. */
export const SHOP_FRACTION_DIGITS = minorDigits

/** Formats integer minor units for display, e.g. 1299 → "$12.99". Views only. */
export function formatMoney(minor: Minor): string {
  return formatter.format(minor / 10 ** minorDigits)
}

const dateFormatter = new Intl.DateTimeFormat(SHOP_LOCALE, { dateStyle: 'medium', timeStyle: 'short' })

export function formatDateTime(epochMs: number): string {
  return dateFormatter.format(epochMs)
}

const plainAmount = new Intl.NumberFormat('en-US', { useGrouping: false, minimumFractionDigits: minorDigits, maximumFractionDigits: minorDigits })

/** Minor units as a form field shows them for editing: 1299 → "12.99" (no symbol, no grouping). */
export function formatAmountInput(minor: Minor): string {
  return plainAmount.format(minor / 10 ** minorDigits)
}
