import { FieldsValidationError, ValidationError } from './errors'
import type { Minor } from './money'

export interface Product {
  id: number
  /** Stock-keeping unit: unique, stored in capitals ("COF-0001"). */
  sku: string
  name: string
  category: string
  description: string
  /** Price in minor units of the shop's currency. */
  price: Minor
  stock: number
  /** At or below this many units the product is "low" for shoppers and on the owner's list. */
  lowStockThreshold: number
  /** The owner's photo, resized to at most 512 px. Without one, views draw a generated image. */
  image?: Blob
  /** Archived products are kept (orders and the ledger point at them) but no longer sold. */
  archived: boolean
  createdAt: number
  updatedAt: number
}

export type NewProduct = Omit<Product, 'id'>

/**
 * Fields derived from a product for its indexes (IndexedDB cannot index booleans or
 * computed values). The database rewrites them on every write, so they never go stale.
 */
export interface ProductIndexFields {
  /** The name folded for sorting: lower case, accents removed, spaces collapsed. */
  nameKey: string
  /** The distinct folded words of the name: a multi-entry index for word-prefix search. */
  nameWords: string[]
  /** 1 while the product is sold (not archived). */
  listed: 0 | 1
  /** 1 while the product is sold and has stock: the "in stock only" indexes. */
  stocked: 0 | 1
  /** stock − lowStockThreshold: at or below 0 the product is on the low-stock list. */
  stockGap: number
}

export type StoredProduct = Product & ProductIndexFields

/** A shopper sees "Only N left" at or below this many units unless the owner sets another threshold. */
export const LOW_STOCK_THRESHOLD = 5
export const NAME_MAX = 120
export const SKU_MAX = 32
export const CATEGORY_MAX = 60
export const DESCRIPTION_MAX = 2000
export const MAX_STOCK = 1_000_000
/** The highest price in major units (10,000,000.00): keeps every total a safe integer. */
export const MAX_PRICE_MAJOR = 10_000_000

export type StockLevel = 'in-stock' | 'low' | 'out-of-stock'

/** How a stock count reads to a shopper. */
export function stockLevel(stock: number, lowThreshold = LOW_STOCK_THRESHOLD): StockLevel {
  if (stock <= 0) return 'out-of-stock'
  if (stock <= lowThreshold) return 'low'
  return 'in-stock'
}

/** Case- and accent-insensitive form of a text: "Café Crème" → "cafe creme". */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase()
}

/** The distinct words of a text, folded, in order of first appearance. */
export function wordsOf(text: string): string[] {
  return [...new Set(foldText(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean))]
}

/** The index fields of a product (see ProductIndexFields). */
export function productIndexFields(product: Pick<Product, 'name' | 'archived' | 'stock' | 'lowStockThreshold'>): ProductIndexFields {
  const listed = product.archived ? 0 : 1
  return {
    nameKey: foldText(product.name).replace(/\s+/g, ' ').trim(),
    nameWords: wordsOf(product.name),
    listed,
    stocked: listed && product.stock > 0 ? 1 : 0,
    stockGap: product.stock - product.lowStockThreshold,
  }
}

/** Whether every word typed is the start of some word of the name ("sto mu" finds "Stoneware Mug"). */
export function nameMatches(nameWords: readonly string[], queryWords: readonly string[]): boolean {
  return queryWords.every((q) => nameWords.some((w) => w.startsWith(q)))
}

// ---------------------------------------------------------------------------------------
// Validation of what the owner types (or a CSV row holds). Every parser returns the clean
// value or throws a ValidationError for its field with a message that says what to do.

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
  const sku = clean(input).toUpperCase()
  if (sku === '') throw new ValidationError('sku', 'Enter a SKU.')
  if (length(sku) > SKU_MAX) throw new ValidationError('sku', `SKU must be at most ${SKU_MAX} characters.`)
  if (!/^[A-Z0-9][A-Z0-9._-]*$/.test(sku)) {
    throw new ValidationError('sku', 'SKU can only contain letters, digits, dots, dashes and underscores, like COF-0001.')
  }
  return sku
}

/** The SKU a search text would be, if it could be one; never throws. */
export function skuOrUndefined(input: string): string | undefined {
  try {
    return parseSku(input)
  } catch {
    return undefined
  }
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

/** Like checkProductInput, but throws FieldsValidationError with every problem. */
export function validateProductInput(input: ProductInput, fractionDigits: number): ProductDetails & { stock?: number } {
  const checked = checkProductInput(input, fractionDigits)
  if (!checked.ok) throw new FieldsValidationError(checked.fields)
  return checked.value
}
