import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { currentSession, currentUser, getSessionPolicy, refreshSession, register, SESSION_POLICY_KEY } from '../../../src/services/auth'
import { createTestDb, manualClock } from '../support'

const FAST = { iterations: 1000 }
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const START = 10_000_000

let db: ShopDatabase
let clock: ReturnType<typeof manualClock>
beforeEach(async () => {
  db = createTestDb()
  clock = manualClock(START)
  await register(db, { username: 'Alice', password: 'correct horse battery' }, { ...FAST, clock })
})
afterEach(async () => {
  await db.delete()
})

describe('a session survives while it is used', () => {
  it('reads back with its times and the default limits', async () => {
    expect(await currentSession(db, { clock })).toEqual({
      user: { id: expect.any(Number), username: 'Alice', role: 'owner' },
      startedAt: START,
      lastActiveAt: START,
      policy: { idleMs: 30 * MINUTE, absoluteMs: 8 * HOUR },
    })
  })

  it('is still on 29:59 after the last activity, and activity moves the idle limit on', async () => {
    clock.set(START + 30 * MINUTE - 1)
    expect(await refreshSession(db, { clock, activity: true })).toBe('active')
    expect((await db.sessions.get('current'))?.lastActiveAt).toBe(START + 30 * MINUTE - 1)
    clock.set(START + 59 * MINUTE)
    expect(await currentUser(db, { clock })).toMatchObject({ username: 'Alice' })
    expect(await refreshSession(db, { clock })).toBe('active')
  })

  it('does not count a plain check as activity', async () => {
    clock.set(START + 10 * MINUTE)
    await refreshSession(db, { clock })
    expect((await db.sessions.get('current'))?.lastActiveAt).toBe(START)
  })
})

describe('a session ends by itself', () => {
  it('after 30 minutes without activity: gone for every reader, and removed', async () => {
    clock.set(START + 30 * MINUTE)
    expect(await currentUser(db, { clock })).toBeUndefined()
    expect(await db.sessions.count()).toBe(1) // reading never writes
    expect(await refreshSession(db, { clock })).toBe('idle')
    expect(await db.sessions.count()).toBe(0)
    expect(await refreshSession(db, { clock })).toBe('none')
  })

  it('is not revived by activity after it has gone idle', async () => {
    clock.set(START + 31 * MINUTE)
    expect(await refreshSession(db, { clock, activity: true })).toBe('idle')
    expect(await db.sessions.count()).toBe(0)
  })

  it('after 8 hours even with steady activity', async () => {
    for (let t = START; t < START + 8 * HOUR; t += 20 * MINUTE) {
      clock.set(t)
      expect(await refreshSession(db, { clock, activity: true })).toBe('active')
    }
    clock.set(START + 8 * HOUR)
    expect(await currentUser(db, { clock })).toBeUndefined()
    expect(await refreshSession(db, { clock, activity: true })).toBe('absolute')
    expect(await db.sessions.count()).toBe(0)
  })

  it('when its account is deleted from under it', async () => {
    const session = await db.sessions.get('current')
    await db.users.update(session?.userId ?? -1, { deletedAt: START })
    expect(await currentUser(db, { clock })).toBeUndefined()
    expect(await refreshSession(db, { clock })).toBe('idle')
    expect(await db.sessions.count()).toBe(0)
  })
})

describe('the limits can be changed in db.meta (used by tests and a settings page)', () => {
  it('reads { idleMinutes, absoluteMinutes } and applies them', async () => {
    await db.meta.put({ key: SESSION_POLICY_KEY, value: { idleMinutes: 5, absoluteMinutes: 60 } })
    expect(await getSessionPolicy(db)).toEqual({ idleMs: 5 * MINUTE, absoluteMs: HOUR })
    clock.set(START + 5 * MINUTE)
    expect(await refreshSession(db, { clock })).toBe('idle')
  })

  it('falls back to the defaults for nonsense, so the limits cannot be switched off', async () => {
    await db.meta.put({ key: SESSION_POLICY_KEY, value: { idleMinutes: 0, absoluteMinutes: 'never' } })
    expect(await getSessionPolicy(db)).toEqual({ idleMs: 30 * MINUTE, absoluteMs: 8 * HOUR })
  })
})
