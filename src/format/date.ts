import { SHOP_LOCALE } from './locale'

const dateFormatter = new Intl.DateTimeFormat(SHOP_LOCALE, { dateStyle: 'medium', timeStyle: 'short' })

/** A moment (epoch ms) as the shop shows it: "Dec 1, 2026, 9:30 AM". */
export function formatDateTime(epochMs: number): string {
  return dateFormatter.format(epochMs)
}

const timeFormatter = new Intl.DateTimeFormat(SHOP_LOCALE, { timeStyle: 'short' })

/** Only the time of a moment (epoch ms), for what happened today: "9:30 AM". */
export function formatTime(epochMs: number): string {
  return timeFormatter.format(epochMs)
}
