/**
 * Characters a username may not contain, because they draw nothing (or nothing but blank
 * space) and so let "alice" and "alice" + an invisible character be two accounts that look
 * the same. Needs no data tables: the regular expressions use the browser's own Unicode
 * properties.
 */

/**
 * Invisible or blank: every Default_Ignorable_Code_Point (zero-width spaces and joiners, word
 * joiner, soft hyphen, the Hangul fillers U+115F U+1160 U+3164 U+FFA0, the combining grapheme
 * joiner U+034F, the Mongolian variation selectors U+180B–U+180F, the variation selectors,
 * bidi controls, tags), white space other than the plain space (NFKC has already turned most
 * spaces into it; line and paragraph separators, Ogham space remain), and the Braille blank
 * U+2800, which is a symbol that draws an empty cell.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{White_Space}\u2800]/u
const EMOJI = /\p{Emoji}/u
const PICTOGRAPH = /\p{Extended_Pictographic}/u
const MODIFIER = /\p{Emoji_Modifier}/u

const ZWJ = '\u200d'
const TEXT_STYLE = '\ufe0e'
const EMOJI_STYLE = '\ufe0f'
const BLACK_FLAG = '\u{1f3f4}'
const CANCEL_TAG = '\u{e007f}'
const isTag = (ch: string) => {
  const cp = ch.codePointAt(0) ?? 0
  return cp >= 0xe0020 && cp <= 0xe007e
}

/**
 * Whether the invisible character at `index` of `chars` is part of an emoji written as a
 * sequence, where it does draw something: a zero-width joiner between two emoji (👩‍💻,
 * 👨‍👩‍👧, 🏳️‍🌈, 🧑🏽‍💻), a presentation selector right after an emoji (❤️, 1️⃣), or the tags of
 * a subdivision flag after the black flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿).
 */
function drawsInEmoji(chars: readonly string[], index: number): boolean {
  const ch = chars[index] as string
  const before = chars[index - 1] ?? ''
  const after = chars[index + 1] ?? ''
  if (ch === ZWJ) {
    return (PICTOGRAPH.test(before) || MODIFIER.test(before) || before === EMOJI_STYLE) && PICTOGRAPH.test(after)
  }
  if (ch === EMOJI_STYLE || ch === TEXT_STYLE) return EMOJI.test(before)
  if (isTag(ch) || ch === CANCEL_TAG) {
    // Walk back over the tags to the black flag they belong to; the cancel tag ends them.
    let i = index - 1
    while (i >= 0 && isTag(chars[i] as string)) i -= 1
    if (chars[i] !== BLACK_FLAG) return false
    if (ch === CANCEL_TAG) return i < index - 1 // at least one tag between the flag and the cancel tag
    let j = index + 1
    while (j < chars.length && isTag(chars[j] as string)) j += 1
    return chars[j] === CANCEL_TAG
  }
  return false
}

/**
 * The first invisible or blank character in a username (already NFKC-normalised and
 * trimmed), or undefined when there is none. The plain space between words is allowed;
 * joiners, selectors and tags inside an emoji sequence are too.
 */
export function invisibleCharacter(name: string): string | undefined {
  const chars = [...name]
  for (const [index, ch] of chars.entries()) {
    if (ch === ' ' || !INVISIBLE.test(ch)) continue
    if (drawsInEmoji(chars, index)) continue
    return ch
  }
  return undefined
}
