import { describe, expect, it } from 'vitest'
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

describe('domain errors', () => {
  it.each<[string, Error]>([
    ['ValidationError', new ValidationError('quantity', 'x')],
    ['OutOfStockError', new OutOfStockError('Mug', 0, 1)],
    ['NotFoundError', new NotFoundError('x')],
    ['AuthenticationError', new AuthenticationError()],
    ['AuthorizationError', new AuthorizationError('x')],
    ['AccountLockedError', new AccountLockedError(5)],
    ['LastOwnerError', new LastOwnerError('x')],
    ['FormValidationError', new FormValidationError({ username: 'x' })],
  ])('%s is a DomainError and an Error', (_label, err) => {
    expect(err).toBeInstanceOf(DomainError)
    expect(err).toBeInstanceOf(Error)
  })

  it('names each error after its class, except NotFoundError (which IndexedDB already uses)', () => {
    expect(new ValidationError('f', 'm').name).toBe('ValidationError')
    expect(new OutOfStockError('Mug', 0, 1).name).toBe('OutOfStockError')
    expect(new AuthenticationError().name).toBe('AuthenticationError')
    expect(new NotFoundError('m').name).not.toMatch(/^(NotFound|Abort|Constraint|Data|Timeout|QuotaExceeded)Error$/)
  })

  it('names the new account errors after their classes, none an IndexedDB name', () => {
    expect(new AccountLockedError(5).name).toBe('AccountLockedError')
    expect(new LastOwnerError('m').name).toBe('LastOwnerError')
    expect(new FormValidationError({ a: 'b' }).name).toBe('FormValidationError')
  })

  it('AccountLockedError carries the time the lock ends', () => {
    expect(new AccountLockedError(123_456)).toMatchObject({ until: 123_456, message: expect.stringMatching(/Too many failed attempts/) })
  })

  it('FormValidationError keeps every field, and is a ValidationError for the first one', () => {
    const err = new FormValidationError({ username: 'Bad name.', password: 'Bad password.' })
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'username', message: 'Bad name.', fields: { username: 'Bad name.', password: 'Bad password.' } })
  })

  it('keeps the field of a ValidationError', () => {
    expect(new ValidationError('confirm', 'The passwords do not match.')).toMatchObject({
      field: 'confirm',
      message: 'The passwords do not match.',
    })
  })

  it.each([
    [0, 3, 'Mug is out of stock.'],
    [-1, 3, 'Mug is out of stock.'],
    [1, 3, 'Only 1 of Mug is available; you asked for 3.'],
    [2, 3, 'Only 2 of Mug are available; you asked for 3.'],
  ])('OutOfStockError with %d available for %d reads "%s"', (available, requested, message) => {
    expect(new OutOfStockError('Mug', available, requested)).toMatchObject({ productName: 'Mug', available, requested, message })
  })

  it('OutOfStockError takes a custom message', () => {
    expect(new OutOfStockError('Mug', 0, 1, 'Custom.').message).toBe('Custom.')
  })

  it('AuthenticationError does not say whether the name or the password was wrong', () => {
    expect(new AuthenticationError().message).toBe('Wrong username or password.')
  })
})
