import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShopDatabase } from '../../../src/db/database'
import { AuthorizationError, ValidationError } from '../../../src/domain/errors'
import { DEFAULT_SETTINGS } from '../../../src/domain/settings'
import { getSettings, saveSettings } from '../../../src/services/settings'
import { readSettings, SETTINGS_KEY } from '../../../src/services/reads/settings'
import { aNewProduct, aNewUser, createTestDb, rejection } from '../support'
import type { Id } from '../../../src/domain/id'

let db: ShopDatabase
let owner: Id
let customer: Id

beforeEach(async () => {
  db = createTestDb()
  owner = await db.users.add(aNewUser('owner', 'owner'))
  customer = await db.users.add(aNewUser('carol'))
})
afterEach(async () => {
  await db.delete()
})

const input = (overrides: Partial<{ shopName: string; currency: string; taxRate: string }> = {}) => ({
  shopName: 'Corner Shop',
  currency: 'USD',
  taxRate: '8.25',
  ...overrides,
})

describe('getSettings', () => {
  it('gives the defaults on a fresh device: 0 % tax in USD', async () => {
    expect(await getSettings(db)).toEqual(DEFAULT_SETTINGS)
    expect(await getSettings(db)).toEqual({ shopName: 'Offline Shop', currency: 'USD', taxRate: 0 })
  })
})

describe('stored settings that are not valid', () => {
  it('never reach a use case: a stored currency "EURO" reads as the default, and the owner can save a valid one', async () => {
    await db.products.add(aNewProduct({ price: 1299 }))
    await db.meta.put({ key: SETTINGS_KEY, value: { shopName: 'Corner Shop', currency: 'EURO', taxRate: 825 } })
    expect(await getSettings(db)).toEqual({ shopName: 'Corner Shop', currency: 'USD', taxRate: 825 })
    expect((await readSettings(db)).problems).toEqual([expect.stringContaining('"EURO"')])
    // Saving then works: from the default's decimals (2) to EUR's (2), with products.
    expect(await saveSettings(db, owner, input({ currency: 'EUR' }))).toEqual({ shopName: 'Corner Shop', currency: 'EUR', taxRate: 825 })
    expect(await readSettings(db)).toEqual({ settings: { shopName: 'Corner Shop', currency: 'EUR', taxRate: 825 }, problems: [] })
  })

  it('a currency with other decimals is still refused while there are products, with the reason', async () => {
    await db.products.add(aNewProduct({ price: 1299 }))
    await db.meta.put({ key: SETTINGS_KEY, value: { currency: 'EURO' } })
    const err = await rejection(saveSettings(db, owner, input({ currency: 'JPY' })))
    expect(err).toBeInstanceOf(ValidationError)
    expect((err as ValidationError).field).toBe('currency')
    expect((await db.meta.get(SETTINGS_KEY))?.value).toEqual({ currency: 'EURO' })
  })
})

describe('saveSettings', () => {
  it('saves what the owner typed, and getSettings reads it back', async () => {
    const saved = await saveSettings(db, owner, input({ shopName: '  Corner Shop ', currency: 'eur' }))
    expect(saved).toEqual({ shopName: 'Corner Shop', currency: 'EUR', taxRate: 825 })
    expect(await getSettings(db)).toEqual(saved)
  })

  it('replaces earlier settings', async () => {
    await saveSettings(db, owner, input())
    await saveSettings(db, owner, input({ shopName: 'New Name', taxRate: '0' }))
    expect(await getSettings(db)).toEqual({ shopName: 'New Name', currency: 'USD', taxRate: 0 })
  })

  it.each([
    ['a customer', () => customer],
    ['nobody logged in', () => undefined],
    ['an account that does not exist', () => 'no-such-account'],
  ])('refuses %s with AuthorizationError and changes nothing', async (_who, actor) => {
    await saveSettings(db, owner, input({ shopName: 'Before' }))
    const before = await db.meta.toArray()

    const err = await rejection(saveSettings(db, actor(), input({ shopName: 'Hacked', taxRate: '50' })))

    expect(err).toBeInstanceOf(AuthorizationError)
    expect((err as Error).message).toBe('Only the shop owner can do that.')
    expect(await db.meta.toArray()).toEqual(before)
    expect((await getSettings(db)).shopName).toBe('Before')
  })

  it.each([
    ['shopName', { shopName: '' }],
    ['currency', { currency: 'XYZ' }],
    ['taxRate', { taxRate: '101' }],
  ])('refuses a bad %s with a ValidationError for that field, and changes nothing', async (field, bad) => {
    await saveSettings(db, owner, input())
    const before = await db.meta.toArray()
    // Bad input is refused before the transaction starts, so the call itself may throw.
    const err = await rejection((async () => saveSettings(db, owner, input(bad)))())
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field })
    expect(await db.meta.toArray()).toEqual(before)
  })

  describe('with products priced in cents', () => {
    beforeEach(async () => {
      await db.products.add(aNewProduct({ price: 1499 }))
    })

    it.each(['JPY', 'KWD'])('refuses to switch to %s, which has a different number of decimals, and changes nothing', async (code) => {
      await saveSettings(db, owner, input())
      const before = await db.meta.toArray()

      const err = await rejection(saveSettings(db, owner, input({ currency: code })))

      expect(err).toBeInstanceOf(ValidationError)
      expect(err).toMatchObject({ field: 'currency' })
      expect((err as Error).message).toContain(`Prices are kept with 2 decimal places; ${code} has`)
      expect(await db.meta.toArray()).toEqual(before)
      expect((await getSettings(db)).currency).toBe('USD')
    })

    it.each(['EUR', 'GBP', 'CHF'])('switches to %s, which also has 2 decimals', async (code) => {
      expect((await saveSettings(db, owner, input({ currency: code }))).currency).toBe(code)
      expect((await getSettings(db)).currency).toBe(code)
    })
  })

  it('switches to a currency with other decimals while there are no products', async () => {
    expect((await saveSettings(db, owner, input({ currency: 'JPY' }))).currency).toBe('JPY')
    expect((await saveSettings(db, owner, input({ currency: 'KWD' }))).currency).toBe('KWD')
    expect((await getSettings(db)).currency).toBe('KWD')
  })
})
