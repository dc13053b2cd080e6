/**
 * The session store is each tab's view of who is logged in: its own session key kept in
 * sessionStorage, or, for a tab that opens without one, the device's most recent session.
 * A "tab" here is a fresh Pinia started with whatever sessionStorage holds at that moment.
 */
import { createPinia, disposePinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '../../src/db/database'
import { DEVICE_SESSION_KEY } from '../../src/services/session'
import { SESSION_KEY_STORAGE, useSessionStore } from '../../src/stores/session'
import { addUser, clearDb } from './fixtures'
import type { Id } from '../../src/domain/id'

/** Another tab's change reaches this one through a live query: room on a slow machine. */
const WAIT = { timeout: 3000, interval: 20 }

const tabs: Pinia[] = []

beforeEach(async () => {
  await clearDb()
})

afterEach(() => {
  for (const pinia of tabs.splice(0)) disposePinia(pinia)
})

/** Opens a tab with `storedKey` in its sessionStorage (none by default) and waits until it knows who is there. */
async function openTab(storedKey?: string) {
  sessionStorage.clear()
  if (storedKey) sessionStorage.setItem(SESSION_KEY_STORAGE, storedKey)
  const pinia = createPinia()
  tabs.push(pinia)
  setActivePinia(pinia)
  const store = useSessionStore()
  await store.whenReady()
  return store
}

/** A session for `userId` under `key`, made the device's most recent one, as a login does. */
async function startSession(userId: Id, key: string): Promise<void> {
  const now = Date.now()
  await db.sessions.put({ key, userId, startedAt: now, lastActiveAt: now })
  await db.meta.put({ key: DEVICE_SESSION_KEY, value: key })
}

describe('which session a tab is on', () => {
  it("takes the device's most recent session when it opens without one, and keeps its key for a reload", async () => {
    const alice = await addUser('alice')
    const bob = await addUser('bob')
    await startSession(alice, 'alice-key')
    await startSession(bob, 'bob-key')
    const tab = await openTab()
    expect(tab.user).toMatchObject({ id: bob, username: 'bob' })
    expect(sessionStorage.getItem(SESSION_KEY_STORAGE)).toBe('bob-key')
  })

  it('keeps its own person after a reload, whoever logged in since', async () => {
    const alice = await addUser('alice')
    const bob = await addUser('bob')
    await startSession(alice, 'alice-key')
    await startSession(bob, 'bob-key')
    const tab = await openTab('alice-key')
    expect(tab.user).toMatchObject({ id: alice, username: 'alice' })
  })

  it("takes the old 'current' session on a device upgraded from one session per device", async () => {
    const alice = await addUser('alice')
    await db.sessions.put({ key: 'current', userId: alice, startedAt: Date.now(), lastActiveAt: Date.now() })
    const tab = await openTab()
    expect(tab.user).toMatchObject({ id: alice })
    expect(sessionStorage.getItem(SESSION_KEY_STORAGE)).toBe('current')
  })

  it('starts logged out when there is nothing to take, and a login in another tab does not change that', async () => {
    const first = await openTab()
    expect(first.ready).toBe(true)
    expect(first.isLoggedIn).toBe(false)
    expect(sessionStorage.getItem(SESSION_KEY_STORAGE)).toBeNull()

    await startSession(await addUser('bob'), 'bob-key')
    const second = await openTab()
    await vi.waitFor(() => expect(second.user).toMatchObject({ username: 'bob' }), WAIT)
    expect(first.isLoggedIn).toBe(false)
  })

  it('stays logged out after its session ended, instead of taking somebody else\'s', async () => {
    await startSession(await addUser('alice'), 'alice-key')
    await startSession(await addUser('bob'), 'bob-key') // the device's most recent session
    await db.sessions.delete('alice-key')
    const tab = await openTab('alice-key')
    expect(tab.ready).toBe(true)
    expect(tab.isLoggedIn).toBe(false)
  })
})

describe('logging out', () => {
  it("logs the person out in every tab they are in, and leaves another person's tab alone", async () => {
    const alice = await addUser('alice')
    const bob = await addUser('bob')
    await startSession(alice, 'alice-key')
    await startSession(bob, 'bob-key')
    const aliceTab = await openTab('alice-key')
    const bobTab = await openTab('bob-key')
    const bobsOtherTab = await openTab() // opened after Bob's login: takes his session
    expect(bobsOtherTab.user).toMatchObject({ id: bob })

    await bobTab.logout()
    await vi.waitFor(() => expect(bobsOtherTab.isLoggedIn).toBe(false), WAIT)
    expect(bobTab.isLoggedIn).toBe(false)
    expect(aliceTab.user).toMatchObject({ id: alice })
    expect((await db.sessions.toArray()).map((session) => session.key)).toEqual(['alice-key'])
  })
})
