import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ID_ALPHABET, ID_LENGTH, idFromKey, idGenerator, idTime, isId, makeId, nextId } from '../../../src/domain/id'

const bytes = (...b: number[]) => Uint8Array.from(b)
const randomBytes = fc.uint8Array({ minLength: 6, maxLength: 6 })
const times = fc.integer({ min: 0, max: 2 ** 42 - 1 })

describe('global ids', () => {
  it('lists its alphabet in ASCII order, 64 URL-safe characters', () => {
    expect(ID_ALPHABET).toHaveLength(64)
    expect([...ID_ALPHABET].sort().join('')).toBe(ID_ALPHABET)
    expect(encodeURIComponent(ID_ALPHABET)).toBe(ID_ALPHABET)
  })

  it.each([
    [0, bytes(0, 0, 0, 0, 0, 0), '-------------'],
    [1, bytes(0, 0, 0, 0, 0, 1), '------0-----0'],
    [2 ** 42 - 1, bytes(255, 255, 255, 255, 255, 255), 'zzzzzzzzzzzzz'],
    [1_717_000_000_000, bytes(0, 0, 0, 0, 0, 0), 'Nz4AC7-------'],
    // Each character takes 6 bits of one random byte: 64 → '-' again, 127 → 'z'.
    [1_717_000_000_000, bytes(64, 127, 1, 2, 3, 4), 'Nz4AC7--z0123'],
  ])('time %i with bytes %o is %s', (time, random, id) => {
    expect(makeId(time, random)).toBe(id)
    expect(idTime(id)).toBe(time)
  })

  it('is 13 characters of the alphabet and keeps its time', () => {
    fc.assert(
      fc.property(times, randomBytes, (time, random) => {
        const id = makeId(time, random)
        expect(id).toHaveLength(ID_LENGTH)
        expect(isId(id)).toBe(true)
        expect(idTime(id)).toBe(time)
      }),
    )
  })

  it('sorts as strings the way the times sort', () => {
    fc.assert(
      fc.property(times, times, randomBytes, randomBytes, (a, b, ra, rb) => {
        fc.pre(a !== b)
        expect(makeId(a, ra) < makeId(b, rb)).toBe(a < b)
      }),
    )
  })

  it('makes strictly increasing ids from one generator, also within one millisecond and when the clock steps back', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(times, randomBytes), { minLength: 2, maxLength: 200 }), (steps) => {
        let last: string | undefined
        for (const [time, random] of steps) {
          const id = nextId(last, time, random)
          expect(isId(id)).toBe(true)
          if (last !== undefined) expect(id > last).toBe(true)
          last = id
        }
      }),
    )
  })

  it('carries an increment through the random part into the time', () => {
    const last = makeId(5, bytes(255, 255, 255, 255, 255, 255))
    expect(nextId(last, 5, bytes(0, 0, 0, 0, 0, 0))).toBe(makeId(6, bytes(0, 0, 0, 0, 0, 0)))
  })

  it('two generators on two devices in the same millisecond do not meet', () => {
    let seed = 1
    const random = (b: Uint8Array) => b.map(() => (seed = (seed * 48271) % 2147483647) & 255)
    const a = idGenerator(() => 42, random)
    const b = idGenerator(() => 42, random)
    const ids = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      ids.add(a())
      ids.add(b())
    }
    expect(ids.size).toBe(2000)
  })

  it.each(['', '123', '-------------x', '------------', 'abc/defghijkl', 42])('%j is not an id', (text) => {
    expect(isId(text)).toBe(false)
  })
})

describe('idFromKey (ids of seeded records, made from their SKU)', () => {
  it('is a valid id, the same for the same key on every call', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        const id = idFromKey(key)
        expect(isId(id)).toBe(true)
        expect(id).toHaveLength(ID_LENGTH)
        expect(idFromKey(key)).toBe(id)
      }),
    )
  })

  it.each([
    ['COF-0001', 'bnl3HujiQqilX'],
    ['SYN-0000001', 'd8PYvuzQJvXQ7'],
    ['KIT-0001', 'h5A_0NXyHKEP3'],
  ])('does not change between releases: %s → %s', (sku, id) => {
    // Two devices on different releases must still agree: the function's output is pinned.
    expect(idFromKey(sku)).toBe(id)
  })

  it('gives 100,000 synthetic SKUs and the demo ones 100,000 different ids', () => {
    const ids = new Set<string>()
    for (let n = 1; n <= 100_000; n++) ids.add(idFromKey(`SYN-${String(n).padStart(7, '0')}`))
    expect(ids.size).toBe(100_000)
  })

  it('differs for keys one character apart', () => {
    expect(idFromKey('COF-0001')).not.toBe(idFromKey('COF-0002'))
    expect(idFromKey('COF-0001')).not.toBe(idFromKey('COF-00010'))
  })
})
