import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../../src/domain/errors'
import {
  formatExpiryInput,
  groupCardNumber,
  DECLINE_MESSAGES,
  PaymentDeclinedError,
  TEST_CARDS,
  cardBrand,
  cardDigits,
  gatewayOutcome,
  luhnValid,
  validateCard,
  validateCardFields,
  type CardInput,
} from '../../../src/domain/payment'
import { thrown } from '../support'

/** The test cards with fixed outcomes, as the issue and the README list them. */
const TEST_CARD_TABLE = [
  ['4242 4242 4242 4242', 'approved'],
  ['4000 0000 0000 0002', 'declined'],
  ['4000 0000 0000 9995', 'insufficient-funds'],
  ['4000 0000 0000 0069', 'expired-card'],
  ['4000 0000 0000 0119', 'processing-error'],
] as const

/** The Luhn sum computed the textbook way, to check the app's version against. */
function referenceLuhn(digits: string): boolean {
  const sum = [...digits]
    .reverse()
    .map(Number)
    .map((d, i) => (i % 2 === 0 ? d : d * 2 > 9 ? d * 2 - 9 : d * 2))
    .reduce((a, b) => a + b, 0)
  return sum % 10 === 0
}

describe('luhnValid', () => {
  it.each([
    '4242424242424242',
    '4111111111111111',
    '5555555555554444',
    '5105105105105100',
    '2223003122003222',
    '378282246310005',
    '6011111111111117',
    '79927398713',
    '0',
    '00',
  ])('accepts the valid number %s', (digits) => {
    expect(luhnValid(digits)).toBe(true)
  })

  it.each([
    '4242424242424241',
    '4242424242424243',
    '4111111111111112',
    '5555555555554440',
    '378282246310006',
    '79927398710',
    '79927398714',
    '1',
  ])('refuses the invalid number %s', (digits) => {
    expect(luhnValid(digits)).toBe(false)
  })

  it.each(['', '4242 4242 4242 4242', '4242-4242-4242-4242', 'abcd', '42424242424242a2', '٤٢٤٢'])(
    'refuses "%s", which is not digits only',
    (text) => {
      expect(luhnValid(text)).toBe(false)
    },
  )

  it.each(TEST_CARD_TABLE)('accepts the test card %s', (number) => {
    expect(luhnValid(cardDigits(number))).toBe(true)
  })

  it('agrees with the textbook Luhn sum for any digit string', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,19}$/), (digits) => {
        expect(luhnValid(digits)).toBe(referenceLuhn(digits))
      }),
    )
  })

  it('has exactly one check digit for any prefix', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{0,18}$/), (prefix) => {
        const valid = [...'0123456789'].filter((d) => luhnValid(prefix + d))
        expect(valid).toHaveLength(1)
      }),
    )
  })

  it('catches every single mistyped digit of a valid number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{11,18}$/), fc.nat(), fc.integer({ min: 1, max: 9 }), (prefix, at, shift) => {
        const check = [...'0123456789'].find((d) => referenceLuhn(prefix + d))
        const valid = prefix + check
        const i = at % valid.length
        const typo = valid.slice(0, i) + String((Number(valid[i]) + shift) % 10) + valid.slice(i + 1)
        expect(luhnValid(valid)).toBe(true)
        expect(luhnValid(typo)).toBe(false)
      }),
    )
  })
})

describe('cardDigits', () => {
  it.each([
    ['4242 4242 4242 4242', '4242424242424242'],
    ['4242-4242-4242-4242', '4242424242424242'],
    [' 4242\t4242 ', '42424242'],
    ['', ''],
  ])('"%s" → "%s"', (typed, digits) => {
    expect(cardDigits(typed)).toBe(digits)
  })
})

