import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assertMinor, currencyMinorDigits, lineTotal, minorToDecimal, sumMinor } from '../../../src/domain/money'
import { parsePrice } from '../../../src/domain/productInput'

const MAX = Number.MAX_SAFE_INTEGER

describe('assertMinor', () => {
  it.each([0, 1, 1299, MAX])('accepts %d and returns it unchanged', (value) => {
    expect(assertMinor(value)).toBe(value)
  })

  it.each([
    ['negative', -1],
    ['fractional', 0.5],
    ['fractional cents', 12.99],
    ['one past MAX_SAFE_INTEGER', MAX + 1],
    ['2^53 + 2', 2 ** 53 + 2],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('refuses %s (%d) with a RangeError', (_label, value) => {
    expect(() => assertMinor(value)).toThrow(RangeError)
  })

  it('names what was wrong and the value it got', () => {
    expect(() => assertMinor(-5, 'price')).toThrow('price must be a whole, non-negative number of minor units, got -5')
    expect(() => assertMinor(1.5)).toThrow('amount must be a whole, non-negative number of minor units, got 1.5')
  })
})

describe('lineTotal', () => {
  it.each([
    [1299, 0, 0],
    [1299, 1, 1299],
    [1299, 3, 3897],
    [0, 5, 0],
    [1, MAX, MAX],
    [MAX, 1, MAX],
    [2 ** 26, 2 ** 26, 2 ** 52],
  ])('%d × %d = %d', (price, quantity, total) => {
    expect(lineTotal(price, quantity)).toBe(total)
  })

  it.each([
    ['a negative unit price', -1, 1, 'unit price'],
    ['a fractional unit price', 9.99, 1, 'unit price'],
    ['a unit price beyond MAX_SAFE_INTEGER', MAX + 1, 1, 'unit price'],
    ['a negative quantity', 100, -1, 'quantity'],
    ['a fractional quantity', 100, 1.5, 'quantity'],
    ['a NaN quantity', 100, Number.NaN, 'quantity'],
    ['a product past MAX_SAFE_INTEGER', MAX, 2, 'line total'],
    ['a product of exactly 2^53', 2 ** 27, 2 ** 26, 'line total'],
  ])('refuses %s', (_label, price, quantity, what) => {
    expect(() => lineTotal(price, quantity)).toThrow(RangeError)
    expect(() => lineTotal(price, quantity)).toThrow(new RegExp(`^${what} must be`))
  })

  it('is exact when the product fits, and throws when it does not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), fc.integer({ min: 0, max: 2 ** 30 }), (price, quantity) => {
        const exact = BigInt(price) * BigInt(quantity)
        if (exact <= BigInt(MAX)) expect(BigInt(lineTotal(price, quantity))).toBe(exact)
        else expect(() => lineTotal(price, quantity)).toThrow(RangeError)
      }),
    )
  })
})

describe('sumMinor', () => {
  it.each([
    [[], 0],
    [[0], 0],
    [[1], 1],
    [[1, 2, 3], 6],
    [[1299, 849, 295], 2443],
    [[MAX], MAX],
    [[MAX - 1, 1], MAX],
    [[0, MAX, 0], MAX],
  ])('sum of %j is %d', (amounts, total) => {
    expect(sumMinor(amounts)).toBe(total)
  })

  it.each([
    ['overflows MAX_SAFE_INTEGER', [MAX, 1], /^total must be/],
    ['overflows over several amounts', [2 ** 52, 2 ** 52, 1], /^total must be/],
    ['contains a negative amount', [10, -1], /^amount must be/],
    ['contains a fractional amount', [10, 0.5], /^amount must be/],
    ['contains NaN', [1, Number.NaN], /^amount must be/],
  ])('refuses a list that %s', (_label, amounts, message) => {
    expect(() => sumMinor(amounts)).toThrow(RangeError)
    expect(() => sumMinor(amounts)).toThrow(message)
  })

  it('equals the exact sum when it fits, and throws when it does not', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: MAX }), { maxLength: 6 }), (amounts) => {
        const exact = amounts.reduce((total, amount) => total + BigInt(amount), 0n)
        if (exact <= BigInt(MAX)) expect(BigInt(sumMinor(amounts))).toBe(exact)
        else expect(() => sumMinor(amounts)).toThrow(RangeError)
      }),
    )
  })

  it('does not depend on the order of the amounts', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 20 }), (amounts) => {
        expect(sumMinor([...amounts].reverse())).toBe(sumMinor(amounts))
      }),
    )
  })
})

describe('currencyMinorDigits', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['ISK', 0],
    ['KWD', 3],
    ['BHD', 3],
  ])('%s has %d', (code, digits) => {
    expect(currencyMinorDigits(code)).toBe(digits)
  })
})

describe('minorToDecimal', () => {
  it.each([
    [1299, 2, '12.99'],
    [5, 2, '0.05'],
    [0, 2, '0.00'],
    [1500, 0, '1500'],
    [0, 0, '0'],
    [1234, 3, '1.234'],
    [7, 3, '0.007'],
    [MAX, 2, '90071992547409.91'],
  ])('%d with %d digits is "%s"', (minor, digits, text) => {
    expect(minorToDecimal(minor, digits)).toBe(text)
  })

  it('refuses what is not an amount of minor units', () => {
    expect(() => minorToDecimal(12.5, 2)).toThrow(RangeError)
    expect(() => minorToDecimal(-1, 2)).toThrow(RangeError)
  })

  it('is read back exactly by parsePrice, for every number of digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(0, 2, 3), (minor, digits) => {
        expect(parsePrice(minorToDecimal(minor, digits), digits)).toBe(minor)
      }),
    )
  })
})
