import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createdBefore, renamedSku, settleSkus, type SkuHolder } from '../../../src/domain/skuClash'
import { looksLikeSku, SKU_MAX } from '../../../src/domain/product'
import { ID_ALPHABET } from '../../../src/domain/id'

const h = (id: string, sku: string, createdAt: number): SkuHolder => ({ id, sku, createdAt })

describe('renamedSku', () => {
  it.each([
    ['MUG-1', 'abcdEFGHijklm', 'MUG-1-ABCD'],
    ['MUG-1', '-_0zQ00000000', 'MUG-1--_0Z'],
    ['X'.repeat(32), 'abcdEFGHijklm', `${'X'.repeat(27)}-ABCD`],
  ])('%s lost by %s → %s', (sku, id, expected) => {
    expect(renamedSku(sku, id)).toBe(expected)
  })

  it('is always a valid SKU, whatever the id', () => {
    const ids = fc.string({ unit: fc.constantFrom(...ID_ALPHABET), minLength: 13, maxLength: 13 })
    const skus = fc.stringMatching(/^[A-Z0-9][A-Z0-9._-]{0,31}$/)
    fc.assert(
      fc.property(skus, ids, fc.integer({ min: 4, max: 13 }), (sku, id, length) => {
        const next = renamedSku(sku, id, length)
        expect(looksLikeSku(next)).toBe(true)
        expect(next.length).toBeLessThanOrEqual(SKU_MAX)
      }),
    )
  })
})

describe('createdBefore', () => {
  it.each([
    [h('b', 'X', 1), h('a', 'X', 2), true],
    [h('a', 'X', 2), h('b', 'X', 1), false],
    [h('a', 'X', 5), h('b', 'X', 5), true],
    [h('b', 'X', 5), h('a', 'X', 5), false],
  ])('%o before %o: %s', (a, b, expected) => {
    expect(createdBefore(a, b)).toBe(expected)
  })
})

describe('settleSkus', () => {
  it.each<[string, SkuHolder[], ReturnType<typeof settleSkus>]>([
    ['no clash', [h('aaaa1', 'A', 1), h('bbbb1', 'B', 2)], []],
    ['the same product twice is no clash', [h('aaaa1', 'A', 1), h('aaaa1', 'A', 1)], []],
    ['the later-created loses', [h('late1', 'A', 9), h('earl1', 'A', 1)], [{ id: 'late1', sku: 'A-LATE', skuConflict: 'A' }]],
    ['same time: the larger id loses', [h('zzzz1', 'A', 1), h('aaaa1', 'A', 1)], [{ id: 'zzzz1', sku: 'A-ZZZZ', skuConflict: 'A' }]],
    [
      'three on one SKU: only the oldest keeps it',
      [h('cccc1', 'A', 3), h('aaaa1', 'A', 1), h('bbbb1', 'A', 2)],
      [
        { id: 'cccc1', sku: 'A-CCCC', skuConflict: 'A' },
        { id: 'bbbb1', sku: 'A-BBBB', skuConflict: 'A' },
      ],
    ],
    [
      'a rename that would meet another product takes more of its id',
      [h('aaaa1', 'A', 1), h('bbbbX', 'A', 2), h('cccc1', 'A-BBBB', 0)],
      [{ id: 'bbbbX', sku: 'A-BBBBX', skuConflict: 'A' }],
    ],
    [
      'ids that are the same in capitals still get different SKUs',
      [h('keep1', 'A', 0), h('abcd1', 'A', 1), h('ABCD2', 'A', 2)],
      [
        { id: 'abcd1', sku: 'A-ABCD', skuConflict: 'A' },
        { id: 'ABCD2', sku: 'A-ABCD2', skuConflict: 'A' },
      ],
    ],
  ])('%s', (_name, holders, expected) => {
    expect(settleSkus(holders)).toEqual(expected)
  })

  it('avoids SKUs the caller says are taken elsewhere', () => {
    expect(settleSkus([h('aaaa1', 'A', 1), h('bbbb1', 'A', 2)], (sku) => sku === 'A-BBBB')).toEqual([{ id: 'bbbb1', sku: 'A-BBBB1', skuConflict: 'A' }])
  })

  it('ids that read alike in capitals still end with different SKUs, the same ones in any order', () => {
    const keeper = { id: '0000000000000', sku: 'A', createdAt: 0 }
    const lower = { id: 'abcdabcdabcda', sku: 'A', createdAt: 1 }
    const upper = { id: 'ABCDABCDABCDA', sku: 'A', createdAt: 1 }
    const one = settleSkus([keeper, lower, upper])
    expect(new Set(one.map((r) => r.sku)).size).toBe(2)
    expect([...settleSkus([upper, lower, keeper])].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([...one].sort((a, b) => (a.id < b.id ? -1 : 1)))
  })

  it('gives the same outcome whatever order the devices see the products in, and leaves every SKU unique', () => {
    const holder = fc.record({
      id: fc.string({ unit: fc.constantFrom(...ID_ALPHABET), minLength: 13, maxLength: 13 }),
      sku: fc.constantFrom('A', 'B', 'C'),
      createdAt: fc.integer({ min: 0, max: 3 }),
    })
    fc.assert(
      fc.property(fc.uniqueArray(holder, { selector: (x) => x.id, maxLength: 8 }), (holders) => {
        const sorted = (r: ReturnType<typeof settleSkus>) => [...r].sort((a, b) => (a.id < b.id ? -1 : 1))
        const one = sorted(settleSkus(holders))
        expect(sorted(settleSkus([...holders].reverse()))).toEqual(one)
        const renamed = new Map(one.map((r) => [r.id, r.sku]))
        const final = holders.map((x) => renamed.get(x.id) ?? x.sku)
        expect(new Set(final).size).toBe(final.length)
      }),
    )
  })
})
