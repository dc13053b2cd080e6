/** Sync's status and refusals as sentences for a person (views only). */
import type { JoinOutcome, JoinSurvey, SyncRefusal, SyncStatus } from '../sync/types'
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

/** "1 order", "2 orders". */
function counted(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`
}

/** "a", "a and b", "a, b and c". */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}

/**
 * What a joining device made on its own, as a person reads it: "1 order, the account bruno and
 * 2 products added or changed here". Empty when it made nothing (only the demo catalog).
 */
export function joinHoldingsText(survey: JoinSurvey): string {
  const own = survey.accounts.filter((a) => !a.inShop).map((a) => a.username)
  const parts = [
    ...(survey.orders > 0 ? [counted(survey.orders, 'order', 'orders')] : []),
    ...(own.length > 0 ? [`${own.length === 1 ? 'the account' : 'the accounts'} ${listed(own)}`] : []),
    ...(survey.products > 0 ? [`${counted(survey.products, 'product', 'products')} added or changed here`] : []),
  ]
  return listed(parts)
}

/** What becomes of the person at this device when the shop's data replaces its own, or '' when they stay logged in. */
export function joinSignInText(survey: JoinSurvey, userId: string | null): string {
  const account = survey.accounts.find((a) => a.id === userId)
  if (!account || account.inShop) return ''
  return `Your account here, ${account.username}, is not one of the shop's: you will be logged out, and log in with an account of the shop.`
}

/** The notice after the shop's data replaced this device's, while accounts that were only here are gone. */
export function joinedNoticeText(outcome: JoinOutcome): string {
  const n = outcome.removedAccounts.length
  return (
    `This device now uses the shop's data. ${n === 1 ? 'The account' : 'The accounts'} ${listed(outcome.removedAccounts)} ${n === 1 ? 'was' : 'were'} only on this device and ${n === 1 ? 'is' : 'are'} gone, ` +
    `so anyone logged in with ${n === 1 ? 'it' : 'one of them'} here was logged out. Log in with an account of the shop once its data has arrived.`
  )
}
