import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../../src/domain/errors'
import { MAX_TAX_RATE } from '../../../src/domain/money'
import {
  DEFAULT_SETTINGS,
  currencyChangeProblem,
  formatTaxRateInput,
  parseTaxRate,
  validateSettings,
} from '../../../src/domain/settings'
import { thrown } from '../support'

const FORMAT = 'Write the tax rate as a percentage with at most two decimals, like 8.25.'
const GOOD = { shopName: 'Corner Shop', currency: 'USD', taxRate: '8.25' }

describe('DEFAULT_SETTINGS', () => {
  it('is a 0 % tax rate in US dollars', () => {
    expect(DEFAULT_SETTINGS).toEqual({ shopName: 'Offline Shop', currency: 'USD', taxRate: 0 })
  })
})

describe('parseTaxRate', () => {
  it.each([
    ['0', 0],
    ['0.01', 1],
    ['0.1', 10],
    ['0.5', 50],
    ['8', 800],
    ['8.0', 800],
    ['8.25', 825],
    ['8.5', 850],
    ['8.05', 805],
    ['19.6', 1960],
    ['100', 10_000],
    ['100.00', 10_000],
    [' 7 ', 700],
    ['7%', 700],
    ['7 %', 700],
    [' 8.25 % ', 825],
    ['007', 700],
  ])('"%s" is %d basis points', (typed, rate) => {
    expect(parseTaxRate(typed)).toBe(rate)
  })

  it.each([
    ['', 'Enter a tax rate, 0 for none.'],
    ['   ', 'Enter a tax rate, 0 for none.'],
    ['%', 'Enter a tax rate, 0 for none.'],
    ['8.255', FORMAT],
    ['-1', FORMAT],
    ['abc', FORMAT],
    ['8,25', FORMAT],
    ['.5', FORMAT],
    ['8.', FORMAT],
    ['1e2', FORMAT],
    ['1000', FORMAT],
    ['100.01', 'The tax rate cannot be more than 100 %.'],
    ['101', 'The tax rate cannot be more than 100 %.'],
    ['999.99', 'The tax rate cannot be more than 100 %.'],
  ])('refuses "%s" for the taxRate field: %s', (typed, message) => {
    const err = thrown(() => parseTaxRate(typed))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'taxRate', message })
  })
})

describe('formatTaxRateInput', () => {
  it.each([
    [0, '0'],
    [1, '0.01'],
    [10, '0.1'],
    [50, '0.5'],
    [800, '8'],
    [805, '8.05'],
    [825, '8.25'],
    [850, '8.5'],
    [10_000, '100'],
  ])('%d basis points read "%s"', (rate, text) => {
    expect(formatTaxRateInput(rate)).toBe(text)
  })

  it('parses back to the same rate for every rate from 0 to 100 %', () => {
    for (let rate = 0; rate <= MAX_TAX_RATE; rate++) {
      const text = formatTaxRateInput(rate)
      if (parseTaxRate(text) !== rate) expect([rate, text, parseTaxRate(text)]).toEqual([rate, text, rate])
    }
  })

  it('writes what was typed back the shortest way: same number, no trailing zeros', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const typed = `${whole}.${String(cents).padStart(2, '0')}`
        const text = formatTaxRateInput(parseTaxRate(typed))
        expect(text).not.toMatch(/\.(\d*0)?$/)
        expect(Number(text)).toBe(Number(typed))
      }),
    )
  })
})

describe('currencyChangeProblem', () => {
  it.each([
    ['USD', 'USD'],
    ['USD', 'EUR'],
    ['GBP', 'CHF'],
    ['JPY', 'ISK'],
    ['KWD', 'BHD'],
  ])('lets %s become %s: same number of decimals', (from, to) => {
    expect(currencyChangeProblem(from, to)).toBeUndefined()
  })

  it.each([
    ['USD', 'JPY', 'Prices are kept with 2 decimal places; JPY has 0. Choose a currency with 2 decimal places.'],
    ['USD', 'KWD', 'Prices are kept with 2 decimal places; KWD has 3. Choose a currency with 2 decimal places.'],
    ['JPY', 'EUR', 'Prices are kept with 0 decimal places; EUR has 2. Choose a currency with 0 decimal places.'],
    ['BHD', 'ISK', 'Prices are kept with 3 decimal places; ISK has 0. Choose a currency with 3 decimal places.'],
  ])('refuses %s to %s: the number of decimals differs', (from, to, message) => {
    expect(currencyChangeProblem(from, to)).toBe(message)
  })
})

describe('validateSettings', () => {
  it('returns the settings to store, with the rate in basis points', () => {
    expect(validateSettings(GOOD)).toEqual({ shopName: 'Corner Shop', currency: 'USD', taxRate: 825 })
  })

  it.each([
    ['usd', 'USD'],
    [' eur ', 'EUR'],
    ['Jpy', 'JPY'],
    ['KWD', 'KWD'],
    ['CHF', 'CHF'],
  ])('accepts the ISO 4217 code "%s" as %s', (typed, code) => {
    expect(validateSettings({ ...GOOD, currency: typed }).currency).toBe(code)
  })

  it.each(['', 'US', 'USDD', 'U$D', 'US D', 'XYZ', 'AAA', '€', '123', 'dollar'])('refuses the currency "%s"', (typed) => {
    const err = thrown(() => validateSettings({ ...GOOD, currency: typed }))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({
      field: 'currency',
      message: 'Choose a currency by its three-letter ISO 4217 code, like USD or EUR.',
    })
  })

  it.each([
    ['trimmed', '  Corner Shop  ', 'Corner Shop'],
    ['NFKC-normalised', 'Ｃｏｒｎｅｒ Ｓｈｏｐ', 'Corner Shop'],
    ['kept in any script', 'Épicerie 東京', 'Épicerie 東京'],
    ['one character', 'X', 'X'],
    ['exactly 60 characters', 'a'.repeat(60), 'a'.repeat(60)],
    ['60 emoji (counted as characters, not UTF-16 units)', '🛒'.repeat(60), '🛒'.repeat(60)],
    ['60 characters once trimmed', `  ${'b'.repeat(60)}  `, 'b'.repeat(60)],
  ])('accepts a shop name %s', (_what, typed, stored) => {
    expect(validateSettings({ ...GOOD, shopName: typed }).shopName).toBe(stored)
  })

  it.each([
    ['empty', '', 'Enter the shop name.'],
    ['only spaces', '   ', 'Enter the shop name.'],
    ['61 characters', 'a'.repeat(61), 'The shop name can be at most 60 characters.'],
    ['61 emoji', '🛒'.repeat(61), 'The shop name can be at most 60 characters.'],
  ])('refuses a shop name that is %s', (_what, typed, message) => {
    const err = thrown(() => validateSettings({ ...GOOD, shopName: typed }))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'shopName', message })
  })

  it('refuses a bad tax rate for the taxRate field', () => {
    const err = thrown(() => validateSettings({ ...GOOD, taxRate: '8.255' }))
    expect(err).toMatchObject({ field: 'taxRate', message: FORMAT })
  })

  it('checks the name first, then the currency, then the rate', () => {
    expect(thrown(() => validateSettings({ shopName: '', currency: 'X', taxRate: 'x' }))).toMatchObject({ field: 'shopName' })
    expect(thrown(() => validateSettings({ shopName: 'A', currency: 'X', taxRate: 'x' }))).toMatchObject({ field: 'currency' })
  })
})
