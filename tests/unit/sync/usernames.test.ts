/**
 * Two devices that each made the account "alice" while apart: after sync both hold both
 * accounts, the older one keeps "alice", the other is "alice-xxxx" flagged with the name it
 * lost, on both devices and on the server; each person still logs in with "alice" and their
 * own password, and the renamed one is told (services/auth.ts). Also the pull hook itself.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import type { User } from '../../../src/domain/user'
import { login, register } from '../../../src/services/auth'
import { AuthenticationError } from '../../../src/domain/errors'
import { connect, type SyncStartOptions } from '../../../src/sync'
import { settleUsernameClashes } from '../../../src/sync/users'
import type { SyncController } from '../../../src/sync/types'
import { aNewUser, createTestDb, fixedClock, rejection, until } from '../support'
import { FAKE_DB, FakeCouch } from './fakeCouch'

const FAST = { iterations: 1000 }
const options: SyncStartOptions = { tabs: false, backoff: { min: 20, max: 80 }, waitMs: 2_000, timeoutMs: 1_000 }
const running: SyncController[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()))
})


const names = async (db: ShopDatabase) => Object.fromEntries((await db.users.toArray()).map((u) => [u.id, [u.username, u.usernameConflict]]))

describe('settleUsernameClashes (the pull hook)', () => {
  it('renames the later account, here or incoming, so the unique index never refuses one', async () => {
    const db = createTestDb()
    await db.users.add({ id: 'here-older-aa', ...aNewUser('alice', 'customer', { createdAt: 1 }) } as User)
    await db.users.add({ id: 'here-newer-bb', ...aNewUser('bob', 'customer', { createdAt: 9 }) } as User)
    const incoming = [
      { id: 'inc-newer-cc1', ...aNewUser('Alice', 'customer', { createdAt: 5 }) },
      { id: 'inc-older-dd2', ...aNewUser('bob', 'customer', { createdAt: 2 }) },
    ] as User[]
    await db.transaction('rw', db.users, async () => db.users.bulkPut(await settleUsernameClashes(db, incoming)))
    expect(await names(db)).toEqual({
      'here-older-aa': ['alice', undefined],
      'here-newer-bb': ['bob-r-bb', 'bob'],
      'inc-newer-cc1': ['Alice--cc1', 'Alice'],
      'inc-older-dd2': ['bob', undefined],
    })
    await db.delete()
  })
})

describe('two devices that each made "alice" offline', () => {
  it('end with one "alice" and one renamed, flagged account, the same on both and on the server, and both people log in', async () => {
    const couch = new FakeCouch()
    const a = new ShopDatabase(`test-users-a-${crypto.randomUUID()}`, { deviceId: 'deva' })
    const b = new ShopDatabase(`test-users-b-${crypto.randomUUID()}`, { deviceId: 'devb' })
    const first = await register(a, { username: 'alice', password: 'alice on till A' }, { ...FAST, clock: fixedClock(1_000) })
    const second = await register(b, { username: 'Alice', password: 'alice on till B' }, { ...FAST, clock: fixedClock(2_000) })
    const ca = await connect(a, { url: FAKE_DB, username: 'owner', password: 'secret' }, { fetch: couch.fetch, ...options })
    const cb = await connect(b, { url: FAKE_DB, username: 'owner', password: 'secret' }, { fetch: couch.fetch, ...options })
    running.push(ca, cb)
    const renamed = `Alice-${second.id.slice(-4).toLowerCase()}`
    const expected = { [first.id]: ['alice', undefined], [second.id]: [renamed, 'Alice'] }
    const serverName = (id: string) => (couch.docs.get(`users:${id}`)?.doc as { data?: { username?: string } } | undefined)?.data?.username
    await until(async () => {
      await Promise.all([ca.syncNow(), cb.syncNow()])
      return JSON.stringify(await names(a)) === JSON.stringify(expected) && JSON.stringify(await names(b)) === JSON.stringify(expected) && serverName(second.id) === renamed
    })
    expect(serverName(first.id)).toBe('alice')
    // Logins below write the accounts (failed counts): each device on its own from here.
    await Promise.all(running.splice(0).map((c) => c.stop()))

    // Login stays unambiguous: the holder's password gets the holder; the other's gets theirs, told the new name.
    for (const db of [a, b]) {
      expect(await login(db, { username: 'alice', password: 'alice on till A' }, FAST)).toMatchObject({ id: first.id, username: 'alice' })
      expect(await login(db, { username: 'ALICE', password: 'alice on till B' }, FAST)).toMatchObject({ id: second.id, username: renamed, renamedFrom: 'Alice' })
      const byNewName = await login(db, { username: renamed, password: 'alice on till B' }, FAST)
      expect([byNewName.id, byNewName.renamedFrom]).toEqual([second.id, undefined])
      expect(await rejection(login(db, { username: 'alice', password: 'neither of them' }, FAST))).toBeInstanceOf(AuthenticationError)
      // A login by the renamed person did not count against the holder's lockout.
      expect((await db.users.get(first.id))?.failedLogins).toBe(1)
    }
  })
})

describe('a till that meets two owner accounts with one username', () => {
  it('renames the later one on the till only: it never pushes a rename of an owner it may not make (no refusal, no loop)', async () => {
    const couch = new FakeCouch({
      users: { owner: { password: 'secret', roles: ['shop-owner'] }, till: { password: 'secret', roles: ['shop-seller'] } },
      validate: (doc, _old, user) => (doc.table === 'users' && !user.roles.includes('shop-owner') && (doc.data as { role?: string } | undefined)?.role === 'owner' ? "Only the shop's owner may change an owner." : undefined),
    })
    const account = (id: string, createdAt: number, device: string) => ({
      _id: `users:${id}`,
      table: 'users',
      data: { id, ...aNewUser('alice', 'owner', { createdAt }) },
      hlc: `0000000000${createdAt}-0000-${device}`,
      device,
    })
    couch.put(account('olderownerid1', 1, 'devx'))
    couch.put(account('newerownerid2', 2, 'devy'))
    const till = new ShopDatabase(`test-users-till-${crypto.randomUUID()}`, { deviceId: 'devtill' })
    const c = await connect(till, { url: FAKE_DB, username: 'till', password: 'secret' }, { fetch: couch.fetch, ...options })
    running.push(c)
    await until(() => c.status.phase === 'up-to-date')
    await c.syncNow()
    expect(await names(till)).toEqual({ olderownerid1: ['alice', undefined], newerownerid2: ['alice-rid2', 'alice'] })
    expect([c.status.phase, c.status.waiting, c.status.refusals]).toEqual(['up-to-date', 0, []])
    expect(couch.writes.get('users:newerownerid2') ?? 0).toBe(0)
  })
})
