import { describe, expect, it } from 'vitest'
import { FormValidationError } from '../../../src/domain/errors'
import {
  addressLine,
  detailsInputOf,
  detailsProblems,
  detailsSearchText,
  emptyDetailsInput,
  NOTE_MAX,
  parseOrderDetails,
  type OrderDetailsInput,
} from '../../../src/domain/orderDetails'

const pickup = (overrides: Partial<OrderDetailsInput> = {}): OrderDetailsInput => ({ ...emptyDetailsInput(), contactName: 'Ada Lovelace', email: 'ada@example.com', ...overrides })
const delivery = (overrides: Partial<OrderDetailsInput> = {}): OrderDetailsInput =>
  pickup({ fulfilment: 'delivery', line1: '12 Analytical Row', city: 'London', postalCode: 'nw1 6xe', country: 'United Kingdom', ...overrides })

describe('order details', () => {
  it.each<[string, Partial<OrderDetailsInput>, string, RegExp]>([
    ['no name', { contactName: '  ' }, 'contactName', /name the order is for/],
    ['neither phone nor e-mail', { email: '' }, 'phone', /phone number or an e-mail/],
    ['an e-mail without a domain', { email: 'ada@' }, 'email', /not valid/],
    ['an e-mail with a space', { email: 'ada lovelace@example.com' }, 'email', /not valid/],
    ['a phone number with letters', { phone: '020 SHOP' }, 'phone', /digits, spaces/],
    ['a phone number too short', { phone: '12 34' }, 'phone', /too short/],
    ['a phone number too long', { phone: '+1 234 567 890 123 456' }, 'phone', /too long/],
    ['a note too long', { note: 'x'.repeat(NOTE_MAX + 1) }, 'note', /at most 500/],
  ])('refuses %s, next to its field', (_case, overrides, field, message) => {
    const problems = detailsProblems(pickup(overrides))
    expect(Object.keys(problems)).toEqual([field])
    expect(problems[field as keyof typeof problems]).toMatch(message)
  })

  it.each<[string, Partial<OrderDetailsInput>, string]>([
    ['no street', { line1: '' }, 'line1'],
    ['no town', { city: '' }, 'city'],
    ['no postal code', { postalCode: '' }, 'postalCode'],
    ['a postal code with symbols', { postalCode: 'NW1#6XE' }, 'postalCode'],
    ['no country', { country: ' ' }, 'country'],
  ])('a delivery needs a whole address: refuses %s', (_case, overrides, field) => {
    expect(Object.keys(detailsProblems(delivery(overrides)))).toEqual([field])
  })

  it('a pickup needs no address, and every problem at once is named', () => {
    expect(detailsProblems(pickup())).toEqual({})
    const all = detailsProblems(delivery({ contactName: '', email: '', line1: '', city: '', postalCode: '', country: '' }))
    expect(Object.keys(all).sort()).toEqual(['city', 'contactName', 'country', 'line1', 'phone', 'postalCode'])
    expect(() => parseOrderDetails(delivery({ city: '' }))).toThrow(FormValidationError)
  })

  it('keeps what was typed, tidied: spaces trimmed, the postal code upper case, empty fields left out', () => {
    const details = parseOrderDetails(delivery({ contactName: '  Ada   Lovelace ', phone: '', line2: ' ', note: ' Ring twice. ' }))
    expect(details).toEqual({
      contact: { name: 'Ada Lovelace', email: 'ada@example.com' },
      fulfilment: { kind: 'delivery', address: { line1: '12 Analytical Row', city: 'London', postalCode: 'NW1 6XE', country: 'United Kingdom' } },
      note: 'Ring twice.',
    })
    expect(parseOrderDetails(pickup({ phone: '+44 20 7946 0000' })).fulfilment).toEqual({ kind: 'pickup' })
  })

  it('fills the form again from earlier details, and reads an address on one line', () => {
    const details = parseOrderDetails(delivery({ phone: '020 7946 0000' }))
    expect(parseOrderDetails(detailsInputOf(details))).toEqual({ ...details, note: '' })
    expect(addressLine(details.fulfilment.kind === 'delivery' ? details.fulfilment.address : (undefined as never))).toBe('12 Analytical Row, NW1 6XE London, United Kingdom')
  })

  it('the search text holds the name, phone (digits too), e-mail, address and note, folded', () => {
    const text = detailsSearchText(parseOrderDetails(delivery({ contactName: 'Zoë Ádám', phone: '020 7946-0000', note: 'Gift wrap' })))
    for (const part of ['zoe adam', '02079460000', '020 7946-0000', 'ada@example.com', 'london', 'nw1 6xe', 'gift wrap']) expect(text).toContain(part)
  })
})
