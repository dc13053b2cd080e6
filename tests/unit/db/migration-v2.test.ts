import Dexie from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { currentUser, deviceSessionKey } from '../../../src/services/session'
import { fixedClock } from '../support'
import { ShippedV1Database } from './shipped-v1'

const name = 'migration-' + crypto.randomUUID()

afterEach(async () => {
  await Dexie.delete(name)
})

describe('schema version 2', () => {
  it('gives version-1 users a clean lockout state and sessions a last-activity time', async () => {
    const v1 = new ShippedV1Database(name)
    const user = { username: 'Alice', usernameKey: 'alice', role: 'owner', passwordHash: 'h', salt: 's', iterations: 1000, createdAt: 5 }
    const id = await v1.table('users').add(user)
    await v1.table('sessions').put({ key: 'current', userId: id, startedAt: 1234 })
    v1.close()

    const db = new ShopDatabase(name)
    // Version 6 gives the account its global id; the device remembers which number it had.
    const newId = (await db.legacyIds.get(`users:${String(id)}`))?.id ?? ''
    expect(await db.users.get(newId)).toEqual({ ...user, id: newId, failedLogins: 0, lockedUntil: 0 })
    expect(await db.sessions.get('current')).toEqual({ key: 'current', userId: newId, startedAt: 1234, lastActiveAt: 1234 })
    // A tab that opens after the upgrade (with no session key of its own) takes that session.
    const clock = fixedClock(1234 + 60_000)
    expect(await deviceSessionKey(db, { clock })).toBe('current')
    expect(await currentUser(db, 'current', { clock })).toEqual({ id: newId, username: 'Alice', role: 'owner' })
    // The new role index answers the last-owner question.
    expect(await db.users.where('role').equals('owner').count()).toBe(1)
    expect(db.verno).toBeGreaterThanOrEqual(2)
    db.close()
  })
})
