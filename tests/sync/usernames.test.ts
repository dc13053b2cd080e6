/**
 * Two devices (ShopDatabases on fake-indexeddb) that each made the account "alice" offline,
 * through the real server: after syncing, the account made first keeps "alice" and the other
 * is renamed and flagged, the same on both devices and on the server, and each person logs in
 * with "alice" and their own password. A device joining later settles the same way.
 */
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { setupShopDatabase } from '../../scripts/sync-setup.mjs'
import { upsertShopUser } from '../../scripts/sync-user.mjs'
import { ShopDatabase } from '../../src/db/database'
import { login, register } from '../../src/services/auth'
import { syncControllers } from './controllers'
import { fixedClock } from '../unit/support'

const { url, admin } = inject('couch')
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
const dbUrl = `${url}/shop-usernames-${suffix}`
const PASSWORD = 'correct-horse-battery'
const owner = `names-owner-${suffix}`
const FAST = { iterations: 1000 }

beforeAll(async () => {
  await setupShopDatabase({ dbUrl, user: admin.name, password: admin.password })
  await upsertShopUser({ serverUrl: url, name: owner, role: 'owner', userPassword: PASSWORD, user: admin.name, password: admin.password })
})

const { stopAll, online, offline, settle } = syncControllers(() => dbUrl, PASSWORD)
afterEach(stopAll)

const aDb = (device: string) => new ShopDatabase(`names-${device}-${crypto.randomUUID()}`, { deviceId: device })
const names = async (db: ShopDatabase) => (await db.users.orderBy('id').toArray()).map((u) => [u.id, u.username, u.usernameConflict ?? null])

describe('one username made on two devices apart', () => {
  it('ends with one "alice" and one renamed, flagged account everywhere, and both people log in', async () => {
    const a = aDb('deva')
    const b = aDb('devb')
    const first = await register(a, { username: 'alice', password: 'alice on till A' }, { ...FAST, clock: fixedClock(1_000) })
    const second = await register(b, { username: 'alice', password: 'alice on till B' }, { ...FAST, clock: fixedClock(2_000) })
    const ca = await online(a, owner)
    // B holds an account of its own and the shop has A's: the owner adds B's data (the join's choice).
    const cb = await online(b, owner, { join: 'merge' })
    await settle(ca, cb)
    await settle(ca, cb)

    const renamed = `alice-${second.id.slice(-4).toLowerCase()}`
    const expected = [
      [first.id, 'alice', null],
      [second.id, renamed, 'alice'],
    ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1))
    expect(await names(a)).toEqual(expected)
    expect(await names(b)).toEqual(expected)

    // The server holds the rename too, so a device joining now gets it as it is.
    const res = await fetch(`${dbUrl}/${encodeURIComponent(`users:${second.id}`)}`, { headers: { Authorization: `Basic ${btoa(`${admin.name}:${admin.password}`)}` } })
    expect(((await res.json()) as { data: { username: string; usernameConflict: string } }).data).toMatchObject({ username: renamed, usernameConflict: 'alice' })
    const c = aDb('devc')
    const cc = await online(c, owner)
    await settle(cc)
    expect(await names(c)).toEqual(expected)

    await offline(ca, cb, cc)
    for (const db of [a, b, c]) {
      expect(await login(db, { username: 'alice', password: 'alice on till A' }, FAST)).toMatchObject({ id: first.id, username: 'alice' })
      expect(await login(db, { username: 'alice', password: 'alice on till B' }, FAST)).toMatchObject({ id: second.id, username: renamed, renamedFrom: 'alice' })
    }
  })
})
