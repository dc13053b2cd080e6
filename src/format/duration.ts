const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

function unit(value: number, name: 'hour' | 'minute' | 'second'): string {
  return new Intl.NumberFormat('en', { style: 'unit', unit: name, unitDisplay: 'long' }).format(value)
}

/**
 * A span of time as words, rounded up to the second: "30 seconds", "1 minute and 5
 * seconds", "8 hours". Zero parts are left out.
 */
export function formatDuration(ms: number): string {
  let seconds = Math.max(0, Math.ceil(ms / SECOND))
  const hours = Math.floor(seconds / (HOUR / SECOND))
  seconds -= hours * (HOUR / SECOND)
  const minutes = Math.floor(seconds / (MINUTE / SECOND))
  seconds -= minutes * (MINUTE / SECOND)
  const parts = [
    ...(hours ? [unit(hours, 'hour')] : []),
    ...(minutes ? [unit(minutes, 'minute')] : []),
    ...(seconds || (!hours && !minutes) ? [unit(seconds, 'second')] : []),
  ]
  return new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(parts)
}
