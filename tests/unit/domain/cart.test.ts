import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  assertCanAdd,
  assertQuantityAvailable,
  availableToAdd,
  cartCount,
  cartLineTotal,
  cartTotal,
  GUEST_ID,
  isAvailable,
  mergedQuantity,
  type CartLine,
} from '../../../src/domain/cart'
import { isId } from '../../../src/domain/id'
import { OutOfStockError } from '../../../src/domain/errors'
import { aLine, aProduct, pid, thrown } from '../support'

const MUG = 'Stoneware Mug'

describe('availableToAdd', () => {
  it.each([
    [10, 0, 10],
    [10, 3, 7],
    [10, 10, 0],
    [1, 0, 1],
    [0, 0, 0],
    [3, 5, 0], // stock lowered below what is already in the cart
  ])('stock %d with %d in cart leaves room for %d', (stock, inCart, room) => {
    expect(availableToAdd(stock, inCart)).toBe(room)
  })
})

describe('assertCanAdd', () => {
  it.each([
    [5, 0, 5], // stock exactly equal to the request
    [5, 2, 3], // exactly the room left after the cart
    [1, 0, 1],
    [10, 0, 1],
    [10, 9, 1],
  ])('stock %d, %d in cart: accepts %d more', (stock, inCart, requested) => {
    expect(() => assertCanAdd(aProduct({ stock }), inCart, requested)).not.toThrow()
  })

  it.each([
    [0, 0, 1, 0, `${MUG} is out of stock.`],
    [0, 2, 1, 0, `${MUG} is out of stock.`],
    [5, 0, 6, 5, `Only 5 of ${MUG} are available; you asked for 6.`],
    [1, 0, 2, 1, `Only 1 of ${MUG} is available; you asked for 2.`],
    [5, 2, 4, 3, `You can add at most 3 more ${MUG}: 5 in stock and 2 already in your cart.`],
    [5, 4, 2, 1, `You can add at most 1 more ${MUG}: 5 in stock and 4 already in your cart.`],
    [5, 5, 1, 0, `You already have 5 ${MUG} in your cart and 5 are in stock: you cannot add more.`],
  ])('stock %d, %d in cart: refuses %d more (available %d) — "%s"', (stock, inCart, requested, available, message) => {
    const err = thrown(() => assertCanAdd(aProduct({ stock }), inCart, requested))
    expect(err).toBeInstanceOf(OutOfStockError)
    expect(err).toMatchObject({ productName: MUG, available, requested, message })
  })

  it('mentions the cart when the cart already holds more than the (lowered) stock', () => {
    const err = thrown(() => assertCanAdd(aProduct({ stock: 3 }), 5, 1))
    expect(err).toBeInstanceOf(OutOfStockError)
    expect(err).toMatchObject({ available: 0, requested: 1 })
    expect((err as OutOfStockError).message).toBe(`You already have 5 ${MUG} in your cart and 3 are in stock: you cannot add more.`)
  })

  it('accepts exactly when requested <= stock - inCart', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        (stock, inCart, requested) => {
          const product = aProduct({ stock })
          if (requested <= stock - inCart) {
            expect(() => assertCanAdd(product, inCart, requested)).not.toThrow()
          } else {
            const err = thrown(() => assertCanAdd(product, inCart, requested))
            expect(err).toBeInstanceOf(OutOfStockError)
            expect(err).toMatchObject({ available: Math.max(0, stock - inCart), requested })
          }
        },
      ),
    )
  })
})

describe('assertQuantityAvailable', () => {
  it.each([
    [5, 5],
    [5, 1],
    [1, 1],
  ])('stock %d: a line of %d can be bought', (stock, quantity) => {
    expect(() => assertQuantityAvailable(aProduct({ stock }), quantity)).not.toThrow()
  })

  it.each([
    [5, 6, 5, `Only 5 of ${MUG} are available; you asked for 6.`],
    [0, 1, 0, `${MUG} is out of stock.`],
    [-2, 1, 0, `${MUG} is out of stock.`],
  ])('stock %d: a line of %d is refused (available %d)', (stock, quantity, available, message) => {
    const err = thrown(() => assertQuantityAvailable(aProduct({ stock }), quantity))
    expect(err).toBeInstanceOf(OutOfStockError)
    expect(err).toMatchObject({ productName: MUG, available, requested: quantity, message })
  })
})

describe('isAvailable', () => {
  it.each([
    [5, 5, true],
    [5, 6, false],
    [10, 1, true],
    [1, 1, true],
    [0, 1, false],
    [1, 2, false],
  ])('stock %d, %d wanted → %s', (stock, quantity, expected) => {
    expect(isAvailable(stock, quantity)).toBe(expected)
  })
})

