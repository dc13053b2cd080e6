/**
 * Who an order is for and how it reaches them: a contact (a name, and a phone number or an
 * e-mail address, so the shop can say the order is ready or the courier is at the door),
 * pickup at the shop or delivery to an address, and a note. Pure rules: the checkout form
 * and the checkout service check the same input with the same function.
 */
import { FormValidationError } from './errors'

export interface OrderContact {
  name: string
  /** At least one of phone and email is there. */
  phone?: string
  email?: string
}

export interface DeliveryAddress {
  line1: string
  line2?: string
  city: string
  postalCode: string
  country: string
}

export type Fulfilment = { kind: 'pickup' } | { kind: 'delivery'; address: DeliveryAddress }

export interface OrderDetails {
  contact: OrderContact
  fulfilment: Fulfilment
  /** The customer's words for the shop ("ring twice", "gift wrap"); '' for none. */
  note: string
}

/** The form as typed: every field a string, the choice of fulfilment by its kind. */
export interface OrderDetailsInput {
  contactName: string
  phone: string
  email: string
  fulfilment: Fulfilment['kind']
  line1: string
  line2: string
  city: string
  postalCode: string
  country: string
  note: string
}

/** The form's fields, in the order they are shown: a message goes next to its field, and focus to the first. */
export const DETAILS_FIELDS = ['contactName', 'phone', 'email', 'line1', 'line2', 'city', 'postalCode', 'country', 'note'] as const
export type DetailsField = (typeof DETAILS_FIELDS)[number]

export const NOTE_MAX = 500
const TEXT_MAX = 100

export function emptyDetailsInput(): OrderDetailsInput {
  return { contactName: '', phone: '', email: '', fulfilment: 'pickup', line1: '', line2: '', city: '', postalCode: '', country: '', note: '' }
}

/** One line of text as a person typed it: trimmed, inner runs of spaces made one. */
function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** A simple, permissive check: something@something.tld, no spaces. Real checking is sending mail. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/
/** Digits with the usual separators and an optional leading +; 7 to 15 digits (E.164's limit). */
const PHONE_CHARS = /^\+?[\d\s().-]+$/

function phoneProblem(phone: string): string | undefined {
  const digits = phone.replace(/\D/g, '')
  if (!PHONE_CHARS.test(phone)) return 'A phone number has digits, spaces, dashes, brackets and an optional + only.'
  if (digits.length < 7) return 'This phone number is too short: give the whole number, with its area code.'
  if (digits.length > 15) return 'This phone number is too long: a phone number has at most 15 digits.'
  return undefined
}

/** The messages for every field that is wrong, by field; empty when the details are fine. */
export function detailsProblems(input: OrderDetailsInput): Partial<Record<DetailsField, string>> {
  const problems: Partial<Record<DetailsField, string>> = {}
  const name = clean(input.contactName)
  const phone = clean(input.phone)
  const email = clean(input.email)
  if (!name) problems.contactName = 'Enter the name the order is for.'
  else if (name.length > TEXT_MAX) problems.contactName = `A name has at most ${TEXT_MAX} characters.`
  if (!phone && !email) problems.phone = 'Enter a phone number or an e-mail address, so the shop can reach you about the order.'
  if (phone) {
    const problem = phoneProblem(phone)
    if (problem) problems.phone = problem
  }
  if (email && !EMAIL.test(email)) problems.email = 'This e-mail address is not valid: it looks like name@example.com.'
  else if (email.length > 254) problems.email = 'An e-mail address has at most 254 characters.'
  if (input.fulfilment === 'delivery') {
    if (!clean(input.line1)) problems.line1 = 'Enter the street and number to deliver to.'
    else if (clean(input.line1).length > TEXT_MAX) problems.line1 = `An address line has at most ${TEXT_MAX} characters.`
    if (clean(input.line2).length > TEXT_MAX) problems.line2 = `An address line has at most ${TEXT_MAX} characters.`
    if (!clean(input.city)) problems.city = 'Enter the town or city.'
    else if (clean(input.city).length > TEXT_MAX) problems.city = `A town has at most ${TEXT_MAX} characters.`
    const postal = clean(input.postalCode)
    if (!postal) problems.postalCode = 'Enter the postal code.'
    else if (!/^[\p{L}\p{N}][\p{L}\p{N} -]{0,11}$/u.test(postal)) problems.postalCode = 'A postal code has letters, digits, spaces and dashes only, at most 12.'
    if (!clean(input.country)) problems.country = 'Enter the country.'
    else if (clean(input.country).length > TEXT_MAX) problems.country = `A country has at most ${TEXT_MAX} characters.`
  }
  if (input.note.trim().length > NOTE_MAX) problems.note = `A note has at most ${NOTE_MAX} characters.`
  return problems
}

/** The details to store, or a FormValidationError naming every field that is wrong. */
export function parseOrderDetails(input: OrderDetailsInput): OrderDetails {
  const problems = detailsProblems(input)
  if (Object.keys(problems).length > 0) throw new FormValidationError(problems)
  const phone = clean(input.phone)
  const email = clean(input.email)
  const contact: OrderContact = { name: clean(input.contactName), ...(phone ? { phone } : {}), ...(email ? { email } : {}) }
  const line2 = clean(input.line2)
  const fulfilment: Fulfilment =
    input.fulfilment === 'delivery'
      ? {
          kind: 'delivery',
          address: { line1: clean(input.line1), ...(line2 ? { line2 } : {}), city: clean(input.city), postalCode: clean(input.postalCode).toUpperCase(), country: clean(input.country) },
        }
      : { kind: 'pickup' }
  return { contact, fulfilment, note: input.note.trim() }
}

/** The form prefilled from earlier details (the customer's last order): what a returning customer expects. */
export function detailsInputOf(details: OrderDetails): OrderDetailsInput {
  const address = details.fulfilment.kind === 'delivery' ? details.fulfilment.address : undefined
  return {
    ...emptyDetailsInput(),
    contactName: details.contact.name,
    phone: details.contact.phone ?? '',
    email: details.contact.email ?? '',
    fulfilment: details.fulfilment.kind,
    line1: address?.line1 ?? '',
    line2: address?.line2 ?? '',
    city: address?.city ?? '',
    postalCode: address?.postalCode ?? '',
    country: address?.country ?? '',
  }
}

/** The address on one line, as a list or a receipt shows it. */
export function addressLine(address: DeliveryAddress): string {
  return [address.line1, address.line2, `${address.postalCode} ${address.city}`, address.country].filter(Boolean).join(', ')
}

/** Everything the owner's search looks in, folded: the contact, the address and the note. */
export function detailsSearchText(details: Partial<OrderDetails>): string {
  const parts = [details.contact?.name, details.contact?.phone, details.contact?.phone?.replace(/\D/g, ''), details.contact?.email, details.note]
  if (details.fulfilment?.kind === 'delivery') parts.push(addressLine(details.fulfilment.address))
  return parts
    .filter(Boolean)
    .join(' \n ')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
}
