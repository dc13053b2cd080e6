import type { Id } from '../domain/id'
import { AuthorizationError } from '../domain/errors'
import type { ShopDatabase } from '../db/database'

/** Throws AuthorizationError unless `userId` is an owner. Call inside a transaction that includes db.users. */
export async function requireOwner(db: ShopDatabase, userId: Id | undefined): Promise<void> {
  const user = userId === undefined ? undefined : await db.users.get(userId)
  if (!user || user.role !== 'owner') throw new AuthorizationError('Only the shop owner can do that.')
}
