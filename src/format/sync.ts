/** Sync's status and refusals as sentences for a person (views only). */
import type { SyncRefusal, SyncStatus } from '../sync/types'
import { formatDateTime, formatTime } from './date'
import { formatCount } from './numbers'

/**
 * The header's one-line status: "Up to date", "3 changes waiting", "Syncing…", "Offline",
 * "Sign in again", "Sync error: <reason>". No status yet means the engine is still starting.
 */
export function syncStatusText(status: SyncStatus | null): string {
  switch (status?.phase) {
    case undefined:
    case 'syncing':
      return 'Syncing…'
    case 'up-to-date':
      return 'Up to date'
    case 'waiting':
      return `${formatCount(status.waiting)} ${status.waiting === 1 ? 'change' : 'changes'} waiting`
    case 'offline':
      return 'Offline'
    case 'sign-in':
      return 'Sign in again'
    case 'error':
      return `Sync error: ${status.error?.message ?? 'the server stopped answering as expected.'}`
    case 'stopped':
      return 'Sync stopped'
  }
}

/** What a refusal notice says: what was refused, why, and that it was undone here. */
export function refusalText(refusal: SyncRefusal): string {
  const reason = refusal.reason.trim().replace(/[.!]$/, '')
  return `The server refused your change to ${refusal.label}: ${reason}. It was undone on this device.`
}

/** "Last synced 9:30 AM" (today), with the date when it was another day; "Not synced yet". */
export function lastSyncText(at: number | null, now: number): string {
  if (at === null) return 'Not synced yet'
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString()
  return `Last synced ${sameDay ? formatTime(at) : formatDateTime(at)}`
}
