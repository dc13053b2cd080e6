import { describe, expect, it } from 'vitest'
import { FormValidationError, ValidationError } from '../../../src/domain/errors'
import {
  checkProductInput,
  parseCategory,
  parseDescription,
  parseLowStockThreshold,
  parseName,
  parseNote,
  parsePrice,
  parseRestockQuantity,
  parseSku,
  parseStock,
  parseStockLevel,
  validateProductInput,
  type ProductInput,
} from '../../../src/domain/productInput'
import { thrown } from '../support'

function problem(fn: () => unknown): { field: string; message: string } {
  const err = thrown(fn)
  expect(err).toBeInstanceOf(ValidationError)
  const { field, message } = err as ValidationError
  return { field, message }
}

describe('parseName', () => {
  it.each([
    ['Stoneware Mug', 'Stoneware Mug'],
    ['  Stoneware   Mug  ', 'Stoneware Mug'],
    ['x', 'x'],
    ['é'.repeat(120), 'é'.repeat(120)],
    ['🍵'.repeat(120), '🍵'.repeat(120)], // 120 characters, 240 UTF-16 units
    ['Cafe\u0301', 'Café'], // NFC
  ])('accepts %j as %j', (input, name) => {
    expect(parseName(input)).toBe(name)
  })

  it.each([
    ['', 'Enter a name.'],
    ['   ', 'Enter a name.'],
    ['x'.repeat(121), 'Name must be at most 120 characters.'],
    ['🍵'.repeat(121), 'Name must be at most 120 characters.'],
    ['Mug\u0000', 'Name cannot contain control characters.'],
    ['Mug\u200b', 'Name cannot contain control characters.'],
  ])('refuses %j: %s', (input, message) => {
    expect(problem(() => parseName(input))).toEqual({ field: 'name', message })
  })
})

describe('parseSku', () => {
  it.each([
    ['cof-0001', 'COF-0001'],
    [' A1 ', 'A1'],
    ['X.Y_Z-9', 'X.Y_Z-9'],
    ['A'.repeat(32), 'A'.repeat(32)],
  ])('accepts %j as %j', (input, sku) => {
    expect(parseSku(input)).toBe(sku)
  })

  it.each([
    ['', 'Enter a SKU.'],
    ['A'.repeat(33), 'SKU must be at most 32 characters.'],
    ['COF 1', 'SKU can only contain letters, digits, dots, dashes and underscores, like COF-0001.'],
    ['-COF', 'SKU can only contain letters, digits, dots, dashes and underscores, like COF-0001.'],
    ['CAFÉ', 'SKU can only contain letters, digits, dots, dashes and underscores, like COF-0001.'],
  ])('refuses %j: %s', (input, message) => {
    expect(problem(() => parseSku(input))).toEqual({ field: 'sku', message })
  })
})

describe('parseCategory and parseDescription', () => {
  it('trims and collapses a category, refuses an empty or long one', () => {
    expect(parseCategory('  Garden   tools ')).toBe('Garden tools')
    expect(problem(() => parseCategory(' '))).toEqual({ field: 'category', message: 'Enter a category.' })
    expect(parseCategory('c'.repeat(60))).toHaveLength(60)
    expect(problem(() => parseCategory('c'.repeat(61)))).toEqual({ field: 'category', message: 'Category must be at most 60 characters.' })
  })

  it('keeps line breaks in a description, allows it empty, refuses past 2,000 characters', () => {
    expect(parseDescription('  Line one.\nLine two.  ')).toBe('Line one.\nLine two.')
    expect(parseDescription('')).toBe('')
    expect(parseDescription('d'.repeat(2000))).toHaveLength(2000)
    expect(problem(() => parseDescription('d'.repeat(2001)))).toEqual({ field: 'description', message: 'Description must be at most 2,000 characters.' })
  })
})

describe('parsePrice', () => {
  it.each<[string, number, number]>([
    ['12.99', 2, 1299],
    ['12', 2, 1200],
    ['12.5', 2, 1250],
    ['12.50', 2, 1250],
    ['12.500', 2, 1250], // trailing zeros add no precision
    ['.5', 2, 50],
    ['0', 2, 0],
    ['0.00', 2, 0],
    ['-0', 2, 0],
    ['+3.10', 2, 310],
    [' 007.01 ', 2, 701],
    ['10000000', 2, 1_000_000_000],
    ['10000000.00', 2, 1_000_000_000],
    ['1500', 0, 1500], // a currency without decimals (JPY)
    ['1500.0', 0, 1500],
    ['1.234', 3, 1234], // three decimals (KWD)
  ])('reads %j with %d decimals as %d minor units', (input, digits, minor) => {
    expect(parsePrice(input, digits)).toBe(minor)
  })

  it.each<[string, number, string]>([
    ['', 2, 'Enter a price.'],
    ['  ', 2, 'Enter a price.'],
    ['abc', 2, 'Price must be a number, like 12.99.'],
    ['12,99', 2, 'Price must be a number, like 12.99.'],
    ['1,000', 2, 'Price must be a number, like 12.99.'],
    ['$12', 2, 'Price must be a number, like 12.99.'],
    ['1e3', 2, 'Price must be a number, like 12.99.'],
    ['.', 2, 'Price must be a number, like 12.99.'],
    ['Infinity', 2, 'Price must be a number, like 12.99.'],
    ['-1', 2, 'Price cannot be negative.'],
    ['-0.01', 2, 'Price cannot be negative.'],
    ['12.345', 2, 'Price can have at most 2 decimals.'],
    ['0.001', 2, 'Price can have at most 2 decimals.'],
    ['12.5', 0, 'Price must be a whole amount: this currency has no decimals.'],
    ['10000000.01', 2, 'Price cannot be more than 10,000,000.'],
    ['99999999999999999999', 2, 'Price cannot be more than 10,000,000.'],
  ])('refuses %j (%d decimals): %s', (input, digits, message) => {
    expect(problem(() => parsePrice(input, digits))).toEqual({ field: 'price', message })
  })
})

