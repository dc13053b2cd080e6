/**
 * A full disk anywhere becomes one clear message and loses nothing: the store action
 * reports it, and the use case's transaction leaves every table as it was.
 */
import type { Id } from '../../../src/domain/id'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { db } from '../../../src/db/database'
import { register } from '../../../src/services/auth'
import { addToCart } from '../../../src/services/cart'
import { useCheckoutStore } from '../../../src/stores/checkout'
import { useCartStore } from '../../../src/stores/cart'
import { isQuotaExceeded, QUOTA_MESSAGE, toFormErrors } from '../../../src/stores/errors'
import { useSessionStore } from '../../../src/stores/session'
import { aNewProduct, simulateQuotaExceeded, pickupDetails } from '../support'

const PASSWORD = 'correct horse battery'

async function everyTable(): Promise<Record<string, unknown[]>> {
  return Object.fromEntries(await Promise.all(db.tables.map(async (t) => [t.name, await t.toArray()] as const)))
}

describe('QuotaExceededError through the stores', () => {
  let stop: (() => void) | undefined

  let mug: Id
  let tea: Id
  beforeEach(async () => {
    await db.delete()
    await db.open()
    setActivePinia(createPinia())
    const alice = await register(db, { username: 'alice', password: PASSWORD }, { iterations: 1000 })
    ;[mug, tea] = (await db.products.bulkAdd([aNewProduct({ sku: 'A-1', name: 'Mug', stock: 5 }), aNewProduct({ sku: 'B-1', name: 'Tea', stock: 3 })], { allKeys: true })) as [Id, Id]
    await addToCart(db, alice.id, mug, 2)
    const session = useSessionStore()
    await session.whenReady()
    expect(session.user?.id).toBe(alice.id)
    // Opening the checkout page starts the attempt (its id is the order's key to be).
    expect((await useCheckoutStore().begin()).ok).toBe(true)
  })
  afterEach(() => {
    stop?.()
    stop = undefined
  })

  it.each<[string, string, () => Promise<unknown>]>([
    ['placing an order', 'orders', async () => (await useCheckoutStore().pay({ kind: 'on-delivery' }, pickupDetails())) ?? { ok: true }],
    ['adding to the cart', 'cartItems', () => useCartStore().add(tea, '1')],
    ['changing a cart quantity', 'cartItems', () => useCartStore().setQuantity(mug, '3')],
    ['creating an account', 'users', () => useSessionStore().register({ username: 'bob', password: PASSWORD, confirm: PASSWORD })],
    ['logging in (the session row)', 'sessions', () => useSessionStore().login({ username: 'alice', password: PASSWORD })],
  ])('%s with the disk full: a clear message, every table unchanged', async (_label, store, action) => {
    const before = await everyTable()
    stop = await simulateQuotaExceeded(store)
    const outcome = await action()
    stop()
    expect(outcome).toEqual({ ok: false, errors: { fields: {}, form: QUOTA_MESSAGE } })
    expect(await everyTable()).toEqual(before)
  })
})

describe('isQuotaExceeded', () => {
  const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError')

  it.each<[string, unknown, boolean]>([
    ['the DOMException itself', quota, true],
    ['Dexie’s QuotaExceededError', Object.assign(new Error('x'), { name: 'QuotaExceededError', inner: quota }), true],
    ['an AbortError caused by it', Object.assign(new Error('x'), { name: 'AbortError', inner: quota }), true],
    ['a BulkError whose failures are it (array)', Object.assign(new Error('x'), { name: 'BulkError', failures: [quota] }), true],
    ['a BulkError whose failures are it (by position)', Object.assign(new Error('x'), { name: 'BulkError', failures: { 3: quota } }), true],
    ['an error with it as cause', new Error('x', { cause: quota }), true],
    ['a ConstraintError', new DOMException('dup', 'ConstraintError'), false],
    ['an AbortError of its own', Object.assign(new Error('x'), { name: 'AbortError' }), false],
    ['a string', 'QuotaExceededError', false],
    ['nothing', undefined, false],
  ])('%s → %s', (_label, err, expected) => {
    expect(isQuotaExceeded(err)).toBe(expected)
    if (expected) expect(toFormErrors(err)).toEqual({ fields: {}, form: QUOTA_MESSAGE })
  })
})
