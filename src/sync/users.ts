/**
 * The pull's username hook, like ./sku.ts for SKUs: run inside the pull's transaction, before
 * the batch's accounts are written, so the `&usernameKey` index never sees two accounts with
 * one username (a write it refused would be left out, and the devices would never converge).
 * Two different accounts with one username (made on two devices apart) are settled by
 * domain/usernameClash.ts: the older keeps it, the other is renamed with `usernameConflict`.
 * Every device applies the same rule to the same records; a rename of an account that was
 * already here is an ordinary local write (logged and pushed), which changes nothing on a
 * device that made the same rename.
 */
import type { ShopDatabase } from '../db/database'
import { settleUsernames, type UsernameHolder } from '../domain/usernameClash'

/**
 * Returns `incoming` with the accounts that lose a username renamed (same order, others
 * untouched), after renaming, in the database, the accounts here that lose one to an
 * incoming account. Must run inside a readwrite transaction that includes db.users.
 */
export async function settleUsernameClashes<U extends UsernameHolder & { usernameConflict?: string }>(db: ShopDatabase, incoming: readonly U[]): Promise<U[]> {
  if (incoming.length === 0) return [...incoming]
  const incomingIds = new Set(incoming.map((u) => u.id))
  const keys = [...new Set(incoming.map((u) => u.usernameKey))]
  // The accounts here that hold one of the batch's usernames and are not themselves being replaced.
  const here = (await db.users.where('usernameKey').anyOf(keys).toArray()).filter((u) => !incomingIds.has(u.id))
  if (here.length === 0 && keys.length === incoming.length) return [...incoming]
  const holders: UsernameHolder[] = [...here, ...incoming]
  const counts = new Map<string, Set<string>>()
  for (const h of holders) counts.set(h.usernameKey, (counts.get(h.usernameKey) ?? new Set()).add(h.id))
  const clashing = [...counts].filter(([, ids]) => ids.size > 1).map(([key]) => key)
  if (clashing.length === 0) return [...incoming]
  // Keys a rename must avoid: every account here whose key starts like a renamed one.
  const takenHere = await db.users.where('usernameKey').startsWithAnyOf(clashing.map((key) => `${key}-`)).toArray()
  const taken = new Set(takenHere.filter((u) => !incomingIds.has(u.id)).map((u) => u.usernameKey))
  const renames = new Map(settleUsernames(holders, (key) => taken.has(key)).map((r) => [r.id, r]))
  const hereRenamed = here.filter((u) => renames.has(u.id))
  if (hereRenamed.length > 0) await db.users.bulkPut(hereRenamed.map((u) => ({ ...u, ...renames.get(u.id) })))
  return incoming.map((u) => {
    const r = renames.get(u.id)
    return r ? { ...u, username: r.username, usernameKey: r.usernameKey, usernameConflict: r.usernameConflict } : u
  })
}
