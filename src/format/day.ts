/** Calendar days ("2026-12-01", as domain/sales.ts names them) for display. Views only. */
import { SHOP_LOCALE } from './locale'

const short = new Intl.DateTimeFormat(SHOP_LOCALE, { month: 'short', day: 'numeric' })
const long = new Intl.DateTimeFormat(SHOP_LOCALE, { weekday: 'short', month: 'short', day: 'numeric' })

/** The local midnight of a "YYYY-MM-DD" day (parsed as local, not as UTC as Date.parse would). */
function dayTime(date: string): number {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number)
  return new Date(y, m - 1, d).getTime()
}

/** "2026-12-01" → "Dec 1". */
export function formatShortDay(date: string): string {
  return short.format(dayTime(date))
}

/** "2026-12-01" → "Tue, Dec 1". */
export function formatDay(date: string): string {
  return long.format(dayTime(date))
}

/** A moment's calendar day → "Sun, Nov 29". */
export function formatDayOf(epochMs: number): string {
  return long.format(epochMs)
}
