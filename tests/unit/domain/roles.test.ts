import { describe, expect, it } from 'vitest'
import { LastOwnerError } from '../../../src/domain/errors'
import { assertRoleChangeKeepsAnOwner } from '../../../src/domain/roles'
import type { Role } from '../../../src/domain/user'
import { thrown } from '../support'

describe('assertRoleChangeKeepsAnOwner', () => {
  it.each<[Role, Role, number]>([
    ['customer', 'owner', 1],
    ['customer', 'customer', 1],
    ['owner', 'owner', 1],
    ['owner', 'customer', 2],
    ['owner', 'customer', 10],
  ])('allows %s → %s with %d owners', (from, to, owners) => {
    expect(assertRoleChangeKeepsAnOwner(from, to, owners)).toBeUndefined()
  })

  it.each([1, 0])('refuses to make the last owner a customer (%d owners)', (owners) => {
    const err = thrown(() => assertRoleChangeKeepsAnOwner('owner', 'customer', owners))
    expect(err).toBeInstanceOf(LastOwnerError)
    expect((err as Error).message).toMatch(/at least one owner/)
  })
})
