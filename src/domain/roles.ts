import { LastOwnerError } from './errors'
import type { Role } from './user'

/**
 * Throws LastOwnerError when changing `target` from `current` to `next` would leave no
 * owner, given how many active owners there are now (the target included).
 */
export function assertRoleChangeKeepsAnOwner(current: Role, next: Role, activeOwners: number): void {
  if (current === 'owner' && next !== 'owner' && activeOwners <= 1) {
    throw new LastOwnerError('The shop must always have at least one owner. Make someone else an owner first.')
  }
}