describe('cardBrand', () => {
  it.each([
    ['4242424242424242', 'Visa'],
    ['4000000000000002', 'Visa'],
    ['5105105105105100', 'Mastercard'],
    ['5555555555554444', 'Mastercard'],
    ['5100000000000000', 'Mastercard'],
    ['2221000000000009', 'Mastercard'],
    ['2223003122003222', 'Mastercard'],
    ['2500000000000000', 'Mastercard'],
    ['2720999999999996', 'Mastercard'],
    ['378282246310005', 'American Express'],
    ['340000000000009', 'American Express'],
    ['6011111111111117', 'Discover'],
    ['6500000000000002', 'Discover'],
    // Just outside the ranges.
    ['5000000000000009', 'Card'],
    ['5600000000000000', 'Card'],
    ['2220000000000000', 'Card'],
    ['2721000000000004', 'Card'],
    ['3500000000000000', 'Card'],
    ['6012000000000000', 'Card'],
    ['1234567812345670', 'Card'],
    ['', 'Card'],
  ])('%s is %s', (digits, brand) => {
    expect(cardBrand(digits)).toBe(brand)
  })

  it('counts a 2-series prefix as Mastercard exactly from 2221 to 2720', () => {
    for (let prefix = 2000; prefix <= 2999; prefix++) {
      const expected = prefix >= 2221 && prefix <= 2720 ? 'Mastercard' : 'Card'
      expect([prefix, cardBrand(`${prefix}000000000000`)]).toEqual([prefix, expected])
    }
  })

  it('counts 51 to 55 as Mastercard and 50, 56 not', () => {
    for (let prefix = 50; prefix <= 59; prefix++) {
      expect([prefix, cardBrand(`${prefix}00000000000000`)]).toEqual([prefix, prefix >= 51 && prefix <= 55 ? 'Mastercard' : 'Card'])
    }
  })
})

