import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../../src/domain/errors'
import { INVISIBLE_MESSAGE, validateUsername } from '../../../src/domain/registration'
import { invisibleCharacter } from '../../../src/domain/usernameCharacters'
import { thrown } from '../support'

const hex = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`

/** Characters that draw nothing, or only blank space, each with what it is. */
const INVISIBLE: [string, string][] = [
  ['\u3164', 'Hangul filler'],
  ['\u1160', 'Hangul jungseong filler'],
  ['\u115f', 'Hangul choseong filler'],
  ['\uffa0', 'halfwidth Hangul filler'],
  ['\u034f', 'combining grapheme joiner'],
  ['\u2800', 'Braille pattern blank'],
  ['\u180b', 'Mongolian free variation selector one'],
  ['\u180c', 'Mongolian free variation selector two'],
  ['\u180d', 'Mongolian free variation selector three'],
  ['\u180e', 'Mongolian vowel separator'],
  ['\u180f', 'Mongolian free variation selector four'],
  ['\u200b', 'zero-width space'],
  ['\u200c', 'zero-width non-joiner'],
  ['\u200d', 'zero-width joiner, outside an emoji'],
  ['\u2060', 'word joiner'],
  ['\u2061', 'function application'],
  ['\u2062', 'invisible times'],
  ['\u2063', 'invisible separator'],
  ['\u2064', 'invisible plus'],
  ['\ufeff', 'zero-width no-break space'],
  ['\u00ad', 'soft hyphen'],
  ['\ufe00', 'variation selector 1'],
  ['\ufe0f', 'variation selector 16, after a letter'],
  ['\u{e0100}', 'variation selector 17'],
  ['\u{e0061}', 'tag latin small letter a, outside a flag'],
  ['\u17b4', 'Khmer vowel inherent aq'],
  ['\u{1d173}', 'musical symbol begin beam'],
  ['\u2028', 'line separator'],
  ['\u2029', 'paragraph separator'],
  ['\u1680', 'Ogham space mark'],
]

describe('invisibleCharacter', () => {
  it.each(INVISIBLE)('finds %j (%s) anywhere in a name', (ch) => {
    for (const name of [`${ch}alice`, `al${ch}ice`, `alice${ch}`]) expect(invisibleCharacter(name)).toBe(ch)
  })

  it.each([
    ['alice', 'plain letters'],
    ['Zo\u00eb the 2nd', 'spaces between words'],
    ['\u{1f469}\u200d\u{1f4bb}dev', 'woman technologist (ZWJ)'],
    ['family\u{1f468}\u200d\u{1f469}\u200d\u{1f467}', 'family: man, woman, girl (two ZWJ)'],
    ['\u{1f3f3}\ufe0f\u200d\u{1f308}flag', 'rainbow flag (selector, then ZWJ)'],
    ['\u2764\ufe0f\u200d\u{1f525}hot', 'heart on fire'],
    ['\u{1f9d1}\u{1f3fd}\u200d\u{1f4bb}dev', 'technologist with a skin tone (modifier, then ZWJ)'],
    ['love\u2764\ufe0f', 'red heart with emoji presentation'],
    ['\u263a\ufe0ehappy', 'smiling face with text presentation'],
    ['#\ufe0f\u20e3tag', 'keycap number sign'],
    ['scot\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}', 'flag of Scotland (tag sequence)'],
    ['\ud55c\uad6d\uc5b4', 'Hangul syllables'],
    ['\u0627\u0644\u0639\u0631\u0628\u064a\u0629', 'Arabic letters'],
  ])('allows %j (%s)', (name) => {
    expect(invisibleCharacter(name)).toBeUndefined()
  })

  it.each([
    ['a\u200d\u{1f4bb}', 'a ZWJ after a letter'],
    ['\u{1f469}\u200dz', 'a ZWJ before a letter'],
    ['\u{1f469}\u200d\u200d\u{1f4bb}', 'two ZWJ in a row'],
    ['\u{1f3f4}\u{e0067}\u{e0062}', 'flag tags without the cancel tag'],
    ['\u{1f3f4}\u{e007f}', 'a cancel tag with no tags'],
    ['abc\u{e0067}\u{e007f}', 'tags after no flag'],
  ])('refuses %j (%s)', (name) => {
    expect(invisibleCharacter(name)).toBeDefined()
  })
})

describe('validateUsername refuses invisible and blank characters', () => {
  it.each(INVISIBLE.map(([ch, what]) => [hex(ch), what, ch]))('%s (%s)', (_code, _what, ch) => {
    const err = thrown(() => validateUsername(`ali${ch}ce`))
    expect(err).toBeInstanceOf(ValidationError)
    expect(err).toMatchObject({ field: 'username', message: INVISIBLE_MESSAGE })
  })

  it('says so in words', () => {
    expect(INVISIBLE_MESSAGE).toBe('Usernames cannot contain invisible or blank characters.')
  })

  it.each(['\u3164\u3164\u3164', '\u2800\u2800\u2800', '\u115f\u1160\u3164'])('refuses a name made only of fillers, %j', (name) => {
    expect(thrown(() => validateUsername(name))).toMatchObject({ field: 'username', message: INVISIBLE_MESSAGE })
  })

  it.each(['\u{1f469}\u200d\u{1f4bb}dev', 'family\u{1f468}\u200d\u{1f469}\u200d\u{1f467}', '\u{1f3f3}\ufe0f\u200d\u{1f308}x'])(
    'accepts the emoji written with a zero-width joiner in %j',
    (name) => {
      expect(validateUsername(name)).toBe(name)
    },
  )

  it.each([
    ['ab\u0000c', 'a null'],
    ['ab\u0600c', 'an Arabic number sign, a format character that draws'],
    ['ab\u061cc', 'Arabic letter mark'],
    ['ab\u200ec', 'left-to-right mark'],
    ['ab\u202ec', 'right-to-left override'],
    ['ab\u2066c', 'left-to-right isolate'],
  ])('still calls %j (%s) a control character', (name) => {
    expect(thrown(() => validateUsername(name))).toMatchObject({ field: 'username', message: 'Username cannot contain control characters.' })
  })

  it.each([
    ['\u200b', 'zero-width space'],
    ['\u2060', 'word joiner'],
    ['\u061c', 'Arabic letter mark'],
    ['\u202e', 'right-to-left override'],
  ])('finds %j (%s) invisible too, whatever the message', (ch) => {
    expect(invisibleCharacter(`al${ch}ice`)).toBe(ch)
  })
})
