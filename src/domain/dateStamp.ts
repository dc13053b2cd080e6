/**
 * The date in an exported file's name (offline-shop-backup-2024-05-31.json): the calendar
 * day where the person is, not in UTC — a backup made at 00:30 is named after today, not
 * yesterday. The time is passed in (a clock's now()); the time zone is the device's.
 */
export function localDateStamp(time: number): string {
  const date = new Date(time)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${String(date.getFullYear()).padStart(4, '0')}-${two(date.getMonth() + 1)}-${two(date.getDate())}`
}