// A fixed "now": 15 May 2026, in local time as the form sees it.
const NOW = new Date(2026, 4, 15, 12, 0)
const GOOD: CardInput = { number: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', name: 'Ada Lovelace' }

function errorsFor(overrides: Partial<CardInput>, now = NOW) {
  return validateCardFields({ ...GOOD, ...overrides }, now)
}

describe('validateCardFields', () => {
  it('has no messages for a well-formed card', () => {
    expect(validateCardFields(GOOD, NOW)).toEqual({})
  })

  it('gives every field its message at once', () => {
    expect(validateCardFields({ number: '', expiry: '', cvc: '', name: '' }, NOW)).toEqual({
      cardNumber: 'Enter the card number.',
      expiry: 'Enter the expiry date as MM/YY.',
      cvc: 'Enter the security code (CVC).',
      cardName: 'Enter the name on the card.',
    })
  })

  describe('card number', () => {
    it.each([
      ['', 'Enter the card number.'],
      ['   ', 'Enter the card number.'],
      [' - ', 'Enter the card number.'],
      ['4242 4242 4242 424x', 'A card number has digits only.'],
      ['4242.4242.4242.4242', 'A card number has digits only.'],
      ['42424242424', 'A card number has 12 to 19 digits.'],
      ['42424242424242424242', 'A card number has 12 to 19 digits.'],
      ['4242 4242 4242 4241', 'This card number is not valid. Check it for typos.'],
      ['1234 5678 9012 3456', 'This card number is not valid. Check it for typos.'],
    ])('"%s": %s', (number, message) => {
      expect(errorsFor({ number })).toEqual({ cardNumber: message })
    })

    it.each([
      ['12 digits', '411111111117'],
      ['19 digits', '4111111111111111110'],
      ['with spaces', '4242 4242 4242 4242'],
      ['with dashes', '4242-4242-4242-4242'],
      ['Amex, 15 digits', '3782 822463 10005'],
    ])('accepts a valid number %s', (_what, number) => {
      expect(errorsFor({ number })).toEqual({})
    })
  })

  describe('expiry', () => {
    it.each([
      ['', 'Enter the expiry date as MM/YY.'],
      ['  ', 'Enter the expiry date as MM/YY.'],
      ['1230', 'Write the expiry date as MM/YY, for example 04/29.'],
      ['12-30', 'Write the expiry date as MM/YY, for example 04/29.'],
      ['123/30', 'Write the expiry date as MM/YY, for example 04/29.'],
      ['12/3', 'Write the expiry date as MM/YY, for example 04/29.'],
      ['12/303', 'Write the expiry date as MM/YY, for example 04/29.'],
      ['ab/cd', 'Write the expiry date as MM/YY, for example 04/29.'],
      ['00/30', 'The month must be from 01 to 12.'],
      ['13/30', 'The month must be from 01 to 12.'],
      ['0/30', 'The month must be from 01 to 12.'],
      ['04/26', 'This card has expired.'],
      ['12/25', 'This card has expired.'],
      ['01/20', 'This card has expired.'],
      ['04/2026', 'This card has expired.'],
      ['05/2025', 'This card has expired.'],
    ])('"%s": %s', (expiry, message) => {
      expect(errorsFor({ expiry })).toEqual({ expiry: message })
    })

    it.each([
      ['this month', '05/26'],
      ['this month, one digit', '5/26'],
      ['next month', '06/26'],
      ['January next year', '01/27'],
      ['a 4-digit year, this month', '05/2026'],
      ['a 4-digit year, far ahead', '12/2099'],
      ['spaces around the slash', ' 05 / 26 '],
    ])('accepts %s ("%s")', (_what, expiry) => {
      expect(errorsFor({ expiry })).toEqual({})
    })

    it('counts the whole of December as not expired, across the new year', () => {
      const lastDayOfYear = new Date(2026, 11, 31, 23, 59)
      expect(errorsFor({ expiry: '12/26' }, lastDayOfYear)).toEqual({})
      expect(errorsFor({ expiry: '11/26' }, lastDayOfYear)).toEqual({ expiry: 'This card has expired.' })
      const newYear = new Date(2027, 0, 1, 0, 0)
      expect(errorsFor({ expiry: '12/26' }, newYear)).toEqual({ expiry: 'This card has expired.' })
      expect(errorsFor({ expiry: '01/27' }, newYear)).toEqual({})
    })

    it('holds "expires this month" for any date, and "last month" is always expired', () => {
      fc.assert(
        fc.property(fc.integer({ min: 2001, max: 2098 }), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 28 }), (year, month, day) => {
          const now = new Date(year, month, day, 12)
          const mm = (m: number) => String(m).padStart(2, '0')
          const yy = (y: number) => String(y % 100).padStart(2, '0')
          expect(errorsFor({ expiry: `${mm(month + 1)}/${yy(year)}` }, now)).toEqual({})
          expect(errorsFor({ expiry: `${mm(month + 1)}/${year}` }, now)).toEqual({})
          const last = month === 0 ? { m: 12, y: year - 1 } : { m: month, y: year }
          expect(errorsFor({ expiry: `${mm(last.m)}/${yy(last.y)}` }, now)).toEqual({ expiry: 'This card has expired.' })
        }),
      )
    })
  })

  describe('CVC', () => {
    it.each([
      ['', 'Enter the security code (CVC).'],
      ['   ', 'Enter the security code (CVC).'],
      ['12', 'The security code is 3 or 4 digits.'],
      ['1', 'The security code is 3 or 4 digits.'],
      ['12345', 'The security code is 3 or 4 digits.'],
      ['12a', 'The security code is 3 or 4 digits.'],
      ['1 23', 'The security code is 3 or 4 digits.'],
    ])('"%s": %s', (cvc, message) => {
      expect(errorsFor({ cvc })).toEqual({ cvc: message })
    })

    it.each(['123', '1234', '000', ' 737 '])('accepts "%s"', (cvc) => {
      expect(errorsFor({ cvc })).toEqual({})
    })
  })

  describe('name on card', () => {
    it.each(['', '   ', '\t'])('"%s" is refused', (name) => {
      expect(errorsFor({ name })).toEqual({ cardName: 'Enter the name on the card.' })
    })

    it.each(['A', 'Zoë Ñúñez', '李小龍'])('accepts "%s"', (name) => {
      expect(errorsFor({ name })).toEqual({})
    })
  })
})