describe('whole numbers: stock, threshold, restock, stock level', () => {
  it.each([
    ['0', 0],
    ['12', 12],
    [' 1000000 ', 1_000_000],
    ['3.0', 3],
    ['+4', 4],
  ])('stock %j is %d', (input, value) => {
    expect(parseStock(input)).toBe(value)
  })

  it.each([
    ['', 'Enter the stock.'],
    ['ten', 'Stock must be a number, like 0 or 12.'],
    ['-1', 'Stock cannot be negative.'],
    ['1.5', 'Stock must be a whole number.'],
    ['1.00000000000000001', 'Stock must be a whole number.'],
    ['1000001', 'Stock cannot be more than 1,000,000.'],
    ['1e6', 'Stock must be a number, like 0 or 12.'],
  ])('stock %j is refused: %s', (input, message) => {
    expect(problem(() => parseStock(input))).toEqual({ field: 'stock', message })
  })

  it('names its own field and words', () => {
    expect(problem(() => parseLowStockThreshold('-1'))).toEqual({ field: 'lowStockThreshold', message: 'Low-stock threshold cannot be negative.' })
    expect(parseLowStockThreshold('0')).toBe(0)
    expect(problem(() => parseRestockQuantity('0'))).toEqual({ field: 'quantity', message: 'Quantity must be at least 1.' })
    expect(parseRestockQuantity('1')).toBe(1)
    expect(problem(() => parseStockLevel(''))).toEqual({ field: 'level', message: 'Enter the new stock level.' })
    expect(parseStockLevel('0')).toBe(0)
  })
})

describe('parseNote', () => {
  it('is optional unless required, and at most 200 characters', () => {
    expect(parseNote('  Delivery   1142 ')).toBe('Delivery 1142')
    expect(parseNote('')).toBe('')
    expect(problem(() => parseNote(' ', { required: true, field: 'reason' }))).toMatchObject({ field: 'reason' })
    expect(parseNote('n'.repeat(200))).toHaveLength(200)
    expect(problem(() => parseNote('n'.repeat(201)))).toEqual({ field: 'note', message: 'Keep the note to 200 characters.' })
  })
})

describe('checkProductInput', () => {
  const good: ProductInput = {
    sku: 'kit-1',
    name: ' Stoneware Mug ',
    category: 'Kitchen',
    description: '',
    price: '14.99',
    lowStockThreshold: '5',
    stock: '10',
  }

  it('returns the clean values when every field is right', () => {
    expect(checkProductInput(good, 2)).toEqual({
      ok: true,
      value: { sku: 'KIT-1', name: 'Stoneware Mug', category: 'Kitchen', description: '', price: 1499, lowStockThreshold: 5, stock: 10 },
    })
  })

  it('leaves stock out when it is not asked (editing)', () => {
    expect(checkProductInput({ ...good, stock: undefined }, 2)).toEqual({ ok: true, value: expect.not.objectContaining({ stock: expect.anything() }) })
  })

  it('collects every wrong field at once, so the form shows them all', () => {
    const checked = checkProductInput({ sku: '', name: '', category: '', description: 'd'.repeat(2001), price: '1.234', lowStockThreshold: 'x', stock: '-1' }, 2)
    expect(checked).toEqual({
      ok: false,
      fields: {
        sku: 'Enter a SKU.',
        name: 'Enter a name.',
        category: 'Enter a category.',
        description: 'Description must be at most 2,000 characters.',
        price: 'Price can have at most 2 decimals.',
        lowStockThreshold: 'Low-stock threshold must be a number, like 0 or 12.',
        stock: 'Stock cannot be negative.',
      },
    })
  })

  it('throws one FormValidationError holding every message (validateProductInput)', () => {
    const err = thrown(() => validateProductInput({ ...good, name: '', price: 'free' }, 2))
    expect(err).toBeInstanceOf(FormValidationError)
    expect((err as FormValidationError).fields).toEqual({ name: 'Enter a name.', price: 'Price must be a number, like 12.99.' })
  })
})
