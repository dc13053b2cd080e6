import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import {
  AccountLockedError,
  AuthenticationError,
  AuthorizationError,
  DomainError,
  FormValidationError,
  LastOwnerError,
  NotFoundError,
  OutOfStockError,
  ValidationError,
} from '../../../src/domain/errors'
import { aNewProduct, createTestDb, rejection } from '../support'

let db: ShopDatabase
beforeEach(() => {
  db = createTestDb()
})
afterEach(async () => {
  await db.delete()
})

// Dexie rewraps an error thrown in a transaction when its name is an IndexedDB DOMException
// name; services rely on domain errors escaping their transaction as themselves.
describe('domain errors thrown inside a Dexie transaction', () => {
  it.each<[string, () => DomainError]>([
    ['ValidationError', () => new ValidationError('username', 'Taken.')],
    ['OutOfStockError', () => new OutOfStockError('Mug', 1, 2)],
    ['NotFoundError', () => new NotFoundError('Order not found.')],
    ['AuthenticationError', () => new AuthenticationError()],
    ['AuthorizationError', () => new AuthorizationError('Log in first.')],
    ['AccountLockedError', () => new AccountLockedError(1000)],
    ['LastOwnerError', () => new LastOwnerError('Keep an owner.')],
    ['FormValidationError', () => new FormValidationError({ username: 'Taken.' })],
  ])('%s escapes as the very same error, and the transaction is rolled back', async (_label, make) => {
    const error = make()
    const err = await rejection(
      db.transaction('rw', db.products, async () => {
        await db.products.add(aNewProduct())
        throw error
      }),
    )
    expect(err).toBe(error)
    expect(err).toBeInstanceOf(DomainError)
    expect(await db.products.count()).toBe(0)
  })
})
