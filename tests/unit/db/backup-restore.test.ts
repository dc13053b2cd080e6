/**
 * Restoring says first what it will do and asks for the current owner's password: the preview
 * names the owners to be and how many accounts replace the current ones; a wrong password
 * restores nothing and counts towards the lockout; a right one replaces the shop, logs
 * everyone on this device out and keeps a guest's cart where its products still are.
 */
import Dexie from 'dexie'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { serializeBackup } from '../../../src/db/backup'
import type { ShopDatabase } from '../../../src/db/database'
import { GUEST_ID } from '../../../src/domain/cart'
import { AccountLockedError, AuthorizationError, ValidationError } from '../../../src/domain/errors'
import type { Id } from '../../../src/domain/id'
import { MAX_FAILED_LOGINS } from '../../../src/domain/lockout'
import { deleteAccount } from '../../../src/services/account'
import { register } from '../../../src/services/auth'
import { exportShop, importShop, previewRestore } from '../../../src/services/backup'
import { addToCart } from '../../../src/services/cart'
import { createProduct } from '../../../src/services/inventory'
import { setRole } from '../../../src/services/users'
import { createTestDb, fixedClock, rejection } from '../support'

const PASSWORD = 'correct horse battery'
const FAST = { iterations: 1000 }
const clock = fixedClock(Date.UTC(2025, 0, 10))

let db: ShopDatabase
let owner: Id
let text: string
let mug: Id

/** Everything but the change log, which records every restore. */
async function snapshot(target: ShopDatabase) {
  return Promise.all(target.tables.filter((t) => t.name !== 'changes' && t.name !== 'revisions').map((t) => t.toArray()))
}

beforeEach(async () => {
  db = createTestDb()
  owner = (await register(db, { username: 'Olga', password: PASSWORD }, { ...FAST, clock })).id
  const ann = (await register(db, { username: 'Ann', password: PASSWORD }, { ...FAST, clock })).id
  await setRole(db, owner, ann, 'owner')
  const carl = (await register(db, { username: 'carl', password: PASSWORD }, { ...FAST, clock })).id
  const dora = (await register(db, { username: 'dora', password: PASSWORD }, { ...FAST, clock })).id
  await deleteAccount(db, dora, { password: PASSWORD }, { clock })
  const typed = { category: 'Kitchen', description: '', lowStockThreshold: '2', price: '9.99' }
  mug = await createProduct(db, owner, { ...typed, sku: 'MUG-1', name: 'Mug', stock: '10' }, 2, { clock })
  await addToCart(db, carl, mug, 1, { clock })
  text = serializeBackup(await exportShop(db, owner, { appVersion: 'test', clock }))
})
afterEach(async () => {
  await db.delete()
})

describe('the preview', () => {
  it('names the owners to be and counts the accounts that replace the current ones (deleted ones aside)', async () => {
    const other = createTestDb()
    try {
      const me = (await register(other, { username: 'Nina', password: PASSWORD }, FAST)).id
      await register(other, { username: 'nick', password: PASSWORD }, FAST)
      const preview = await previewRestore(other, me, text, FAST)
      expect(preview).toMatchObject({ owners: ['Olga', 'Ann'], accountsInBackup: 3, accountsNow: 2 })
      expect(preview.summary.counts.users).toBe(4)
    } finally {
      await other.delete()
    }
  })

  it('is the owner’s only', async () => {
    const carl = (await db.users.where('usernameKey').equals('carl').first())!.id
    expect(await rejection(previewRestore(db, carl, text, FAST))).toBeInstanceOf(AuthorizationError)
  })
})

describe('the password', () => {
  it('is required', async () => {
    const err = await rejection(importShop(db, owner, text, { ...FAST, password: '' }))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'password', message: 'Enter your password to restore the backup.' })
  })

  it('a wrong one restores nothing and counts towards the lockout', async () => {
    await db.products.update(mug, { name: 'Changed after the backup' })
    const before = await snapshot(db)
    const err = await rejection(importShop(db, owner, text, { ...FAST, password: 'not my password', clock }))
    expect(err).toMatchObject({ field: 'password', message: 'That is not your password. Nothing was restored.' })
    const [failed] = await Promise.all([db.users.get(owner)])
    expect(failed?.failedLogins).toBe(1)
    await db.users.update(owner, { failedLogins: 0 })
    expect(await snapshot(db)).toEqual(before)
  })

  it('locks the account after repeated wrong ones, like a login', async () => {
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) await rejection(importShop(db, owner, text, { ...FAST, password: 'wrong', clock }))
    expect(await rejection(importShop(db, owner, text, { ...FAST, password: 'wrong', clock }))).toBeInstanceOf(AccountLockedError)
    // Locked: even the right password is refused until the lock runs out.
    expect(await rejection(importShop(db, owner, text, { ...FAST, password: PASSWORD, clock }))).toBeInstanceOf(AccountLockedError)
  })

  it('is checked with PBKDF2 outside any transaction', async () => {
    const inTransaction: boolean[] = []
    const derive = crypto.subtle.deriveBits.bind(crypto.subtle)
    const spy = vi.spyOn(crypto.subtle, 'deriveBits').mockImplementation((...args) => {
      inTransaction.push(Dexie.currentTransaction !== null && Dexie.currentTransaction !== undefined)
      return derive(...args)
    })
    try {
      await importShop(db, owner, text, { ...FAST, password: PASSWORD, clock })
    } finally {
      spy.mockRestore()
    }
    expect(inTransaction).toEqual([false])
  })

  it('is asked of an owner only: a customer is refused before any is checked', async () => {
    const carl = (await db.users.where('usernameKey').equals('carl').first())!.id
    expect(await rejection(importShop(db, carl, text, { ...FAST, password: PASSWORD }))).toBeInstanceOf(AuthorizationError)
  })
})

describe('a restore', () => {
  it('logs everyone on this device out and keeps a guest’s cart where its products still are', async () => {
    const gone = await createProduct(db, owner, { category: 'Kitchen', description: '', lowStockThreshold: '2', price: '1.00', sku: 'NEW-1', name: 'New', stock: '4' }, 2, { clock })
    await addToCart(db, GUEST_ID, mug, 2, { clock })
    await addToCart(db, GUEST_ID, gone, 1, { clock })
    expect(await db.sessions.count()).toBeGreaterThan(0)

    await importShop(db, owner, text, { ...FAST, password: PASSWORD, clock })

    expect(await db.sessions.count()).toBe(0)
    expect(await db.cartItems.where('userId').equals(GUEST_ID).toArray()).toEqual([expect.objectContaining({ productId: mug, quantity: 2 })])
    expect(await db.products.get(gone)).toBeUndefined()
  })
})
