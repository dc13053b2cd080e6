/**
 * Checking what the owner types (or a CSV row holds) for a product. Every parser returns
 * the clean value or throws a ValidationError for its field with a message that says what
 * to do. Kept apart from product.ts so shoppers' first page does not load it.
 */
import { FormValidationError, ValidationError } from './errors'
import type { Minor } from './money'
import {
  CATEGORY_MAX,
  DESCRIPTION_MAX,
  looksLikeSku,
  MAX_PRICE_MAJOR,
  MAX_STOCK,
  NAME_MAX,
  normalizeSku,
  SKU_MAX,
} from './product'

const CONTROL = /[\p{Cc}\p{Cf}]/u

function clean(text: string): string {
  return text.normalize('NFC').trim()
}

function length(text: string): number {
  return [...text].length
}

export function parseName(input: string): string {
  const name = clean(input).replace(/\s+/g, ' ')
  if (name === '') throw new ValidationError('name', 'Enter a name.')
  if (length(name) > NAME_MAX) throw new ValidationError('name', `Name must be at most ${NAME_MAX} characters.`)
  if (CONTROL.test(name)) throw new ValidationError('name', 'Name cannot contain control characters.')
  return name
}

/** A SKU in capitals; letters, digits, dots, dashes and underscores. */
export function parseSku(input: string): string {
  const sku = normalizeSku(input)
  if (sku === '') throw new ValidationError('sku', 'Enter a SKU.')
  if (length(sku) > SKU_MAX) throw new ValidationError('sku', `SKU must be at most ${SKU_MAX} characters.`)
  if (!looksLikeSku(sku)) {
    throw new ValidationError('sku', 'SKU can only contain letters, digits, dots, dashes and underscores, like COF-0001.')
  }
  return sku
}

export function parseCategory(input: string): string {
  const category = clean(input).replace(/\s+/g, ' ')
  if (category === '') throw new ValidationError('category', 'Enter a category.')
  if (length(category) > CATEGORY_MAX) throw new ValidationError('category', `Category must be at most ${CATEGORY_MAX} characters.`)
  if (CONTROL.test(category)) throw new ValidationError('category', 'Category cannot contain control characters.')
  return category
}

export function parseDescription(input: string): string {
  const description = clean(input)
  if (length(description) > DESCRIPTION_MAX) {
    throw new ValidationError('description', `Description must be at most ${DESCRIPTION_MAX.toLocaleString('en-US')} characters.`)
  }
  return description
}

/**
 * A price typed in major units ("12.99", "12", ".5") as integer minor units, for a currency
 * with `fractionDigits` decimals. No float ever holds the amount: the digits are joined as
 * text. Refuses negatives, more decimals than the currency has, and absurd amounts.
 */
export function parsePrice(input: string, fractionDigits: number, field = 'price'): Minor {
  const text = input.trim()
  if (text === '') throw new ValidationError(field, 'Enter a price.')
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text)
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new ValidationError(field, 'Price must be a number, like 12.99.')
  }
  const [, sign = '', whole = '', fraction = ''] = match
  if (sign === '-' && /[1-9]/.test(whole + fraction)) throw new ValidationError(field, 'Price cannot be negative.')
  // Trailing zeros do not add precision: "12.50" is fine for cents, "12.505" is not.
  const significant = fraction.replace(/0+$/, '')
  if (significant.length > fractionDigits) {
    throw new ValidationError(
      field,
      fractionDigits === 0 ? 'Price must be a whole amount: this currency has no decimals.' : `Price can have at most ${fractionDigits} decimals.`,
    )
  }
  const wholeDigits = whole.replace(/^0+(?=\d)/, '') || '0'
  if (wholeDigits.length > String(MAX_PRICE_MAJOR).length) {
    throw new ValidationError(field, `Price cannot be more than ${MAX_PRICE_MAJOR.toLocaleString('en-US')}.`)
  }
  const minor = Number(wholeDigits + significant.padEnd(fractionDigits, '0'))
  if (minor > MAX_PRICE_MAJOR * 10 ** fractionDigits) {
    throw new ValidationError(field, `Price cannot be more than ${MAX_PRICE_MAJOR.toLocaleString('en-US')}.`)
  }
  return minor
}