describe('validateCard', () => {
  it('keeps only the brand and the last four digits', () => {
    const summary = validateCard({ ...GOOD, number: '5555-5555-5555-4444', cvc: '987' }, NOW)
    expect(summary).toEqual({ brand: 'Mastercard', last4: '4444' })
    expect(Object.keys(summary).sort()).toEqual(['brand', 'last4'])
  })

  it.each([
    [{ number: '4242 4242 4242 4241' }, 'cardNumber'],
    [{ expiry: '01/20' }, 'expiry'],
    [{ cvc: '12' }, 'cvc'],
    [{ name: '' }, 'cardName'],
    [{ number: '', name: '' }, 'cardNumber'],
    [{ cvc: '', name: '' }, 'cvc'],
  ])('throws a ValidationError for the first bad field of %j, naming it', (overrides, field) => {
    const err = thrown(() => validateCard({ ...GOOD, ...overrides }, NOW))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field, message: validateCardFields({ ...GOOD, ...overrides }, NOW)[field] })
  })
})

describe('gatewayOutcome', () => {
  it.each(TEST_CARD_TABLE)('the test card %s is %s', (number, outcome) => {
    expect(gatewayOutcome(cardDigits(number))).toBe(outcome)
  })

  it('lists exactly the five test cards', () => {
    expect(Object.keys(TEST_CARDS).sort()).toEqual(TEST_CARD_TABLE.map(([n]) => cardDigits(n)).sort())
  })

  it.each(['4111111111111111', '5555555555554444', '378282246310005', '4000000000000010'])('approves any other card (%s)', (digits) => {
    expect(gatewayOutcome(digits)).toBe('approved')
  })
})

describe('PaymentDeclinedError', () => {
  it.each([
    ['declined', 'Your card was declined. Try another card or pay on delivery.'],
    ['insufficient-funds', 'Your card has insufficient funds. Try another card or pay on delivery.'],
    ['expired-card', 'Your card has expired according to your bank. Try another card.'],
    ['processing-error', 'The payment could not be processed. Nothing was charged; please try again.'],
  ] as const)('%s says "%s", for the payment as a whole', (outcome, message) => {
    const err = new PaymentDeclinedError(outcome)
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ outcome, field: 'payment', message, name: 'PaymentDeclinedError' })
    expect(DECLINE_MESSAGES[outcome]).toBe(message)
  })
})

describe('card fields as they are typed', () => {
  it.each([
    ['', ''],
    ['4', '4'],
    ['42424', '4242 4'],
    ['4242424242424242', '4242 4242 4242 4242'],
    ['4242 4242-4242 4242', '4242 4242 4242 4242'],
    ['4242424242424242123', '4242 4242 4242 4242 123'],
    ['42424242424242421234', '4242 4242 4242 4242 123'], // at most 19 digits
    ['378282246310005', '3782 822463 10005'], // American Express: 4-6-5
    ['4242 424x', '4242 424x'], // left as typed, so the field says what is wrong
  ])('the number %j is shown as %j', (typed, shown) => {
    expect(groupCardNumber(typed)).toBe(shown)
  })

  it.each([
    ['', ''],
    ['0', '0'],
    ['04', '04'],
    ['04/', '04/'],
    ['042', '04/2'],
    ['0429', '04/29'],
    ['04/29', '04/29'],
    ['04292', '04/29'], // at most four digits
    ['4/29', '4/29'], // a slash typed is kept where it was put
    ['04/2029', '04/2029'],
    [' 04 / 29 ', '04/29'],
    ['ab', 'ab'], // left as typed
  ])('the expiry %j is shown as %j', (typed, shown) => {
    expect(formatExpiryInput(typed)).toBe(shown)
  })

  it('a grouped number is still a valid card', () => {
    expect(validateCardFields({ number: groupCardNumber('4242424242424242'), expiry: formatExpiryInput('1299'), cvc: '123', name: 'A' }, new Date('2026-01-01'))).toEqual({})
  })
})
