import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ClockOverflowError, compareHlc, decodeHlc, encodeHlc, receiveHlc, tickHlc, type Hlc } from '../../../src/domain/hlc'

const stamp = fc.record({
  wall: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  counter: fc.integer({ min: 0, max: 36 ** 4 - 1 }),
  device: fc.stringMatching(/^[0-9A-Z]{2,4}$/),
})

describe('hybrid logical clock', () => {
  it.each([
    ['a fresh device takes the wall time', undefined, 1000, { wall: 1000, counter: 0 }],
    ['a later wall time resets the counter', { wall: 1000, counter: 5, device: 'K7' }, 1001, { wall: 1001, counter: 0 }],
    ['the same millisecond counts up', { wall: 1000, counter: 5, device: 'K7' }, 1000, { wall: 1000, counter: 6 }],
    ['a clock set back does not go back', { wall: 5000, counter: 0, device: 'K7' }, 1000, { wall: 5000, counter: 1 }],
  ])('%s', (_name, last, now, expected) => {
    expect(tickHlc(last, now, 'K7')).toEqual({ ...expected, device: 'K7' })
  })

  it('a stamp from a device ahead moves this one past it', () => {
    const remote: Hlc = { wall: 9000, counter: 3, device: 'Z9' }
    expect(receiveHlc({ wall: 1000, counter: 0, device: 'K7' }, remote, 2000, 'K7')).toEqual({ wall: 9000, counter: 4, device: 'K7' })
    expect(receiveHlc(undefined, remote, 10_000, 'K7')).toEqual({ wall: 10_000, counter: 0, device: 'K7' })
  })

  it('refuses to overflow its counter', () => {
    expect(() => tickHlc({ wall: 1, counter: 36 ** 4 - 1, device: 'K7' }, 1, 'K7')).toThrow(ClockOverflowError)
  })

  it('never goes backwards, whatever the wall clock and the stamps received do', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), now: fc.integer({ min: 0, max: 10_000 }) }),
      fc.record({ kind: fc.constant('receive' as const), now: fc.integer({ min: 0, max: 10_000 }), remote: stamp.map((s) => ({ ...s, wall: s.wall % 20_000, counter: s.counter % 1000 })) }),
    )
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let clock: Hlc | undefined
        for (const s of steps) {
          const next = s.kind === 'tick' ? tickHlc(clock, s.now, 'K7') : receiveHlc(clock, s.remote, s.now, 'K7')
          if (clock) expect(compareHlc(next, clock)).toBeGreaterThan(0)
          if (s.kind === 'receive') expect(compareHlc({ ...next, device: s.remote.device }, s.remote)).toBeGreaterThan(0)
          clock = next
        }
      }),
    )
  })

  it("orders its text as it orders stamps, and reads back what it wrote", () => {
    fc.assert(
      fc.property(stamp, stamp, (a, b) => {
        expect(decodeHlc(encodeHlc(a))).toEqual(a)
        const text = Math.sign(encodeHlc(a) < encodeHlc(b) ? -1 : encodeHlc(a) > encodeHlc(b) ? 1 : 0)
        expect(text).toBe(Math.sign(compareHlc(a, b)))
      }),
    )
  })

  it.each(['', 'not a stamp', '0000000000000'])('refuses to read %j', (text) => {
    expect(() => decodeHlc(text)).toThrow(RangeError)
  })
})
