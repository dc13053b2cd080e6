import { describe, expect, it } from 'vitest'
import { OutOfStockError, ValidationError } from '../../../src/domain/errors'
import {
  assertCheckoutEligible,
  checkoutEligibility,
  checkoutRefusal,
  guestCartNote,
  isSellable,
  lineProblem,
  mergeGuestLine,
  type LineToCheck,
} from '../../../src/domain/sellability'
import { aProduct, pid, thrown } from '../support'

const MUG = 'Stoneware Mug'
const TEA = 'Sencha Green Tea'
const mug = (stock: number, archived = false) => aProduct({ id: pid(1), name: MUG, stock, archived })
const tea = (stock: number, archived = false) => aProduct({ id: pid(2), name: TEA, stock, archived })

describe('isSellable', () => {
  it.each([
    ['on sale', mug(5), true],
    ['on sale with no stock (sold out, but still sold)', mug(0), true],
    ['archived', mug(5, true), false],
    ['gone from the shop', undefined, false],
  ])('%s → %s', (_what, product, expected) => {
    expect(isSellable(product)).toBe(expected)
  })
})

describe('lineProblem', () => {
  it.each([
    // stock, archived, quantity, problem
    [5, false, 1, undefined],
    [1, false, 1, undefined], // exactly the stock, at 1
    [5, false, 5, undefined], // exactly the stock
    [5, false, 6, { kind: 'short', name: MUG, stock: 5, quantity: 6 }],
    [0, false, 1, { kind: 'short', name: MUG, stock: 0, quantity: 1 }],
    [-2, false, 1, { kind: 'short', name: MUG, stock: 0, quantity: 1 }], // a negative stock reads as none left
    [0, false, 0, undefined], // nothing asked for, nothing short
    [5, true, 1, { kind: 'not-sold', name: MUG }],
    [0, true, 3, { kind: 'not-sold', name: MUG }], // archived wins over short: lowering would not help
    [5, true, 5, { kind: 'not-sold', name: MUG }],
  ] as const)('stock %d, archived %s, %d in the line → %o', (stock, archived, quantity, problem) => {
    expect(lineProblem(mug(stock, archived), quantity)).toEqual(problem)
  })

  it('calls a line whose product is no longer in the shop "gone"', () => {
    expect(lineProblem(undefined, 1)).toEqual({ kind: 'gone' })
  })
})

describe('checkoutEligibility', () => {
  const line = (product: LineToCheck['product'], quantity: number): LineToCheck => ({ product, quantity })

  it.each<[string, LineToCheck[], { ok: boolean; notSold: string[]; short: string[]; reasons: string[] }]>([
    ['lines within stock', [line(mug(5), 2), line(tea(3), 3)], { ok: true, notSold: [], short: [], reasons: [] }],
    ['a line of exactly the stock, at 1', [line(mug(1), 1)], { ok: true, notSold: [], short: [], reasons: [] }],
    [
      'an archived line',
      [line(mug(5), 1), line(tea(3, true), 1)],
      { ok: false, notSold: [TEA], short: [], reasons: [`${TEA} is no longer sold. Remove it from your cart to check out.`] },
    ],
    [
      'two archived lines',
      [line(mug(5, true), 1), line(tea(3, true), 1)],
      { ok: false, notSold: [MUG, TEA], short: [], reasons: [`${MUG}, ${TEA} are no longer sold. Remove them from your cart to check out.`] },
    ],
    [
      'a short line',
      [line(mug(1), 2), line(tea(3), 1)],
      { ok: false, notSold: [], short: [MUG], reasons: [`Stock changed since you added ${MUG}. Lower the quantity to what is left to check out.`] },
    ],
    [
      'a line of a sold-out product',
      [line(mug(0), 1)],
      { ok: false, notSold: [], short: [MUG], reasons: [`Stock changed since you added ${MUG}. Lower the quantity to what is left to check out.`] },
    ],
    [
      'an archived line and a short one',
      [line(mug(0, true), 2), line(tea(1), 2)],
      {
        ok: false,
        notSold: [MUG],
        short: [TEA],
        reasons: [
          `${MUG} is no longer sold. Remove it from your cart to check out.`,
          `Stock changed since you added ${TEA}. Lower the quantity to what is left to check out.`,
        ],
      },
    ],
  ])('%s', (_what, lines, expected) => {
    expect(checkoutEligibility(lines)).toMatchObject({ ...expected, empty: false, gone: 0 })
  })

  it('refuses an empty cart', () => {
    expect(checkoutEligibility([])).toEqual({ ok: false, empty: true, gone: 0, notSold: [], short: [], reasons: ['Your cart is empty.'] })
  })

  it('counts the lines whose product is gone', () => {
    expect(checkoutEligibility([line(undefined, 1), line(mug(5), 1)])).toMatchObject({ ok: false, gone: 1, notSold: [], short: [] })
  })
})

