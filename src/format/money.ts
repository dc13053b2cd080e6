/**
 * Money for display: integer minor units in a currency named by the caller, so an order
 * keeps showing the currency it was placed in. For the shop's own currency, views use
 * useMoney() (composables/useMoney.ts), which knows it from the settings.
 */
import { currencyMinorDigits, type Minor } from '../domain/money'
import { SHOP_LOCALE } from './locale'

const formatters = new Map<string, Intl.NumberFormat>()

/** 1299 in "USD" → "$12.99"; 1500 in "JPY" → "¥1,500"; 1234 in "KWD" → "KWD 1.234". */
export function formatMoney(minor: Minor, currency: string): string {
  let format = formatters.get(currency)
  if (!format) {
    format = new Intl.NumberFormat(SHOP_LOCALE, { style: 'currency', currency })
    formatters.set(currency, format)
  }
  return format.format(minor / 10 ** currencyMinorDigits(currency))
}

/** A price as a person would type it with `digits` decimals, for hints: "12.99", "1500" (none), "12.999" (three). */
export function examplePrice(digits: number): string {
  return digits === 0 ? '1500' : `12.${'9'.repeat(digits)}`
}
