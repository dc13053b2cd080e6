import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { currentSession, currentUser, DEVICE_SESSION_KEY, deviceSessionKey, getSessionPolicy, login, logout, refreshSession, register, SESSION_POLICY_KEY } from '../../../src/services/auth'
import { createTestDb, manualClock } from '../support'

const FAST = { iterations: 1000 }
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const START = 10_000_000
/** The key of Alice's session, as her tab holds it. */
const TAB = 'alice-tab'

let db: ShopDatabase
let clock: ReturnType<typeof manualClock>
beforeEach(async () => {
  db = createTestDb()
  clock = manualClock(START)
  await register(db, { username: 'Alice', password: 'correct horse battery' }, { ...FAST, clock, sessionKey: TAB })
})
afterEach(async () => {
  await db.delete()
})

describe('a session survives while it is used', () => {
  it('reads back with its times and the default limits', async () => {
    expect(await currentSession(db, TAB, { clock })).toEqual({
      user: { id: expect.stringMatching(/^[-0-9A-Za-z_]{13}$/), username: 'Alice', role: 'owner' },
      startedAt: START,
      lastActiveAt: START,
      policy: { idleMs: 30 * MINUTE, absoluteMs: 8 * HOUR },
    })
  })

  it('is still on 29:59 after the last activity, and activity moves the idle limit on', async () => {
    clock.set(START + 30 * MINUTE - 1)
    expect(await refreshSession(db, TAB, { clock, activity: true })).toBe('active')
    expect((await db.sessions.get(TAB))?.lastActiveAt).toBe(START + 30 * MINUTE - 1)
    clock.set(START + 59 * MINUTE)
    expect(await currentUser(db, TAB, { clock })).toMatchObject({ username: 'Alice' })
    expect(await refreshSession(db, TAB, { clock })).toBe('active')
  })

  it('does not count a plain check as activity', async () => {
    clock.set(START + 10 * MINUTE)
    await refreshSession(db, TAB, { clock })
    expect((await db.sessions.get(TAB))?.lastActiveAt).toBe(START)
  })
})

describe('a session ends by itself', () => {
  it('after 30 minutes without activity: gone for every reader, and removed', async () => {
    clock.set(START + 30 * MINUTE)
    expect(await currentUser(db, TAB, { clock })).toBeUndefined()
    expect(await db.sessions.count()).toBe(1) // reading never writes
    expect(await refreshSession(db, TAB, { clock })).toBe('idle')
    expect(await db.sessions.count()).toBe(0)
    expect(await refreshSession(db, TAB, { clock })).toBe('none')
  })

  it('is not revived by activity after it has gone idle', async () => {
    clock.set(START + 31 * MINUTE)
    expect(await refreshSession(db, TAB, { clock, activity: true })).toBe('idle')
    expect(await db.sessions.count()).toBe(0)
  })

  it('after 8 hours even with steady activity', async () => {
    for (let t = START; t < START + 8 * HOUR; t += 20 * MINUTE) {
      clock.set(t)
      expect(await refreshSession(db, TAB, { clock, activity: true })).toBe('active')
    }
    clock.set(START + 8 * HOUR)
    expect(await currentUser(db, TAB, { clock })).toBeUndefined()
    expect(await refreshSession(db, TAB, { clock, activity: true })).toBe('absolute')
    expect(await db.sessions.count()).toBe(0)
  })

  it('when its account is deleted from under it', async () => {
    const session = await db.sessions.get(TAB)
    await db.users.update(session?.userId ?? '', { deletedAt: START })
    expect(await currentUser(db, TAB, { clock })).toBeUndefined()
    expect(await refreshSession(db, TAB, { clock })).toBe('idle')
    expect(await db.sessions.count()).toBe(0)
  })
})

describe('the limits can be changed in db.meta (used by tests and a settings page)', () => {
  it('reads { idleMinutes, absoluteMinutes } and applies them', async () => {
    await db.meta.put({ key: SESSION_POLICY_KEY, value: { idleMinutes: 5, absoluteMinutes: 60 } })
    expect(await getSessionPolicy(db)).toEqual({ idleMs: 5 * MINUTE, absoluteMs: HOUR })
    clock.set(START + 5 * MINUTE)
    expect(await refreshSession(db, TAB, { clock })).toBe('idle')
  })

  it('falls back to the defaults for nonsense, so the limits cannot be switched off', async () => {
    await db.meta.put({ key: SESSION_POLICY_KEY, value: { idleMinutes: 0, absoluteMinutes: 'never' } })
    expect(await getSessionPolicy(db)).toEqual({ idleMs: 30 * MINUTE, absoluteMs: 8 * HOUR })
  })
})

