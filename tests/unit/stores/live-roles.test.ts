/**
 * Live lists that depend on who is looking follow a change of role or of person while the
 * page is open, without a reload: the role lives in Vue state (the session store), which
 * Dexie's liveQuery cannot see, so useLiveQuery tracks it for them.
 */
import { createPinia, disposePinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, type EffectScope } from 'vue'
import { db } from '../../../src/db/database'
import { AuthorizationError } from '../../../src/domain/errors'
import { register } from '../../../src/services/auth'
import { restock } from '../../../src/services/inventory'
import { setRole } from '../../../src/services/users'
import { useInventoryStore } from '../../../src/stores/inventory'
import { useOrdersStore } from '../../../src/stores/orders'
import { useSessionStore } from '../../../src/stores/session'
import { aNewProduct, anOrder } from '../support'
import type { Id } from '../../../src/domain/id'

const PASSWORD = 'correct horse battery'
const WAIT = { timeout: 3000, interval: 20 }

let pinia: Pinia
let scope: EffectScope | undefined
let alice: Id // the first account: an owner
let bob: Id // a customer

beforeEach(async () => {
  await db.delete()
  await db.open()
  pinia = createPinia()
  setActivePinia(pinia)
  alice = (await register(db, { username: 'alice', password: PASSWORD }, { iterations: 1000 })).id
  bob = (await register(db, { username: 'bob', password: PASSWORD }, { iterations: 1000 })).id
  await db.sessions.clear()
  await db.orders.bulkAdd([
    anOrder({ number: 'K7-1001', userId: alice, customerName: 'alice', createdAt: 1_000 }),
    anOrder({ number: 'K7-1002', userId: bob, customerName: 'bob', createdAt: 2_000 }),
  ])
})

afterEach(() => {
  scope?.stop()
  scope = undefined
  disposePinia(pinia)
})

async function logInAs(username: string) {
  const session = useSessionStore()
  await session.whenReady()
  const outcome = await session.login({ username, password: PASSWORD })
  expect(outcome.ok).toBe(true)
  return session
}

const numbers = (orders: { number: string }[]) => orders.map((o) => o.number).sort()

describe("the owner's list of every order", () => {
  it('empties for an owner demoted to customer while the page is open; their own orders stay', async () => {
    const session = await logInAs('alice')
    const orders = useOrdersStore()
    await vi.waitFor(() => expect(numbers(orders.all)).toEqual(['K7-1001', 'K7-1002']), WAIT)

    // Another owner demotes her (in another tab, say).
    const carol = (await register(db, { username: 'carol', password: PASSWORD }, { iterations: 1000 })).id
    await db.users.update(carol, { role: 'owner' })
    await setRole(db, carol, alice, 'customer')

    await vi.waitFor(() => expect(session.isOwner).toBe(false), WAIT)
    await vi.waitFor(() => expect(orders.all).toEqual([]), WAIT)
    expect(numbers(orders.orders)).toEqual(['K7-1001'])
  })

  it('fills for a customer promoted to owner while the page is open', async () => {
    const session = await logInAs('bob')
    const orders = useOrdersStore()
    await vi.waitFor(() => expect(orders.allLoading).toBe(false), WAIT)
    expect(orders.all).toEqual([])

    await setRole(db, alice, bob, 'owner')

    await vi.waitFor(() => expect(session.isOwner).toBe(true), WAIT)
    await vi.waitFor(() => expect(numbers(orders.all)).toEqual(['K7-1001', 'K7-1002']), WAIT)
  })
})

describe("a product's ledger", () => {
  it('is read again as the new person when the owner logs out with the page open', async () => {
    const session = await logInAs('alice')
    const productId = await db.products.add(aNewProduct({ stock: 1 }))
    await restock(db, alice, productId, 3, 'delivery')
    const inventory = useInventoryStore()
    scope = effectScope()
    const ledger = scope.run(() => inventory.watchLedger(() => productId))!
    await vi.waitFor(() => expect(ledger.data.value).toHaveLength(1), WAIT)
    expect(ledger.error.value).toBeUndefined()

    await session.logout()

    await vi.waitFor(() => expect(ledger.error.value).toBeInstanceOf(AuthorizationError), WAIT)
  })
})
