import { describe, expect, it } from 'vitest'
import { lastSyncText, refusalText, syncStatusText } from '../../../src/format/sync'
import type { SyncStatus } from '../../../src/sync/types'

const status = (over: Partial<SyncStatus>): SyncStatus => ({ phase: 'up-to-date', waiting: 0, lastSyncedAt: null, error: null, join: null, refusals: [], ...over })

describe('syncStatusText', () => {
  it.each<[Partial<SyncStatus>, string]>([
    [{ phase: 'up-to-date' }, 'Up to date'],
    [{ phase: 'waiting', waiting: 1 }, '1 change waiting'],
    [{ phase: 'waiting', waiting: 1234 }, '1,234 changes waiting'],
    [{ phase: 'syncing' }, 'Syncing…'],
    [{ phase: 'offline' }, 'Offline'],
    [{ phase: 'sign-in' }, 'Sign in again'],
    [{ phase: 'error', error: { kind: 'server', message: 'The server answered 500.' } }, 'Sync error: The server answered 500.'],
    [{ phase: 'stopped' }, 'Sync stopped'],
  ])('%o → %s', (over, text) => {
    expect(syncStatusText(status(over))).toBe(text)
  })

  it('says syncing while the engine is still loading', () => {
    expect(syncStatusText(null)).toBe('Syncing…')
  })
})

describe('refusalText', () => {
  it('names the record and the reason, once with a full stop', () => {
    const refusal = { table: 'products', id: 'p1', label: 'Stoneware Mug', reason: 'Only the owner may change products.', at: 1 }
    expect(refusalText(refusal)).toBe('The server refused your change to Stoneware Mug: Only the owner may change products. It was undone on this device.')
  })
})

describe('lastSyncText', () => {
  const now = new Date(2026, 11, 1, 15, 0).getTime()
  it('gives only the time for today, the date too for another day, and says when never', () => {
    expect(lastSyncText(new Date(2026, 11, 1, 9, 30).getTime(), now)).toBe('Last synced 9:30 AM')
    expect(lastSyncText(new Date(2026, 10, 30, 9, 30).getTime(), now)).toMatch(/^Last synced Nov 30, 2026, 9:30 AM$/)
    expect(lastSyncText(null, now)).toBe('Not synced yet')
  })
})
