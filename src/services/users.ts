/**
 * The owner's view of the accounts on this device: list them, promote and demote. Every
 * function checks, inside its transaction, that the person asking is an owner.
 */
import type { Id } from '../domain/id'
import { NotFoundError } from '../domain/errors'
import { assertRoleChangeKeepsAnOwner } from '../domain/roles'
import { isActiveUser, type Role, type User } from '../domain/user'
import type { ShopDatabase } from '../db/database'
import { requireOwner } from './authz'

/** What an owner sees of an account: never its hash, salt or lockout state. */
export interface AccountSummary {
  id: Id
  username: string
  role: Role
  createdAt: number
  deletedAt?: number
  /** The username this account lost in a clash across devices (domain/usernameClash.ts). */
  usernameConflict?: string
}

function toSummary(user: User): AccountSummary {
  const summary: AccountSummary = { id: user.id, username: user.username, role: user.role, createdAt: user.createdAt }
  if (user.deletedAt !== undefined) summary.deletedAt = user.deletedAt
  if (user.usernameConflict !== undefined) summary.usernameConflict = user.usernameConflict
  return summary
}

/** Every account, oldest first, for an owner. Safe inside liveQuery (a readonly transaction). */
export function listAccounts(db: ShopDatabase, actorId: Id | undefined): Promise<AccountSummary[]> {
  return db.transaction('r', db.users, async () => {
    await requireOwner(db, actorId)
    return (await db.users.orderBy('id').toArray()).map(toSummary)
  })
}

/**
 * Makes an account an owner or a customer. Refuses to demote the last active owner (the
 * actor included: an owner may step down only while another owner remains).
 */
export function setRole(db: ShopDatabase, actorId: Id | undefined, targetId: Id, role: Role): Promise<AccountSummary> {
  return db.transaction('rw', db.users, async () => {
    await requireOwner(db, actorId)
    const target = await db.users.get(targetId)
    if (!target || !isActiveUser(target)) throw new NotFoundError('That account does not exist.')
    const owners = await db.users.where('role').equals('owner').filter(isActiveUser).count()
    assertRoleChangeKeepsAnOwner(target.role, role, owners)
    if (target.role !== role) await db.users.update(target.id, { role })
    return toSummary({ ...target, role })
  })
}
