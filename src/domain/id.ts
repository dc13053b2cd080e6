/**
 * Record ids that stay unique when the shop lives on many devices, and stay small, because an
 * id is written into every compound index of the catalog's listings (13 of them) and every
 * word of the search index: IndexedDB (Chromium) stores a string key as UTF-16, two bytes a
 * character, and a 100,000-product catalog holds about 35 copies of each product's id.
 *
 * An id is 13 characters: 7 for a 42-bit time in milliseconds (until the year 2109) and 6 for
 * 36 random bits, each character 6 bits in an alphabet listed in ASCII order, so ids compare
 * as strings the way their numbers compare: a later id sorts after an earlier one (IndexedDB
 * and JavaScript both compare strings by code unit). A ULID says the same in 26 characters (5
 * bits each) and a UUIDv7 in 36. Measured with `npm run bench`'s storage per product at 100k:
 * 16 characters (48 + 48 bits) cost 27% more than numeric ids, over the 25% allowed; 13 cost
 * about 20%. Two devices meet only by making an id in the same millisecond with the same 36
 * random bits (1 in 69 billion). The alphabet is URL-safe, so an id is its own address.
 *
 * Ids one generator makes are strictly increasing: within one millisecond (or when the clock
 * steps back) the next id is the previous one plus one, as a ULID's monotonic mode does.
 * Pure: the time and the random bytes are passed in.
 */

/** A record's globally unique id (see above). */
export type Id = string

/** 64 URL-safe characters in ASCII order: '-' < digits < capitals < '_' < small letters. */
export const ID_ALPHABET = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz'
export const ID_TIME_CHARS = 7
export const ID_RANDOM_CHARS = 6
export const ID_LENGTH = ID_TIME_CHARS + ID_RANDOM_CHARS
/** Random bytes an id takes: 6 bits of each of 6 bytes (256 is a multiple of 64, so each character is uniform). */
export const ID_RANDOM_BYTES = ID_RANDOM_CHARS
const MAX_TIME = 2 ** (6 * ID_TIME_CHARS) - 1
const ID_PATTERN = /^[-0-9A-Z_a-z]{13}$/

function timeChars(time: number): string {
  let t = Math.min(MAX_TIME, Math.max(0, Math.floor(time)))
  let out = ''
  for (let i = 0; i < ID_TIME_CHARS; i++) {
    out = ID_ALPHABET[t % 64] + out
    t = Math.floor(t / 64)
  }
  return out
}

function randomChars(bytes: Uint8Array): string {
  if (bytes.length < ID_RANDOM_BYTES) throw new RangeError(`an id needs ${ID_RANDOM_BYTES} random bytes, got ${bytes.length}`)
  let out = ''
  for (let i = 0; i < ID_RANDOM_CHARS; i++) out += ID_ALPHABET[(bytes[i] ?? 0) & 63]
  return out
}

/** The id for `time` (ms since 1970, clamped to 42 bits) and 6 random bytes. */
export function makeId(time: number, random: Uint8Array): Id {
  return timeChars(time) + randomChars(random)
}

/** Whether `text` has the shape of an id. */
export function isId(text: unknown): text is Id {
  return typeof text === 'string' && ID_PATTERN.test(text)
}

/** The time part of an id, in ms since 1970. */
export function idTime(id: Id): number {
  let t = 0
  for (const c of id.slice(0, ID_TIME_CHARS)) t = t * 64 + ID_ALPHABET.indexOf(c)
  return t
}

/** `id` plus one, as a 78-bit number written in the alphabet (the random part carries into the time). */
function increment(id: Id): Id {
  const chars = [...id]
  for (let i = chars.length - 1; i >= 0; i--) {
    const n = ID_ALPHABET.indexOf(chars[i] ?? '-') + 1
    if (n < 64) {
      chars[i] = ID_ALPHABET[n] ?? '-'
      return chars.join('')
    }
    chars[i] = ID_ALPHABET[0] ?? '-'
  }
  throw new RangeError('no id follows the last one')
}

/**
 * The next id of a generator whose last id was `previous`: a fresh one for `time` when that is
 * later than `previous`'s time, else `previous` plus one, so a generator's ids always increase.
 */
export function nextId(previous: Id | undefined, time: number, random: Uint8Array): Id {
  const fresh = makeId(time, random)
  return previous === undefined || fresh > previous ? fresh : increment(previous)
}

/** A generator of increasing ids over a clock and a random source (the app's is db/newId.ts). */
export function idGenerator(now: () => number, random: (bytes: Uint8Array) => Uint8Array): (time?: number) => Id {
  let last: Id | undefined
  return (time = now()) => (last = nextId(last, time, random(new Uint8Array(ID_RANDOM_BYTES))))
}

/** A well-mixed 53-bit hash of a text (cyrb53), as a whole number below 2^53. */
function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507)
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507)
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/** `count` characters of the alphabet for the low 6·count bits of `n`. */
function charsOf(n: number, count: number): string {
  let out = ''
  for (let i = 0; i < count; i++) {
    out = ID_ALPHABET[n % 64] + out
    n = Math.floor(n / 64)
  }
  return out
}

/**
 * The id of a record made from what it is rather than when: the demo and synthetic products
 * take theirs from their SKU, so two devices that each seeded the demo catalog before joining
 * a shop hold the same records and converge on one product per SKU. 78 bits of two hashes of
 * `key` (48 + 30), written like any id; unlike a fresh id it says nothing about time, so
 * nothing may read a creation order from such ids (createdAt says it). Two keys share an id
 * with odds of about n²/2^79: 1 in 10^14 for 100,000 SKUs.
 */
export function idFromKey(key: string): Id {
  return charsOf(hash53(key, 1), 8) + charsOf(hash53(key, 2), ID_LENGTH - 8)
}
