/**
 * Money is an integer number of minor units (cents for USD). Only views format it, with
 * Intl.NumberFormat; everything here is integer arithmetic that refuses to lose precision.
 */
export type Minor = number

/** Throws unless `value` is a whole, non-negative, safe integer amount of minor units. */
export function assertMinor(value: number, what = 'amount'): Minor {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a whole, non-negative number of minor units, got ${value}`)
  }
  return value
}

/** unit price × quantity, refusing results beyond Number.MAX_SAFE_INTEGER. */
export function lineTotal(unitPrice: Minor, quantity: number): Minor {
  assertMinor(unitPrice, 'unit price')
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new RangeError(`quantity must be a whole, non-negative number, got ${quantity}`)
  }
  return assertMinor(unitPrice * quantity, 'line total')
}

/** Sum of amounts, refusing results beyond Number.MAX_SAFE_INTEGER. */
export function sumMinor(amounts: readonly Minor[]): Minor {
  return amounts.reduce<Minor>((total, amount) => assertMinor(total + assertMinor(amount), 'total'), 0)
}