describe('cart totals', () => {
  it.each<[string, CartLine[], number]>([
    ['an empty cart', [], 0],
    ['one line of one', [aLine({ price: 1299 }, 1)], 1299],
    ['one line of three', [aLine({ price: 1299 }, 3)], 3897],
    ['two lines', [aLine({ id: pid(1), price: 1299 }, 2), aLine({ id: pid(2), price: 295 }, 4)], 2 * 1299 + 4 * 295],
    ['a free product', [aLine({ price: 0 }, 7), aLine({ id: pid(2), price: 850 }, 1)], 850],
  ])('cartTotal of %s is %d', (_label, lines, total) => {
    expect(cartTotal(lines)).toBe(total)
  })

  it('cartLineTotal is unit price × quantity', () => {
    expect(cartLineTotal(aLine({ price: 849 }, 3))).toBe(2547)
    expect(cartLineTotal(aLine({ price: 849 }, 0))).toBe(0)
  })

  it('refuses a total beyond MAX_SAFE_INTEGER instead of losing precision', () => {
    const lines = [aLine({ price: Number.MAX_SAFE_INTEGER }, 1), aLine({ id: pid(2), price: 1 }, 1)]
    expect(() => cartTotal(lines)).toThrow(RangeError)
    expect(() => cartLineTotal(aLine({ price: Number.MAX_SAFE_INTEGER }, 2))).toThrow(RangeError)
  })

  const lineArb = fc.record({
    price: fc.integer({ min: 0, max: 1_000_000 }),
    quantity: fc.integer({ min: 0, max: 1000 }),
  })
  const linesWithPermutation = fc
    .array(lineArb, { maxLength: 15 })
    .map((raw) => raw.map(({ price, quantity }, i) => aLine({ id: pid(i + 1), price }, quantity)))
    .chain((lines) =>
      fc.tuple(fc.constant(lines), fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length })),
    )

  it('cartTotal equals the sum of price × quantity and of the line totals, in any line order', () => {
    fc.assert(
      fc.property(linesWithPermutation, ([lines, shuffled]) => {
        const expected = lines.reduce((sum, l) => sum + l.product.price * l.quantity, 0)
        expect(cartTotal(lines)).toBe(expected)
        expect(lines.reduce((sum, l) => sum + cartLineTotal(l), 0)).toBe(expected)
        expect(cartTotal(shuffled)).toBe(expected)
      }),
    )
  })
})

describe('cartCount', () => {
  it.each([
    [[], 0],
    [[{ quantity: 1 }], 1],
    [[{ quantity: 2 }, { quantity: 3 }], 5],
    [[{ quantity: 1_000_000 }, { quantity: 1 }], 1_000_001],
  ])('%j holds %d units', (items, count) => {
    expect(cartCount(items)).toBe(count)
  })

  it('is the sum of the quantities, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 20 }), (quantities) => {
        const items = quantities.map((quantity) => ({ quantity }))
        const sum = quantities.reduce((a, b) => a + b, 0)
        expect(cartCount(items)).toBe(sum)
        expect(cartCount([...items].reverse())).toBe(sum)
      }),
    )
  })
})

describe('GUEST_ID', () => {
  it('is an id no account gets (an account id is 13 characters of the id alphabet)', () => {
    expect(GUEST_ID).toBe('guest')
    expect(isId(GUEST_ID)).toBe(false)
  })
})

describe('mergedQuantity', () => {
  it.each([
    // in the account, from the guest cart, stock → quantity, capped
    [0, 2, 5, 2, false],
    [3, 2, 5, 5, false], // exactly the stock
    [3, 3, 5, 5, true],
    [0, 6, 5, 5, true],
    [5, 1, 5, 5, true],
    [4, 1, 3, 3, true], // stock fell below what the account already had
    [0, 3, 0, 0, true], // sold out meanwhile
    [2, 2, 0, 0, true],
    [0, 0, 0, 0, false],
    [0, 1, -2, 0, true], // negative stock never gives a negative line
    [1_000_000, 1_000_000, 5_000_000, 2_000_000, false],
  ])('%d in the account + %d from the guest, stock %d → %d (capped: %s)', (inAccount, fromGuest, stock, quantity, capped) => {
    expect(mergedQuantity(inAccount, fromGuest, stock)).toEqual({ quantity, capped })
  })

  it('is the sum capped at the stock, and says capped exactly when something was lost', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), fc.integer({ min: -10, max: 30_000 }), (inAccount, fromGuest, stock) => {
        const { quantity, capped } = mergedQuantity(inAccount, fromGuest, stock)
        expect(quantity).toBe(Math.min(inAccount + fromGuest, Math.max(0, stock)))
        expect(quantity).toBeGreaterThanOrEqual(0)
        expect(quantity).toBeLessThanOrEqual(Math.max(0, stock))
        expect(capped).toBe(quantity < inAccount + fromGuest)
      }),
    )
  })
})
