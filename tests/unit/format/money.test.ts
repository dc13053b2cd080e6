import { describe, expect, it } from 'vitest'
import { examplePrice, formatMoney } from '../../../src/format/money'
import { csvColumnHelp } from '../../../src/views/inventory/csvHelp'

describe('formatMoney', () => {
  it.each([
    [1299, 'USD', '$12.99'],
    [0, 'USD', '$0.00'],
    [123456789, 'USD', '$1,234,567.89'],
    [1299, 'EUR', '€12.99'],
    [1500, 'JPY', '¥1,500'],
    [1234, 'KWD', 'KWD 1.234'],
  ])('shows %d minor units of %s as %s, with that currency’s decimals', (minor, currency, text) => {
    expect(formatMoney(minor, currency).replace(/\u00a0/g, ' ')).toBe(text)
  })
})

describe('examplePrice', () => {
  it.each([
    [2, '12.99'],
    [0, '1500'],
    [3, '12.999'],
  ])('with %d decimals is %s', (digits, text) => {
    expect(examplePrice(digits)).toBe(text)
  })
})

describe("the CSV page's price column help", () => {
  const price = (currency: string, digits: number) => csvColumnHelp(currency, digits).find(([column]) => column === 'price')?.[1]

  it("names the shop's currency and its decimals", () => {
    expect(price('USD', 2)).toBe('Required. In USD, like 12.99; at most 2 decimals.')
    expect(price('JPY', 0)).toBe('Required. In JPY, like 1500; no decimals.')
    expect(price('KWD', 3)).toBe('Required. In KWD, like 12.999; at most 3 decimals.')
  })
})
