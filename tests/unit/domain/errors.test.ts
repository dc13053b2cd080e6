import { describe, expect, it } from 'vitest'
import {
  AuthenticationError,
  AuthorizationError,
  DomainError,
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
