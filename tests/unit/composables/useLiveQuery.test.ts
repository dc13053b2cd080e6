/**
 * useLiveQuery re-runs its query when the tables it read change (Dexie) and when reactive
 * state it read changes (Vue), since Dexie alone cannot see the second kind.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { computed, effectScope, nextTick, shallowRef, type EffectScope } from 'vue'
import { useLiveQuery } from '../../../src/composables/useLiveQuery'
import type { ShopDatabase } from '../../../src/db/database'
import { aNewProduct, createTestDb } from '../support'

let scope: EffectScope | undefined
let db: ShopDatabase | undefined

afterEach(async () => {
  scope?.stop()
  scope = undefined
  await db?.delete()
  db = undefined
})

function inScope<T>(run: () => T): T {
  scope = effectScope()
  return scope.run(run) as T
}

describe('useLiveQuery', () => {
  it('re-runs when a ref the query reads changes, though no table did', async () => {
    db = createTestDb()
    const shopDb = db
    await db.products.add(aNewProduct())
    const showAll = shallowRef(false)
    const live = inScope(() => useLiveQuery(() => (showAll.value ? shopDb.products.count() : 0)))
    await vi.waitFor(() => expect(live.data.value).toBe(0))

    showAll.value = true
    await vi.waitFor(() => expect(live.data.value).toBe(1))
    showAll.value = false
    await vi.waitFor(() => expect(live.data.value).toBe(0))
  })

  it('still re-runs when a table it read changes', async () => {
    db = createTestDb()
    const shopDb = db
    const live = inScope(() => useLiveQuery(() => shopDb.products.count()))
    await vi.waitFor(() => expect(live.data.value).toBe(0))
    await db.products.add(aNewProduct())
    await vi.waitFor(() => expect(live.data.value).toBe(1))
  })

  it('does not re-run for a getter that recomputes to the same value', async () => {
    const user = shallowRef({ id: 1, role: 'owner', lastActiveAt: 0 })
    const isOwner = computed(() => user.value.role === 'owner')
    const query = vi.fn(() => (isOwner.value ? 'all' : 'own'))
    const live = inScope(() => useLiveQuery(query))
    await vi.waitFor(() => expect(live.data.value).toBe('all'))
    const runs = query.mock.calls.length

    user.value = { ...user.value, lastActiveAt: 60_000 } // a session refresh: same role
    await nextTick()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(query).toHaveBeenCalledTimes(runs)
    expect(live.loading.value).toBe(false)

    user.value = { ...user.value, role: 'customer' }
    await vi.waitFor(() => expect(live.data.value).toBe('own'))
  })

  it('follows its source as before, and stops following anything once its scope is gone', async () => {
    const id = shallowRef(1)
    const factor = shallowRef(10)
    const query = vi.fn((n: number) => n * factor.value)
    const live = inScope(() => useLiveQuery(query, id))
    await vi.waitFor(() => expect(live.data.value).toBe(10))
    id.value = 2
    await vi.waitFor(() => expect(live.data.value).toBe(20))

    scope?.stop()
    const runs = query.mock.calls.length
    factor.value = 100
    id.value = 3
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(query).toHaveBeenCalledTimes(runs)
    expect(live.data.value).toBe(20)
  })
})
