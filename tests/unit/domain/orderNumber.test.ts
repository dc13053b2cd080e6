import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEVICE_CODE_ALPHABET, FIRST_SEQUENCE, formatOrderNumber, isDeviceCode, newDeviceCode, nextSequence, parseOrderNumber } from '../../../src/domain/orderNumber'

describe('order numbers unique across devices', () => {
  it.each([
    ['K7', 1042, 'K7-1042'],
    ['ABC', 1001, 'ABC-1001'],
  ])('%s and %i read %s', (code, sequence, text) => {
    expect(formatOrderNumber(code, sequence)).toBe(text)
    expect(parseOrderNumber(text)).toEqual({ deviceCode: code, sequence })
  })

  it.each(['', '1042', 'K7-', 'K7-0', 'K0-12', 'K-12', 'K7-12-3', 'K7 1042'])('%j is not an order number', (text) => {
    expect(parseOrderNumber(text)).toBeUndefined()
  })

  it('reads a number said aloud and typed in lower case', () => {
    expect(parseOrderNumber(' k7-1042 ')).toEqual({ deviceCode: 'K7', sequence: 1042 })
  })

  it('leaves out the letters that read alike', () => {
    for (const c of '01OILUV') expect(DEVICE_CODE_ALPHABET).not.toContain(c)
  })

  it('counts each device from 1001', () => {
    expect(nextSequence(undefined)).toBe(FIRST_SEQUENCE)
    expect(nextSequence(1041)).toBe(1042)
  })

  it('makes a code no other device of the shop has, growing when two characters run out', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 28 * 29 }), { maxLength: 60 }), fc.infiniteStream(fc.double({ min: 0, max: 0.999999, noNaN: true })), (taken, stream) => {
        const codes = new Set(taken.map((n) => DEVICE_CODE_ALPHABET[n % 29]! + DEVICE_CODE_ALPHABET[Math.floor(n / 29) % 29]!))
        const it = stream[Symbol.iterator]()
        const code = newDeviceCode(codes, () => it.next().value as number)
        expect(isDeviceCode(code)).toBe(true)
        expect(codes.has(code)).toBe(false)
      }),
    )
    const all = new Set<string>()
    for (const a of DEVICE_CODE_ALPHABET) for (const b of DEVICE_CODE_ALPHABET) all.add(a + b)
    expect(newDeviceCode(all, () => 0)).toHaveLength(3)
  })

  it('two devices never produce the same number', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DEVICE_CODE_ALPHABET).chain((first) => fc.tuple(fc.constant(new Set([first + '2'])), fc.double({ min: 0, max: 0.999999, noNaN: true }))),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 400 }),
        ([taken, r], ordersA, ordersB) => {
          // Device B joins a shop where A's code is known and makes its own.
          const codeA = [...taken][0]!
          const codeB = newDeviceCode(taken, () => r)
          const numbers = new Set<string>()
          let seq: number | undefined
          for (let i = 0; i < ordersA; i++) numbers.add(formatOrderNumber(codeA, (seq = nextSequence(seq))))
          seq = undefined
          for (let i = 0; i < ordersB; i++) {
            const n = formatOrderNumber(codeB, (seq = nextSequence(seq)))
            expect(numbers.has(n)).toBe(false)
            numbers.add(n)
          }
          expect(numbers.size).toBe(ordersA + ordersB)
        },
      ),
    )
  })
})
