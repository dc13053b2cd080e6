/**
 * Refusing a username that looks like another account's (UTS #39 confusable skeletons, see
 * domain/usernameSkeleton.ts), for every use case that sets a username: today registration.
 *
 * The Unicode tables are loaded on first use through a dynamic import, so that they are their
 * own chunk and not part of the first page's JavaScript (the service worker still precaches
 * it, so it is there offline). Load them before the transaction opens: awaiting an import
 * inside one would let IndexedDB commit it early.
 */
import { ValidationError } from '../domain/errors'
import { usernameSkeletons, usernameTables, type UsernameTables } from '../domain/usernameSkeleton'
import type { ShopDatabase } from '../db/database'

export const LOOK_ALIKE_MESSAGE = 'That username is taken, or looks too much like one that is.'

let loading: Promise<UsernameTables> | undefined

export function loadUsernameTables(): Promise<UsernameTables> {
  loading ??= import('../domain/username-unicode-data').then(usernameTables, (err: unknown) => {
    loading = undefined // let a later attempt try again
    throw err
  })
  return loading
}

/**
 * Inside a transaction over db.users: throws a ValidationError for the `username` field when
 * `username`'s skeleton matches any account's, active or deleted (a deleted account's name
 * stays reserved). Accounts on one device are few, so their skeletons are computed here from
 * the stored names rather than stored: an indexed skeleton column belongs with the next schema
 * version. Accounts that already look alike are left alone and log in by their exact names.
 */
export async function refuseLookAlike(db: ShopDatabase, username: string, tables: UsernameTables): Promise<void> {
  const taken = new Set<string>()
  await db.users.each((user) => {
    for (const key of usernameSkeletons(user.username, tables)) taken.add(key)
  })
  if (usernameSkeletons(username, tables).some((key) => taken.has(key))) {
    throw new ValidationError('username', LOOK_ALIKE_MESSAGE)
  }
}