describe('checkoutRefusal', () => {
  const line = (product: LineToCheck['product'], quantity: number): LineToCheck => ({ product, quantity })

  it('has nothing against lines within the stock, exactly the stock included', () => {
    expect(checkoutRefusal([line(mug(5), 5), line(tea(3), 1)])).toBeUndefined()
    expect(() => assertCheckoutEligible([line(mug(1), 1)])).not.toThrow()
  })

  it.each<[string, LineToCheck[], { type: typeof ValidationError | typeof OutOfStockError; message: string }]>([
    ['an empty cart', [], { type: ValidationError, message: 'Your cart is empty.' }],
    [
      'a product gone from the shop',
      [line(mug(5), 1), line(undefined, 1)],
      { type: ValidationError, message: 'A product in your cart is no longer sold. Remove it and try again.' },
    ],
    [
      'an archived product',
      [line(mug(5), 1), line(tea(3, true), 1)],
      { type: ValidationError, message: `${TEA} is no longer sold. Remove it from your cart and try again.` },
    ],
    // A product no longer sold is named before a short line, even when the short line comes first.
    ['an archived product after a short line', [line(mug(0), 1), line(tea(3, true), 1)], { type: ValidationError, message: `${TEA} is no longer sold. Remove it from your cart and try again.` }],
    ['a short line', [line(mug(2), 3)], { type: OutOfStockError, message: `Only 2 of ${MUG} are available; you asked for 3.` }],
    ['a line of a sold-out product', [line(tea(3), 1), line(mug(0), 1)], { type: OutOfStockError, message: `${MUG} is out of stock.` }],
  ])('refuses %s', (_what, lines, { type, message }) => {
    const err = checkoutRefusal(lines)
    expect(err).toBeInstanceOf(type)
    expect(err).toMatchObject({ message })
    expect(thrown(() => assertCheckoutEligible(lines))).toEqual(err)
    if (err instanceof ValidationError) expect(err.field).toBe('cart')
  })
})

describe('mergeGuestLine', () => {
  it.each([
    // stock, in account, from guest → quantity, capped
    [5, 0, 2, 2, false],
    [5, 3, 2, 5, false], // the sum is exactly the stock
    [5, 4, 2, 5, true],
    [1, 0, 1, 1, false],
    [0, 0, 1, 0, true], // sold out: nothing comes over
    [2, 3, 1, 2, true], // the stock fell below what the account already had
  ])('stock %d, %d in the account, %d from the guest → %d (capped %s)', (stock, inAccount, fromGuest, quantity, capped) => {
    expect(mergeGuestLine(mug(stock), inAccount, fromGuest)).toEqual({ kind: 'merged', name: MUG, quantity, capped })
  })

  it.each([
    [5, 0, 2],
    [0, 1, 1],
  ])('leaves out a product no longer sold (stock %d, %d in the account, %d from the guest)', (stock, inAccount, fromGuest) => {
    expect(mergeGuestLine(mug(stock, true), inAccount, fromGuest)).toEqual({ kind: 'not-sold', name: MUG })
  })

  it('drops a product gone from the shop', () => {
    expect(mergeGuestLine(undefined, 0, 2)).toEqual({ kind: 'gone' })
  })
})

describe('guestCartNote', () => {
  it.each([
    [[], [], ''],
    [[MUG], [], `Some items from before you logged in were limited to the stock left: ${MUG}.`],
    [[MUG, TEA], [], `Some items from before you logged in were limited to the stock left: ${MUG}, ${TEA}.`],
    [[], [TEA], `Some items from before you logged in are no longer sold and were left out: ${TEA}.`],
    [
      [MUG],
      [TEA],
      `Some items from before you logged in were limited to the stock left: ${MUG}. Some items from before you logged in are no longer sold and were left out: ${TEA}.`,
    ],
  ])('capped %o, not sold %o → "%s"', (capped, notSold, note) => {
    expect(guestCartNote({ capped, notSold })).toBe(note)
  })
})
