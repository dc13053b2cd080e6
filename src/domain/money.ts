/**
 * Money is an integer number of minor units (cents for USD). Only views format it, with
 * Intl.NumberFormat; everything here is integer arithmetic that refuses to lose precision.
 */
export type Minor = number

const minorDigits = new Map<string, number>()

/**
 * How many minor digits a currency has, as Intl knows it (USD 2, JPY 0, KWD 3): the one
 * place that asks. Every price is parsed, stored and shown with the digits of the shop's
 * currency, which the caller passes in; nothing here reads the settings.
 */
export function currencyMinorDigits(currency: string): number {
  let digits = minorDigits.get(currency)
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
    minorDigits.set(currency, digits)
  }
  return digits
}

/**
 * Minor units as a plain decimal in major units, the way a form field or a CSV cell holds a
 * price: (1299, 2) → "12.99", (1500, 0) → "1500", (1234, 3) → "1.234". Done on the digits
 * as text, so no float ever holds the amount; parsePrice (productInput.ts) reads it back.
 */
export function minorToDecimal(minor: Minor, digits: number): string {
  assertMinor(minor)
  if (digits === 0) return String(minor)
  const text = String(minor).padStart(digits + 1, '0')
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`
}

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

/** A tax rate in basis points: 825 is 8.25 %. */
export type BasisPoints = number
export const MAX_TAX_RATE: BasisPoints = 10_000

/**
 * Tax on a subtotal, rounded half-up once, in integer arithmetic:
 * round(subtotal × rate / 10 000) with .5 going up.
 */
export function taxOn(subtotal: Minor, rate: BasisPoints): Minor {
  assertMinor(subtotal, 'subtotal')
  if (!Number.isSafeInteger(rate) || rate < 0 || rate > MAX_TAX_RATE) throw new RangeError(`tax rate out of range: ${rate}`)
  const scaled = subtotal * rate
  if (!Number.isSafeInteger(scaled)) {
    // Beyond 2^53 do it in BigInt so no precision is lost.
    return assertMinor(Number((BigInt(subtotal) * BigInt(rate) + 5_000n) / 10_000n), 'tax')
  }
  return Math.floor((scaled + 5_000) / 10_000)
}

export interface Totals {
  subtotal: Minor
  tax: Minor
  total: Minor
}

/** Subtotal, tax (rounded once on the subtotal) and total. */
export function totalsFor(subtotal: Minor, rate: BasisPoints): Totals {
  const tax = taxOn(subtotal, rate)
  return { subtotal, tax, total: assertMinor(subtotal + tax, 'total') }
}
