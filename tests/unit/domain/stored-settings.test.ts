import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, readStoredSettings } from '../../../src/domain/settingsDefaults'

describe('stored settings are read without trusting them', () => {
  it('a fresh device gets the defaults with nothing to report', () => {
    expect(readStoredSettings(undefined)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] })
    expect(readStoredSettings({})).toEqual({ settings: DEFAULT_SETTINGS, problems: [] })
  })

  it('valid settings are kept as they are', () => {
    const stored = { shopName: 'Corner Shop', currency: 'JPY', taxRate: 1000 }
    expect(readStoredSettings(stored)).toEqual({ settings: stored, problems: [] })
  })

  it.each([
    ['a currency that is not ISO 4217', { currency: 'EURO' }, { currency: 'USD' }, /stored currency "EURO" is not an ISO 4217 code; prices are shown in USD/],
    ['a lower-case currency', { currency: 'eur' }, { currency: 'USD' }, /"eur"/],
    ['a currency that is not text', { currency: 42 }, { currency: 'USD' }, /"42"/],
    ['a negative tax rate', { taxRate: -5 }, { taxRate: 0 }, /tax rate is not valid/],
    ['a tax rate over 100 %', { taxRate: 10_001 }, { taxRate: 0 }, /tax rate is not valid/],
    ['a fractional tax rate', { taxRate: 8.25 }, { taxRate: 0 }, /tax rate is not valid/],
    ['a blank shop name', { shopName: '   ' }, { shopName: 'Offline Shop' }, /shop name is not valid/],
    ['a shop name of 61 characters', { shopName: 'x'.repeat(61) }, { shopName: 'Offline Shop' }, /shop name is not valid/],
  ])('%s falls back to its default, and says so', (_name, stored, expected, problem) => {
    const read = readStoredSettings({ ...DEFAULT_SETTINGS, shopName: 'Corner Shop', ...stored })
    expect(read.settings).toEqual({ ...DEFAULT_SETTINGS, shopName: 'Corner Shop', ...expected })
    expect(read.problems).toHaveLength(1)
    expect(read.problems[0]).toMatch(problem)
  })

  it('a stored row that is not an object gives the defaults and says so', () => {
    for (const stored of [null, 'USD', 7]) {
      const read = readStoredSettings(stored)
      expect(read.settings).toEqual(DEFAULT_SETTINGS)
      expect(read.problems).toEqual(['The stored settings could not be read; the defaults are used until you save.'])
    }
  })

  it('each bad value is named once, the good ones kept', () => {
    const read = readStoredSettings({ shopName: 'Corner Shop', currency: 'EURO', taxRate: -1 })
    expect(read.settings).toEqual({ shopName: 'Corner Shop', currency: 'USD', taxRate: 0 })
    expect(read.problems).toHaveLength(2)
  })
})
