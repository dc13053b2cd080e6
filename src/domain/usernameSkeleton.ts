/**
 * When two usernames look too much alike to both exist: Unicode's confusable skeleton
 * (UTS #39, section 4) of the name after NFKC and full case folding. "аlice" with a Cyrillic
 * а, "ß-user" and "ss-user", "rn" and "m" have the same skeleton.
 *
 * The tables (confusables.txt, CaseFolding.txt) are passed in: they live in
 * username-unicode-data.ts, which the service loads lazily, so this file stays small.
 */
import { normalizeUsername } from './user'

/** The two Unicode tables, as maps from one code point. */
export interface UsernameTables {
  /** confusables.txt: a code point → its prototype. */
  confusables: ReadonlyMap<string, string>
  /** CaseFolding.txt, C and F rows: a code point → its full case folding. */
  caseFolding: ReadonlyMap<string, string>
}

/**
 * Builds the maps from the generated module's tables: one line per character, the character,
 * one space, and what it maps to (which may itself be or hold a space).
 */
export function usernameTables(data: { CONFUSABLES: string; CASE_FOLDING: string }): UsernameTables {
  const pairs = (table: string) => {
    const map = new Map<string, string>()
    for (const line of table.split('\n')) {
      const from = String.fromCodePoint(line.codePointAt(0) ?? 0)
      if (line.length > from.length + 1) map.set(from, line.slice(from.length + 1))
    }
    return map
  }
  return { confusables: pairs(data.CONFUSABLES), caseFolding: pairs(data.CASE_FOLDING) }
}

function mapEach(text: string, map: ReadonlyMap<string, string>): string {
  let out = ''
  for (const ch of text) out += map.get(ch) ?? ch
  return out
}

/**
 * Full case folding (CaseFolding.txt C + F): "ß" → "ss", "ﬁ" → "fi", "İ" → "i̇". Unlike
 * `toLowerCase`, it folds "ß" and "ẞ" to "ss", final sigma to σ, Cherokee to one case.
 */
export function fullCaseFold(text: string, caseFolding: ReadonlyMap<string, string>): string {
  return mapEach(text, caseFolding)
}

/**
 * UTS #39's skeleton(X): NFD, each code point replaced by its confusables.txt prototype, NFD
 * again; repeated until nothing changes. Some prototypes are precomposed ("ǆ" → "dž"), and their
 * NFD holds characters that are mapped too (the caron), so one round is not always the last:
 * repeating makes the skeleton its own skeleton. Two texts with the same one-round skeleton
 * still share it, so repeating only adds collisions, never removes one.
 */
export function skeleton(text: string, confusables: ReadonlyMap<string, string>): string {
  let current = text.normalize('NFD')
  for (let round = 0; round < 8; round += 1) {
    const next = mapEach(current, confusables).normalize('NFD')
    if (next === current) break
    current = next
  }
  return current
}

/**
 * What a username must not share with any other account's: its skeleton after NFKC and full
 * case folding, folded and mapped once more because a prototype may be a capital letter
 * (Cherokee Ꭺ → "A", "0" → "O"), which a case-insensitive name must not tell apart from the
 * small one. Two names with the same key look alike in some case.
 */
export function usernameSkeleton(raw: string, tables: UsernameTables): string {
  const once = skeleton(fullCaseFold(normalizeUsername(raw), tables.caseFolding), tables.confusables)
  return skeleton(fullCaseFold(once, tables.caseFolding), tables.confusables)
}

/**
 * Every key a username is known by: the case-folded skeleton above, and the skeleton of the
 * name as it is shown (NFKC, case kept), since "Ian" shown beside "lan" looks the same though
 * folding made the capital I a small i first.
 */
export function usernameSkeletons(raw: string, tables: UsernameTables): readonly string[] {
  return [usernameSkeleton(raw, tables), `shown:${skeleton(normalizeUsername(raw), tables.confusables)}`]
}

/** Whether two usernames look too much alike to both exist. */
export function usernamesLookAlike(a: string, b: string, tables: UsernameTables): boolean {
  const keys = new Set(usernameSkeletons(a, tables))
  return usernameSkeletons(b, tables).some((key) => keys.has(key))
}
