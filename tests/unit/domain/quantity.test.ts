import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../../src/domain/errors'
import { MAX_QUANTITY, parseQuantity } from '../../../src/domain/quantity'
import { thrown } from '../support'

const EMPTY = 'Enter a quantity.'
const NOT_A_NUMBER = 'Quantity must be a number, like 1 or 2.'
const NEGATIVE = 'Quantity cannot be negative.'
const FRACTIONAL = 'Quantity must be a whole number.'
const ZERO = 'Quantity must be at least 1.'
const TOO_BIG = 'Quantity cannot be more than 1,000,000.'

describe('parseQuantity', () => {
  it.each<[string | number, number]>([
    ['1', 1],
    ['  3 ', 3],
    ['\t12\n', 12],
    ['\u00a07\u00a0', 7],
    ['2.0', 2],
    ['5.000', 5],
    ['+4', 4],
    ['007', 7],
    ['999999', 999_999],
    ['1000000', MAX_QUANTITY],
    [5, 5],
    [MAX_QUANTITY, MAX_QUANTITY],
  ])('reads %o as %d', (input, expected) => {
    expect(parseQuantity(input)).toBe(expected)
  })

  it.each<[string | number, string]>([
    ['', EMPTY],
    ['   ', EMPTY],
    ['\t\n', EMPTY],
    ['abc', NOT_A_NUMBER],
    ['1e3', NOT_A_NUMBER],
    ['0x10', NOT_A_NUMBER],
    ['Infinity', NOT_A_NUMBER],
    ['1,000', NOT_A_NUMBER],
    ['1 000', NOT_A_NUMBER],
    ['--1', NOT_A_NUMBER],
    ['.', NOT_A_NUMBER],
    ['3 apples', NOT_A_NUMBER],
    ['\uff13', NOT_A_NUMBER], // full-width digit three
    ['\u0663', NOT_A_NUMBER], // Arabic-Indic digit three
    [Number.NaN, NOT_A_NUMBER],
    [Number.POSITIVE_INFINITY, NOT_A_NUMBER],
    ['0', ZERO],
    ['0.0', ZERO],
    ['-0', ZERO],
    [0, ZERO],
    ['-1', NEGATIVE],
    ['-1.5', NEGATIVE],
    [-3, NEGATIVE],
    ['1.5', FRACTIONAL],
    ['0.5', FRACTIONAL],
    ['.5', FRACTIONAL],
    [2.25, FRACTIONAL],
    // More decimals than a double holds: Number() rounds these to whole numbers.
    ['1.99999999999999999', FRACTIONAL],
    ['3.0000000000000000001', FRACTIONAL],
    ['1000001', TOO_BIG],
    ['99999999999999999999', TOO_BIG],
    [MAX_QUANTITY + 1, TOO_BIG],
  ])('refuses %o: "%s"', (input, message) => {
    const err = thrown(() => parseQuantity(input))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'quantity', message })
  })

  it('puts the error on the field it is given', () => {
    const err = thrown(() => parseQuantity('abc', 'quantity-42'))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'quantity-42', message: NOT_A_NUMBER })
  })

  it('reads back every whole number from 1 to MAX_QUANTITY, with or without surrounding spaces', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_QUANTITY }), fc.constantFrom('', ' ', '  ', '\t'), (n, pad) => {
        expect(parseQuantity(`${pad}${n}${pad}`)).toBe(n)
      }),
    )
  })

  it('refuses every whole number above MAX_QUANTITY as too big', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_QUANTITY + 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(thrown(() => parseQuantity(String(n)))).toMatchObject({ message: TOO_BIG })
      }),
    )
  })

  it('refuses every positive number with a fractional part as not whole', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: MAX_QUANTITY, noNaN: true }).filter((x) => !Number.isInteger(x)),
        (x) => {
          expect(thrown(() => parseQuantity(String(x)))).toMatchObject({ message: FRACTIONAL })
        },
      ),
    )
  })
})
