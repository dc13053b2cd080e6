import { ValidationError } from './errors'

/** Largest quantity a person may type; keeps arithmetic safely inside integers. */
export const MAX_QUANTITY = 1_000_000

/**
 * Turns what a person typed into a quantity, or throws a ValidationError for `field` with a
 * message that says what is wrong: empty, not a number, zero, negative, fractional, too big.
 */
export function parseQuantity(input: string | number, field = 'quantity', { allowZero = false }: { allowZero?: boolean } = {}): number {
  const text = String(input).trim()
  if (text === '') throw new ValidationError(field, 'Enter a quantity.')
  // Only plain decimal notation: no "1e3", "0x10", "Infinity" or thousands separators.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) {
    throw new ValidationError(field, 'Quantity must be a number, like 1 or 2.')
  }
  const value = Number(text)
  if (value < 0) throw new ValidationError(field, 'Quantity cannot be negative.')
  // Check the text too: Number('1.99999999999999999') rounds to a whole 2.
  if (!Number.isInteger(value) || /\.\d*[1-9]/.test(text)) {
    throw new ValidationError(field, 'Quantity must be a whole number.')
  }
  if (value === 0 && !allowZero) throw new ValidationError(field, 'Quantity must be at least 1.')
  if (value > MAX_QUANTITY) {
    throw new ValidationError(field, `Quantity cannot be more than ${MAX_QUANTITY.toLocaleString('en-US')}.`)
  }
  return value
}
