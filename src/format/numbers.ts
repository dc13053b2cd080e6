/** Counts, byte sizes and shares for display, with Intl.NumberFormat. Views only. */
import { SHOP_LOCALE } from './locale'

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const

const formatters = new Map<string, Intl.NumberFormat>()
function formatterFor(unit: (typeof UNITS)[number]): Intl.NumberFormat {
  let formatter = formatters.get(unit)
  if (!formatter) {
    // "12 bytes" in full (the short form says "12 byte"), "1.5 kB" short.
    formatter = new Intl.NumberFormat(SHOP_LOCALE, {
      style: 'unit',
      unit,
      unitDisplay: unit === 'byte' ? 'long' : 'short',
      maximumFractionDigits: unit === 'byte' ? 0 : 1,
    })
    formatters.set(unit, formatter)
  }
  return formatter
}

/** 1234567 → "1.2 MB" (decimal units, as browsers and disks count them). */
export function formatBytes(bytes: number): string {
  let unit = 0
  let value = Math.max(0, bytes)
  // Round first, so 999,960 bytes reads "1 MB" rather than "1,000 kB".
  while (Math.round(value * 10) / 10 >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  return formatterFor(UNITS[unit] ?? 'byte').format(value)
}

const percent = new Intl.NumberFormat(SHOP_LOCALE, { style: 'percent', maximumFractionDigits: 2 })

/** 0.0123 → "1.23%". */
export function formatShare(share: number): string {
  return percent.format(share)
}

const counter = new Intl.NumberFormat(SHOP_LOCALE)

/** 1000 → "1,000". */
export function formatCount(count: number): string {
  return counter.format(count)
}
