/**
 * Usernames stay unique across the shop's devices, settled like SKUs (skuClash.ts). Two
 * devices may each make an account "alice" while apart (offline, or before they joined one
 * shop); when the records meet, every device applies this rule and so they converge without
 * asking: the account created first — earlier `createdAt`, then the smaller id — keeps the
 * username; every other one takes `<username>-<4 characters of its id>` and says which name
 * it lost in `usernameConflict`. Its person still logs in with the old name and their own
 * password (services/auth.ts: the holder's password first), and is told the new name; the
 * owner's Accounts page shows the flag. Login stays unambiguous: one key, one account.
 * Pure: the caller reads the accounts that hold each key and writes the outcome.
 */
import type { Id } from './id'
import { USERNAME_MAX, usernameKey } from './user'

/** What the rule reads of an account. */
export interface UsernameHolder {
  id: Id
  username: string
  usernameKey: string
  createdAt: number
}

/** An account the rule renamed: its new username and key, and the username it lost. */
export interface UsernameRename {
  id: Id
  username: string
  usernameKey: string
  usernameConflict: string
}

/** Whether `a` was created before `b` (createdAt, then id): the one that keeps a shared username. */
export function createdFirst(a: UsernameHolder, b: UsernameHolder): boolean {
  return a.createdAt !== b.createdAt ? a.createdAt < b.createdAt : a.id < b.id
}

/**
 * The username an account that lost `username` takes: `username` + '-' + the last `length`
 * characters of its id in lower case (an id's last characters are its random part; its first
 * ones are its time, which two accounts made the same day share), cut to fit USERNAME_MAX.
 */
export function renamedUsername(username: string, id: Id, length = 4): string {
  const tail = id.slice(-length).toLowerCase()
  return `${[...username].slice(0, USERNAME_MAX - tail.length - 1).join('')}-${tail}`
}

/**
 * Settles every username key held by more than one account. `holders` are the accounts as
 * they will stand (an id listed twice counts once, its last entry); `taken(key)` says whether
 * an account outside `holders` holds a key. A renamed account whose new name is taken uses
 * more of its id. Returns the renames in the order of `holders`; none when every key has one account.
 */
export function settleUsernames(holders: readonly UsernameHolder[], taken: (key: string) => boolean = () => false): UsernameRename[] {
  const byId = new Map<Id, UsernameHolder>()
  for (const h of holders) byId.set(h.id, h)
  const byKey = new Map<string, UsernameHolder[]>()
  for (const h of byId.values()) {
    const list = byKey.get(h.usernameKey)
    if (list) list.push(h)
    else byKey.set(h.usernameKey, [h])
  }
  const used = new Set(byKey.keys())
  const renames = new Map<Id, UsernameRename>()
  for (const list of byKey.values()) {
    if (list.length < 2) continue
    // The first keeps it; the others are renamed in the same order on every device.
    for (const h of [...list].sort((a, b) => (createdFirst(a, b) ? -1 : 1)).slice(1)) {
      let length = 4
      let username = renamedUsername(h.username, h.id, length)
      while ((used.has(usernameKey(username)) || taken(usernameKey(username))) && length < h.id.length) username = renamedUsername(h.username, h.id, ++length)
      used.add(usernameKey(username))
      renames.set(h.id, { id: h.id, username, usernameKey: usernameKey(username), usernameConflict: h.username })
    }
  }
  return holders.flatMap((h) => {
    const r = renames.get(h.id)
    if (!r) return []
    renames.delete(h.id)
    return [r]
  })
}
