import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_TAX_RATE, taxOn, totalsFor } from '../../../src/domain/money'

const MAX = Number.MAX_SAFE_INTEGER

/**
 * round-half-up(subtotal × rate / 10 000), worked out independently of the app: exact
 * quotient and remainder in BigInt, and up by one when the remainder is half or more.
 */
function expectedTax(subtotal: number, rate: number): bigint {
  const exact = BigInt(subtotal) * BigInt(rate)
  const quotient = exact / 10_000n
  const remainder = exact % 10_000n
  return remainder * 2n >= 10_000n ? quotient + 1n : quotient
}

/** Subtotals of every size, with the big ones (where floats would lose cents) well represented. */
const subtotal = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.integer({ min: 0, max: MAX }),
  fc.integer({ min: MAX - 100_000, max: MAX }),
)
const rate = fc.integer({ min: 0, max: MAX_TAX_RATE })

describe('taxOn', () => {
  it.each([
    // subtotal, rate (basis points), tax
    [0, 825, 0],
    [1, 50, 0], // 0.005 → 0
    [99, 50, 0], // 0.495 → 0
    [100, 50, 1], // 0.5 → 1: half goes up
    [101, 50, 1], // 0.505 → 1
    [1, 5000, 1], // 0.5 → 1
    [1, 4999, 0], // 0.4999 → 0
    [3, 5000, 2], // 1.5 → 2
    [200, 825, 17], // 16.5 → 17
    [4600, 825, 380], // 379.5 → 380
    [5098, 825, 421], // 420.585 → 421
    [4097, 825, 338], // 338.0025 → 338
    [10_000, 1, 1],
    [1_000_000, 0, 0],
    [12345, 10_000, 12345], // 100 %
    [MAX, 10_000, MAX],
    [MAX, 1, 900_719_925_474], // 900 719 925 474.0991 → …474
    [MAX, 5000, 4_503_599_627_370_496], // (2^53 − 1) / 2 = …495.5 → …496
  ])('%d at %d bp is %d', (sub, bp, tax) => {
    expect(taxOn(sub, bp)).toBe(tax)
  })

  it('is round-half-up of subtotal × rate / 10 000, exactly, for any subtotal and rate', () => {
    fc.assert(
      fc.property(subtotal, rate, (s, r) => {
        expect(BigInt(taxOn(s, r))).toBe(expectedTax(s, r))
      }),
      { numRuns: 2000 },
    )
  })

  it('is 0 at a 0 % rate and the whole subtotal at 100 %', () => {
    fc.assert(
      fc.property(subtotal, (s) => {
        expect(taxOn(s, 0)).toBe(0)
        expect(taxOn(s, MAX_TAX_RATE)).toBe(s)
      }),
    )
  })

  it('never goes down when the subtotal goes up', () => {
    fc.assert(
      fc.property(subtotal, subtotal, rate, (a, b, r) => {
        const [low, high] = a <= b ? [a, b] : [b, a]
        expect(taxOn(low, r)).toBeLessThanOrEqual(taxOn(high, r))
      }),
      { numRuns: 1000 },
    )
  })

  it('never goes down when the rate goes up', () => {
    fc.assert(
      fc.property(subtotal, rate, rate, (s, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a]
        expect(taxOn(s, low)).toBeLessThanOrEqual(taxOn(s, high))
      }),
    )
  })

  it('is a whole, non-negative number of minor units within half a unit of the exact tax', () => {
    fc.assert(
      fc.property(subtotal, rate, (s, r) => {
        const tax = taxOn(s, r)
        expect(Number.isSafeInteger(tax)).toBe(true)
        expect(tax).toBeGreaterThanOrEqual(0)
        const error = BigInt(tax) * 10_000n - BigInt(s) * BigInt(r)
        // Half-up: an exact half rounds up, so the error is in (−½, +½] of a unit.
        expect(error > -5_000n && error <= 5_000n).toBe(true)
      }),
    )
  })

  it.each([
    ['a negative rate', 100, -1],
    ['a rate above 100 %', 100, 10_001],
    ['a fractional rate', 100, 8.25],
    ['a NaN rate', 100, Number.NaN],
  ])('refuses %s', (_what, sub, bp) => {
    expect(() => taxOn(sub, bp)).toThrow(RangeError)
    expect(() => taxOn(sub, bp)).toThrow(/tax rate out of range/)
  })

  it.each([
    ['a negative subtotal', -1],
    ['a fractional subtotal', 10.5],
    ['a subtotal beyond MAX_SAFE_INTEGER', MAX + 1],
  ])('refuses %s', (_what, sub) => {
    expect(() => taxOn(sub, 825)).toThrow(/^subtotal must be/)
  })
})

describe('totalsFor', () => {
  it.each([
    [0, 0, { subtotal: 0, tax: 0, total: 0 }],
    [4600, 825, { subtotal: 4600, tax: 380, total: 4980 }],
    [5098, 0, { subtotal: 5098, tax: 0, total: 5098 }],
    [100, 50, { subtotal: 100, tax: 1, total: 101 }],
    [1, 50, { subtotal: 1, tax: 0, total: 1 }],
  ])('%d at %d bp → %j', (sub, bp, totals) => {
    expect(totalsFor(sub, bp)).toEqual(totals)
  })

  it('totals subtotal + tax, rounding the tax once on the subtotal', () => {
    fc.assert(
      fc.property(subtotal, rate, (s, r) => {
        const exactTotal = BigInt(s) + expectedTax(s, r)
        if (exactTotal > BigInt(MAX)) {
          expect(() => totalsFor(s, r)).toThrow(RangeError)
          return
        }
        const totals = totalsFor(s, r)
        expect(totals.subtotal).toBe(s)
        expect(BigInt(totals.tax)).toBe(expectedTax(s, r))
        expect(totals.total).toBe(totals.subtotal + totals.tax)
        expect(BigInt(totals.total)).toBe(exactTotal)
      }),
      { numRuns: 2000 },
    )
  })

  it('rounds once on the subtotal, not per line: two half-cent lines make one cent, not two', () => {
    // Two lines of 100 at 0.5 %: 0.5 + 0.5 per line would round to 2, the subtotal's 1.0 is 1.
    expect(totalsFor(200, 50)).toEqual({ subtotal: 200, tax: 1, total: 201 })
  })

  it('never goes down when the subtotal goes up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), fc.integer({ min: 0, max: 2 ** 50 }), rate, (a, b, r) => {
        const [low, high] = a <= b ? [a, b] : [b, a]
        expect(totalsFor(low, r).total).toBeLessThanOrEqual(totalsFor(high, r).total)
      }),
    )
  })
})
