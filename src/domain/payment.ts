/**
 * Card checks for the mock payment gateway: Luhn, brand, expiry, CVC, name. Pure rules; the
 * clock is passed in. Only the brand and the last four digits of a card are ever stored.
 */
import { ValidationError } from './errors'

export type CardBrand = 'Visa' | 'Mastercard' | 'American Express' | 'Discover' | 'Card'

export interface CardInput {
  number: string
  /** "MM/YY" as typed. */
  expiry: string
  cvc: string
  name: string
}

/** What is kept of a card: never the number, expiry or CVC. */
export interface CardSummary {
  brand: CardBrand
  last4: string
}

export type PaymentMethod = { kind: 'card'; card: CardSummary } | { kind: 'on-delivery' }

/** Digits only: spaces and dashes people type are allowed and dropped. */
export function cardDigits(number: string): string {
  return number.replace(/[\s-]/g, '')
}

/**
 * A card number as it is being typed, grouped the way it is printed on the card: 4-4-4-4(-3),
 * or 4-6-5 for American Express. Text with anything but digits, spaces and dashes is left as
 * typed, so the field can say what is wrong with it.
 */
export function groupCardNumber(typed: string): string {
  if (!/^[\d\s-]*$/.test(typed)) return typed
  const digits = cardDigits(typed).slice(0, 19)
  const sizes = /^3[47]/.test(digits) ? [4, 6, 5] : [4, 4, 4, 4, 3]
  const groups: string[] = []
  let at = 0
  for (const size of sizes) {
    if (at >= digits.length) break
    groups.push(digits.slice(at, at + size))
    at += size
  }
  return groups.join(' ')
}

/**
 * An expiry date as it is being typed, made MM/YY: "0429" → "04/29", "042" → "04/2". The "/"
 * is put in only once a third digit comes, so deleting back over it works; a "/" the person
 * typed is kept where they put it ("4/29"). Text with anything but digits, spaces and one
 * slash is left as typed.
 */
export function formatExpiryInput(typed: string): string {
  const parts = /^\s*(\d*)\s*(?:(\/)\s*(\d*))?\s*$/.exec(typed)
  if (!parts) return typed
  const [, month = '', slash, year = ''] = parts
  if (slash) return `${month.slice(0, 2)}/${year.slice(0, 4)}`
  const digits = month.slice(0, 4)
  return digits.length <= 2 ? digits : `${digits.slice(0, 2)}/${digits.slice(2)}`
}

/** The Luhn checksum that every real card number passes. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

export function cardBrand(digits: string): CardBrand {
  if (/^4/.test(digits)) return 'Visa'
  // Mastercard: 51–55 and 2221–2720.
  if (/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/.test(digits)) return 'Mastercard'
  if (/^3[47]/.test(digits)) return 'American Express'
  if (/^6(011|5)/.test(digits)) return 'Discover'
  return 'Card'
}

/**
 * Checks every field and throws a ValidationError for the first bad one, naming its field
 * (cardNumber, expiry, cvc, cardName). Use `validateCardFields` to get all messages at once.
 */
export function validateCard(input: CardInput, now: Date): CardSummary {
  const errors = validateCardFields(input, now)
  const first = Object.entries(errors)[0]
  if (first) throw new ValidationError(first[0], first[1])
  const digits = cardDigits(input.number)
  return { brand: cardBrand(digits), last4: digits.slice(-4) }
}

/** The card's fields, as `validateCardFields` names them: a checkout form shows each by its input. */
export const CARD_FIELDS = ['cardNumber', 'expiry', 'cvc', 'cardName'] as const

/** Every field's message, keyed by field; empty when the card is well-formed. */
export function validateCardFields(input: CardInput, now: Date): Record<string, string> {
  const errors: Record<string, string> = {}
  const digits = cardDigits(input.number)
  if (digits === '') errors.cardNumber = 'Enter the card number.'
  else if (!/^\d+$/.test(digits)) errors.cardNumber = 'A card number has digits only.'
  else if (digits.length < 12 || digits.length > 19) errors.cardNumber = 'A card number has 12 to 19 digits.'
  else if (!luhnValid(digits)) errors.cardNumber = 'This card number is not valid. Check it for typos.'

  const expiry = input.expiry.trim().match(/^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/)
  if (input.expiry.trim() === '') errors.expiry = 'Enter the expiry date as MM/YY.'
  else if (!expiry) errors.expiry = 'Write the expiry date as MM/YY, for example 04/29.'
  else {
    const month = Number(expiry[1])
    const year = expiry[2]!.length === 2 ? 2000 + Number(expiry[2]) : Number(expiry[2])
    if (month < 1 || month > 12) errors.expiry = 'The month must be from 01 to 12.'
    else if (year * 12 + month < now.getFullYear() * 12 + now.getMonth() + 1) errors.expiry = 'This card has expired.'
  }

  const cvc = input.cvc.trim()
  if (cvc === '') errors.cvc = 'Enter the security code (CVC).'
  else if (!/^\d{3,4}$/.test(cvc)) errors.cvc = 'The security code is 3 or 4 digits.'

  if (input.name.trim() === '') errors.cardName = 'Enter the name on the card.'
  return errors
}

/** How the mock gateway answers. */
export type GatewayOutcome = 'approved' | 'declined' | 'insufficient-funds' | 'expired-card' | 'processing-error'

/** Test cards with fixed outcomes, as listed in the README; any other valid card is approved. */
export const TEST_CARDS: Readonly<Record<string, GatewayOutcome>> = {
  '4242424242424242': 'approved',
  '4000000000000002': 'declined',
  '4000000000009995': 'insufficient-funds',
  '4000000000000069': 'expired-card',
  '4000000000000119': 'processing-error',
}

export function gatewayOutcome(digits: string): GatewayOutcome {
  return TEST_CARDS[digits] ?? 'approved'
}

export const DECLINE_MESSAGES: Record<Exclude<GatewayOutcome, 'approved'>, string> = {
  declined: 'Your card was declined. Try another card or pay on delivery.',
  'insufficient-funds': 'Your card has insufficient funds. Try another card or pay on delivery.',
  'expired-card': 'Your card has expired according to your bank. Try another card.',
  'processing-error': 'The payment could not be processed. Nothing was charged; please try again.',
}

/** The payment was refused; nothing was ordered and nothing was charged. */
export class PaymentDeclinedError extends ValidationError {
  constructor(readonly outcome: Exclude<GatewayOutcome, 'approved'>) {
    super('payment', DECLINE_MESSAGES[outcome])
  }
}