/**
 * A whole number from `min` to `max` typed into `field`; `label` starts the messages
 * ("Stock must be a whole number…").
 */
export function parseWholeNumber(input: string | number, field: string, label: string, { min = 0, max = MAX_STOCK } = {}): number {
  const text = String(input).trim()
  if (text === '') throw new ValidationError(field, `Enter the ${label.toLowerCase()}.`)
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) throw new ValidationError(field, `${label} must be a number, like ${Math.max(min, 0)} or 12.`)
  const value = Number(text)
  if (value < 0 && min >= 0) throw new ValidationError(field, `${label} cannot be negative.`)
  if (!Number.isInteger(value) || /\.\d*[1-9]/.test(text)) throw new ValidationError(field, `${label} must be a whole number.`)
  if (value < min) throw new ValidationError(field, `${label} must be at least ${min.toLocaleString('en-US')}.`)
  if (value > max) throw new ValidationError(field, `${label} cannot be more than ${max.toLocaleString('en-US')}.`)
  return value
}

export const parseStock = (input: string | number) => parseWholeNumber(input, 'stock', 'Stock')
export const parseLowStockThreshold = (input: string | number) =>
  parseWholeNumber(input, 'lowStockThreshold', 'Low-stock threshold')

/** What the owner types into the product form, or a CSV row holds: text, as typed. */
export interface ProductInput {
  sku: string
  name: string
  category: string
  description: string
  price: string
  lowStockThreshold: string
  /** Only when a product is created (or imported); later changes go through the ledger. */
  stock?: string
}

/** A product's details after validation. */
export interface ProductDetails {
  sku: string
  name: string
  category: string
  description: string
  price: Minor
  lowStockThreshold: number
}

/**
 * Checks every field and collects every problem: returns the clean values, or the
 * messages by field. Nothing is half-valid: a caller stores nothing unless `ok`.
 */
export function checkProductInput(
  input: ProductInput,
  fractionDigits: number,
): { ok: true; value: ProductDetails & { stock?: number } } | { ok: false; fields: Record<string, string> } {
  const fields: Record<string, string> = {}
  function read<T>(parse: () => T): T | undefined {
    try {
      return parse()
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err
      fields[err.field] = err.message
      return undefined
    }
  }
  const value = {
    sku: read(() => parseSku(input.sku)),
    name: read(() => parseName(input.name)),
    category: read(() => parseCategory(input.category)),
    description: read(() => parseDescription(input.description)),
    price: read(() => parsePrice(input.price, fractionDigits)),
    lowStockThreshold: read(() => parseLowStockThreshold(input.lowStockThreshold)),
    stock: input.stock === undefined ? undefined : read(() => parseStock(input.stock ?? '')),
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields }
  const { stock, ...details } = value as ProductDetails & { stock?: number }
  return { ok: true, value: stock === undefined ? details : { ...details, stock } }
}

/** Like checkProductInput, but throws FormValidationError with every problem. */
export function validateProductInput(input: ProductInput, fractionDigits: number): ProductDetails & { stock?: number } {
  const checked = checkProductInput(input, fractionDigits)
  if (!checked.ok) throw new FormValidationError(checked.fields)
  return checked.value
}

// --- Stock changes the owner types (restock, adjustment).

export const NOTE_MAX = 200

/** Units received in a restock: a whole number from 1. */
export function parseRestockQuantity(input: string | number): number {
  return parseWholeNumber(input, 'quantity', 'Quantity', { min: 1 })
}

/** The stock level counted in an adjustment: a whole number from 0. */
export function parseStockLevel(input: string | number): number {
  return parseWholeNumber(input, 'level', 'New stock level')
}

/** A free-text note; `required` for adjustments, where the reason is the point. */
export function parseNote(input: string, { required = false, field = 'note' } = {}): string {
  const note = input.normalize('NFC').trim().replace(/\s+/g, ' ')
  if (required && note === '') throw new ValidationError(field, 'Say why the stock changes, like "Counted on the shelf" or "Damaged".')
  if ([...note].length > NOTE_MAX) throw new ValidationError(field, `Keep the note to ${NOTE_MAX} characters.`)
  return note
}