describe('each login is its own session, so the tabs of one browser can be different people', () => {
  const BOB = { username: 'Bob', password: 'bobs own passphrase' }

  it("keeps two people's sessions side by side, each with its own idle limit", async () => {
    clock.set(START + 20 * MINUTE)
    const bob = await register(db, BOB, { ...FAST, clock, sessionKey: 'bob-tab' })
    expect(await currentUser(db, TAB, { clock })).toMatchObject({ username: 'Alice', role: 'owner' })
    expect(await currentUser(db, 'bob-tab', { clock })).toEqual(bob)

    clock.set(START + 30 * MINUTE)
    expect(await refreshSession(db, TAB, { clock })).toBe('idle')
    expect(await refreshSession(db, 'bob-tab', { clock })).toBe('active')
    expect(await currentUser(db, 'bob-tab', { clock })).toEqual(bob)
    expect((await db.sessions.toArray()).map((session) => session.key)).toEqual(['bob-tab'])
  })

  it("records activity in the one session it happened in, not in another person's", async () => {
    await register(db, BOB, { ...FAST, clock, sessionKey: 'bob-tab' })
    clock.set(START + 10 * MINUTE)
    await refreshSession(db, TAB, { clock, activity: true })
    expect((await db.sessions.get(TAB))?.lastActiveAt).toBe(START + 10 * MINUTE)
    expect((await db.sessions.get('bob-tab'))?.lastActiveAt).toBe(START)
  })

  it('clears out sessions past their limits (tabs closed without logging out) when a new one starts', async () => {
    clock.set(START + 30 * MINUTE)
    await register(db, BOB, { ...FAST, clock, sessionKey: 'bob-tab' })
    expect((await db.sessions.toArray()).map((session) => session.key)).toEqual(['bob-tab'])
  })

  it('logs a person out of all their sessions, and leaves the others', async () => {
    await register(db, BOB, { ...FAST, clock, sessionKey: 'bob-tab' })
    await login(db, { username: 'Alice', password: 'correct horse battery' }, { ...FAST, clock, sessionKey: 'alice-second-tab' })
    await logout(db, 'alice-second-tab')
    expect(await currentUser(db, TAB, { clock })).toBeUndefined()
    expect(await currentUser(db, 'alice-second-tab', { clock })).toBeUndefined()
    expect(await currentUser(db, 'bob-tab', { clock })).toMatchObject({ username: 'Bob' })
  })
})

describe("a tab that opens with no session of its own takes the device's most recent one", () => {
  it('is the last session started on the device, whoever started it', async () => {
    expect(await deviceSessionKey(db, { clock })).toBe(TAB)
    await login(db, { username: 'Alice', password: 'correct horse battery' }, { ...FAST, clock, sessionKey: 'second-tab' })
    expect(await deviceSessionKey(db, { clock })).toBe('second-tab')
  })

  it('is nothing once that session has run past its limit, even before it is removed', async () => {
    clock.set(START + 30 * MINUTE)
    expect(await deviceSessionKey(db, { clock })).toBeUndefined()
    expect(await refreshSession(db, TAB, { clock })).toBe('idle')
    expect(await db.meta.get(DEVICE_SESSION_KEY)).toEqual({ key: DEVICE_SESSION_KEY, value: null })
  })

  describe('on a device upgraded from one session per device', () => {
    beforeEach(async () => {
      const alice = await db.sessions.get(TAB)
      await db.sessions.clear()
      await db.meta.delete(DEVICE_SESSION_KEY)
      await db.sessions.put({ key: 'current', userId: alice?.userId ?? '', startedAt: START, lastActiveAt: START })
    })

    it("is the old 'current' session, which then works like any other", async () => {
      expect(await deviceSessionKey(db, { clock })).toBe('current')
      expect(await currentUser(db, 'current', { clock })).toMatchObject({ username: 'Alice' })
      clock.set(START + 5 * MINUTE)
      expect(await refreshSession(db, 'current', { clock, activity: true })).toBe('active')
      await logout(db, 'current')
      expect(await db.sessions.count()).toBe(0)
      expect(await deviceSessionKey(db, { clock })).toBeUndefined()
    })

    it('is no longer the old session once someone has logged in and out with the new kind', async () => {
      await register(db, { username: 'Bob', password: 'bobs own passphrase' }, { ...FAST, clock, sessionKey: 'bob-tab' })
      expect(await deviceSessionKey(db, { clock })).toBe('bob-tab')
      await logout(db, 'bob-tab')
      expect(await db.sessions.get('current')).toBeDefined() // Alice's old tab stays logged in…
      expect(await deviceSessionKey(db, { clock })).toBeUndefined() // …but a new tab starts logged out
    })
  })
})
