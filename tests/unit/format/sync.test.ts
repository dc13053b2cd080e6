import { describe, expect, it } from 'vitest'
import { joinedNoticeText, joinHoldingsText, joinSignInText, lastSyncText, refusalText, syncStatusText } from '../../../src/format/sync'
import type { JoinSurvey, SyncStatus } from '../../../src/sync/types'

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

describe('joining a shop that already has data', () => {
  const survey = (overrides: Partial<JoinSurvey> = {}): JoinSurvey => ({ orders: 0, accounts: [], products: 0, canMerge: false, ...overrides })

  it.each<[Partial<JoinSurvey>, string]>([
    [{}, ''],
    [{ orders: 1 }, '1 order'],
    [{ orders: 1_200, products: 3 }, '1,200 orders and 3 products added or changed here'],
    [
      { orders: 2, accounts: [{ id: 'a', username: 'bruno', inShop: false }, { id: 'b', username: 'olive', inShop: true }], products: 1 },
      '2 orders, the account bruno and 1 product added or changed here',
    ],
    [{ accounts: ['ann', 'bob', 'cy'].map((u) => ({ id: u, username: u, inShop: false })) }, 'the accounts ann, bob and cy'],
  ])('says what the device made of its own: %o', (patch, text) => {
    expect(joinHoldingsText(survey(patch))).toBe(text)
  })

  it('says whether the person here will be logged out', () => {
    const s = survey({ accounts: [{ id: 'a', username: 'bruno', inShop: false }, { id: 'b', username: 'olive', inShop: true }] })
    expect(joinSignInText(s, 'a')).toBe("Your account here, bruno, is not one of the shop's: you will be logged out, and log in with an account of the shop.")
    expect(joinSignInText(s, 'b')).toBe('')
    expect(joinSignInText(s, null)).toBe('')
  })

  it('says whose accounts went after the join', () => {
    expect(joinedNoticeText({ use: 'shop', at: 1, removedAccounts: ['bruno', 'cy'] })).toBe(
      "This device now uses the shop's data. The accounts bruno and cy were only on this device and are gone, so anyone logged in with one of them here was logged out. Log in with an account of the shop once its data has arrived.",
    )
  })
})
