import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { AuthorizationError, LastOwnerError, NotFoundError } from '../../../src/domain/errors'
import { deleteAccount } from '../../../src/services/account'
import { register } from '../../../src/services/auth'
import { requireOwner } from '../../../src/services/authz'
import { listAccounts, setRole } from '../../../src/services/users'
import { createTestDb, rejection } from '../support'
import type { Id } from '../../../src/domain/id'

const FAST = { iterations: 1000 }
const PASSWORD = 'correct horse battery'

let db: ShopDatabase
let owner: Id
let bob: Id
let carol: Id
beforeEach(async () => {
  db = createTestDb()
  owner = (await register(db, { username: 'Owen', password: PASSWORD }, FAST)).id
  bob = (await register(db, { username: 'Bob', password: PASSWORD }, FAST)).id
  carol = (await register(db, { username: 'Carol', password: PASSWORD }, FAST)).id
})
afterEach(async () => {
  await db.delete()
})

const roles = async () => Object.fromEntries((await db.users.toArray()).map((u) => [u.username, u.role]))

describe('requireOwner', () => {
  it('lets an owner through and stops everyone else', async () => {
    await expect(db.transaction('r', db.users, () => requireOwner(db, owner))).resolves.toBeUndefined()
    for (const who of [bob, undefined, 'no-such-account']) {
      const err = await rejection(db.transaction('r', db.users, () => requireOwner(db, who)))
      expect(err).toBeInstanceOf(AuthorizationError)
      expect((err as Error).message).toBe('Only the shop owner can do that.')
    }
  })
})

describe('a customer calling owner services', () => {
  it.each([
    ['a customer', () => bob],
    ['nobody logged in', () => undefined],
    ['an unknown id', () => 'no-such-account'],
  ])('listAccounts by %s gets AuthorizationError and no data', async (_label, actor) => {
    const outcome = await listAccounts(db, actor()).then(
      (data) => ({ data }),
      (error: unknown) => ({ error }),
    )
    expect(outcome).toEqual({ error: expect.any(AuthorizationError) })
    expect('data' in outcome).toBe(false)
  })

  it.each([
    ['promote themselves', () => bob, () => bob, 'owner' as const],
    ['promote someone else', () => bob, () => carol, 'owner' as const],
    ['demote the owner', () => bob, () => owner, 'customer' as const],
    ['act while logged out', () => undefined, () => bob, 'owner' as const],
  ])('setRole to %s gets AuthorizationError and changes nothing', async (_label, actor, target, role) => {
    const before = await roles()
    expect(await rejection(setRole(db, actor(), target(), role))).toBeInstanceOf(AuthorizationError)
    expect(await roles()).toEqual(before)
  })

  it('stops a former owner the moment they are demoted', async () => {
    await setRole(db, owner, bob, 'owner')
    await setRole(db, bob, owner, 'customer')
    expect(await rejection(listAccounts(db, owner))).toBeInstanceOf(AuthorizationError)
  })

  it('stops a deleted owner', async () => {
    await setRole(db, owner, bob, 'owner')
    await deleteAccount(db, bob, { password: PASSWORD })
    expect(await rejection(listAccounts(db, bob))).toBeInstanceOf(AuthorizationError)
  })
})

describe('an owner managing accounts', () => {
  it('lists every account, oldest first, without hashes, salts or lockout state', async () => {
    const accounts = await listAccounts(db, owner)
    expect(accounts).toEqual([
      { id: owner, username: 'Owen', role: 'owner', createdAt: expect.any(Number) },
      { id: bob, username: 'Bob', role: 'customer', createdAt: expect.any(Number) },
      { id: carol, username: 'Carol', role: 'customer', createdAt: expect.any(Number) },
    ])
    expect(JSON.stringify(accounts)).not.toMatch(/passwordHash|salt|failedLogins|lockedUntil/)
  })

  it('shows a deleted account as deleted', async () => {
    await deleteAccount(db, carol, { password: PASSWORD })
    expect((await listAccounts(db, owner))[2]).toMatchObject({ username: 'Carol', deletedAt: expect.any(Number) })
  })

  it('promotes a customer and demotes an owner', async () => {
    expect(await setRole(db, owner, bob, 'owner')).toMatchObject({ id: bob, role: 'owner' })
    expect(await roles()).toEqual({ Owen: 'owner', Bob: 'owner', Carol: 'customer' })
    // The new owner can act as an owner straight away, including stepping the first one down.
    await setRole(db, bob, owner, 'customer')
    expect(await roles()).toEqual({ Owen: 'customer', Bob: 'owner', Carol: 'customer' })
  })

  it('never demotes the last owner, not even themselves', async () => {
    const err = await rejection(setRole(db, owner, owner, 'customer'))
    expect(err).toBeInstanceOf(LastOwnerError)
    expect(await roles()).toEqual({ Owen: 'owner', Bob: 'customer', Carol: 'customer' })
  })

  it('does not count a deleted owner towards "at least one owner"', async () => {
    await setRole(db, owner, bob, 'owner')
    await deleteAccount(db, bob, { password: PASSWORD })
    expect(await rejection(setRole(db, owner, owner, 'customer'))).toBeInstanceOf(LastOwnerError)
  })

  it('lets an owner step down while another owner remains', async () => {
    await setRole(db, owner, carol, 'owner')
    await setRole(db, owner, owner, 'customer')
    expect(await roles()).toEqual({ Owen: 'customer', Bob: 'customer', Carol: 'owner' })
  })

  it('cannot change a deleted or missing account', async () => {
    await deleteAccount(db, carol, { password: PASSWORD })
    expect(await rejection(setRole(db, owner, carol, 'owner'))).toBeInstanceOf(NotFoundError)
    expect(await rejection(setRole(db, owner, 'no-such-account', 'owner'))).toBeInstanceOf(NotFoundError)
  })
})
