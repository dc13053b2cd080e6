import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeHlc } from '../../../src/domain/hlc'
import {
  LIFECYCLE_RANK,
  lastWriteWins,
  mergeAccounts,
  mergeById,
  mergeLedger,
  mergeOrder,
  mergeStamped,
  ownerToRestore,
  restoreOwner,
  type MergeableAccount,
  type MergeableOrder,
  type Stamped,
  type Written,
} from '../../../src/domain/merge'
import { ORDER_STATUSES, type OrderStatus } from '../../../src/domain/order'

/** Small stamps, so that ties and equal stamps from two devices happen often. */
const stamp = fc.record({ wall: fc.integer({ min: 0, max: 20 }), counter: fc.integer({ min: 0, max: 2 }), device: fc.constantFrom('A2', 'B3', 'C4') }).map(encodeHlc)

/** Folds `changes` into a replica in the given order (the first merged with itself, so a generated copy with repeats is read as a replica would hold it). */
function apply<T>(changes: readonly T[], merge: (a: T, b: T) => T): T | undefined {
  return changes.reduce<T | undefined>((state, change) => merge(state ?? change, change), undefined)
}

/** Two replicas that receive the same changes, each in an order of its own, end equal. */
function convergesInAnyOrder<T>(changes: fc.Arbitrary<T[]>, merge: (a: T, b: T) => T, normalize: (s: T | undefined) => unknown = (s) => s) {
  fc.assert(
    fc.property(
      changes.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }), fc.shuffledSubarray(list, { minLength: list.length }))),
      ([, first, second]) => {
        expect(normalize(apply(first, merge))).toEqual(normalize(apply(second, merge)))
        // Receiving a change twice changes nothing.
        expect(normalize(apply([...first, ...second], merge))).toEqual(normalize(apply(first, merge)))
      },
    ),
  )
}

interface ProductFields {
  name: string
  price: number
  archived: boolean
}

/** An edit of some of a product's fields, each stamped. */
const productEdit: fc.Arbitrary<Stamped<ProductFields>> = fc
  .record({ name: fc.option(fc.tuple(fc.constantFrom('Tea', 'Coffee', 'Cocoa'), stamp)), price: fc.option(fc.tuple(fc.integer({ min: 0, max: 3 }), stamp)), archived: fc.option(fc.tuple(fc.boolean(), stamp)) })
  .map((fields) => {
    const data: Partial<ProductFields> = {}
    const stamps: Partial<Record<keyof ProductFields, string>> = {}
    for (const [key, value] of Object.entries(fields) as [keyof ProductFields, [never, string] | null][]) {
      if (!value) continue
      data[key] = value[0]
      stamps[key] = value[1]
    }
    return { data: data as ProductFields, stamps }
  })

describe('products merge field by field by the later edit', () => {
  it('keeps a price edited on one device and a name edited on another', () => {
    const base = { data: { name: 'Tea', price: 100, archived: false }, stamps: { name: 'a', price: 'a', archived: 'a' } }
    const priceOnA = mergeStamped(base, { data: { price: 120 } as ProductFields, stamps: { price: 'b' } })
    const nameOnB = mergeStamped(base, { data: { name: 'Green tea' } as ProductFields, stamps: { name: 'c' } })
    expect(mergeStamped(priceOnA, nameOnB).data).toEqual({ name: 'Green tea', price: 120, archived: false })
    expect(mergeStamped(nameOnB, priceOnA).data).toEqual({ name: 'Green tea', price: 120, archived: false })
  })

  it('orders edits by the hybrid clock, not the wall time alone', () => {
    // Same millisecond: the clock's counter says which came after.
    const first = { data: { price: 100 } as ProductFields, stamps: { price: encodeHlc({ wall: 5, counter: 1, device: 'Z9' }) } }
    const later = { data: { price: 200 } as ProductFields, stamps: { price: encodeHlc({ wall: 5, counter: 2, device: 'A2' }) } }
    expect(mergeStamped(first, later).data.price).toBe(200)
    expect(mergeStamped(later, first).data.price).toBe(200)
  })

  it('converges whatever order the edits arrive in', () => {
    convergesInAnyOrder(fc.array(productEdit, { minLength: 1, maxLength: 8 }), mergeStamped)
  })
})

describe('the ledger merges by union', () => {
  const row = fc.record({ id: fc.constantFrom('r1', 'r2', 'r3', 'sale:o1:p1', 'restock:o1:p1'), delta: fc.integer({ min: -3, max: 3 }) })
  it('converges, keeps every row once, and counts an action done twice once', () => {
    convergesInAnyOrder(fc.array(fc.array(row, { maxLength: 4 }), { minLength: 1, maxLength: 6 }), mergeLedger)
    const restock = { id: 'restock:o1:p1', delta: 2 }
    expect(mergeLedger([restock, { id: 'r1', delta: -2 }], [restock])).toEqual([{ id: 'r1', delta: -2 }, restock])
  })
})

describe("an order's status merges along the lifecycle", () => {
  type Event = { status: OrderStatus; at: number; stamp: string; by: string }
  const event: fc.Arbitrary<Event> = fc.record({ status: fc.constantFrom(...ORDER_STATUSES), at: fc.integer({ min: 0, max: 5 }), stamp, by: fc.constantFrom('u1', 'u2') })
  const copy: fc.Arbitrary<MergeableOrder<Event> & { total: number }> = fc
    .array(event, { minLength: 1, maxLength: 4 })
    .map((history) => ({ id: 'o1', total: 500, history, status: history.reduce((s, e) => (LIFECYCLE_RANK[e.status] > LIFECYCLE_RANK[s] ? e.status : s), 'placed' as OrderStatus) }))

  it('converges whatever order the copies arrive in', () => {
    convergesInAnyOrder(fc.array(copy, { minLength: 1, maxLength: 5 }), mergeOrder)
  })

  it('never goes backwards, and keeps the union of the histories in time order', () => {
    fc.assert(
      fc.property(copy, copy, (a, b) => {
        const merged = mergeOrder(a, b)
        expect(LIFECYCLE_RANK[merged.status]).toBe(Math.max(LIFECYCLE_RANK[a.status], LIFECYCLE_RANK[b.status]))
        const keys = (h: Event[]) => new Set(h.map((e) => JSON.stringify(e)))
        expect(keys(merged.history)).toEqual(new Set([...keys(a.history), ...keys(b.history)]))
        expect(merged.history.length).toBe(keys(merged.history).size)
        expect(merged.history.map((e) => e.at)).toEqual([...merged.history.map((e) => e.at)].sort((x, y) => x - y))
      }),
    )
  })

  it('a shipped order cancelled on another device ends cancelled, with both moves in its history', () => {
    const placed: Event = { status: 'placed', at: 1, stamp: 'a', by: 'u1' }
    const shipped: MergeableOrder<Event> = { id: 'o1', status: 'shipped', history: [placed, { status: 'shipped', at: 3, stamp: 'c', by: 'owner' }] }
    const cancelled: MergeableOrder<Event> = { id: 'o1', status: 'cancelled', history: [placed, { status: 'cancelled', at: 2, stamp: 'b', by: 'u1' }] }
    const merged = mergeOrder(shipped, cancelled)
    expect(merged.status).toBe('cancelled')
    expect(merged.history.map((e) => e.status)).toEqual(['placed', 'cancelled', 'shipped'])
  })
})

describe('cart lines merge by the last write per line', () => {
  const write: fc.Arbitrary<[string, Written<number | null>]> = fc.tuple(fc.constantFrom('u1:p1', 'u1:p2', 'u2:p1'), fc.record({ value: fc.option(fc.integer({ min: 1, max: 5 })), stamp }))
  it('converges, a removal (null) included', () => {
    convergesInAnyOrder(
      fc.array(fc.array(write, { maxLength: 4 }).map((lines) => new Map(lines)), { minLength: 1, maxLength: 6 }),
      (a, b) => mergeById(a, b, lastWriteWins),
      (s) => (s ? Object.fromEntries([...s].sort(([x], [y]) => (x < y ? -1 : 1))) : s),
    )
  })
})

describe('accounts merge by edit time and never lose the last owner', () => {
  type Account = MergeableAccount & { passwordHash: string }
  const ids = ['owner1', 'owner2', 'c1']
  const accountEdit: fc.Arbitrary<[string, Stamped<Account>]> = fc.tuple(
    fc.constantFrom(...ids),
    fc.record({ role: fc.option(fc.tuple(fc.constantFrom('owner' as const, 'customer' as const), stamp)), deleted: fc.option(fc.tuple(fc.boolean(), stamp)), hash: fc.option(fc.tuple(fc.constantFrom('h1', 'h2'), stamp)) }).map(({ role, deleted, hash }) => {
      const data: Partial<Account> = {}
      const stamps: Partial<Record<keyof Account, string>> = {}
      if (role) {
        data.role = role[0]
        stamps.role = role[1]
        if (role[0] === 'customer') data.ownerUntil = role[1]
        if (role[0] === 'customer') stamps.ownerUntil = role[1]
      }
      if (deleted) {
        if (deleted[0]) data.deletedAt = 1
        stamps.deletedAt = deleted[1]
      }
      if (hash) {
        data.passwordHash = hash[0]
        stamps.passwordHash = hash[1]
      }
      return { data: data as Account, stamps }
    }),
  )
  const sorted = (s: Map<string, Stamped<Account>> | undefined) => (s ? Object.fromEntries([...s].sort(([x], [y]) => (x < y ? -1 : 1))) : s)

  it('converges whatever order the edits arrive in', () => {
    convergesInAnyOrder(
      fc.array(fc.array(accountEdit, { maxLength: 4 }).map((edits) => new Map(edits)), { minLength: 1, maxLength: 6 }),
      mergeAccounts,
      sorted,
    )
  })

  it('two devices that each demoted a different owner leave one owner: the one demoted last', () => {
    const owner = (id: string): Stamped<Account> => ({ data: { role: 'owner', passwordHash: id }, stamps: { role: 'a' } })
    const start = new Map([['owner1', owner('owner1')], ['owner2', owner('owner2')]])
    const onA = mergeAccounts(start, new Map([['owner1', { data: { role: 'customer', ownerUntil: 'b' } as Account, stamps: { role: 'b', ownerUntil: 'b' } }]]))
    const onB = mergeAccounts(start, new Map([['owner2', { data: { role: 'customer', ownerUntil: 'c' } as Account, stamps: { role: 'c', ownerUntil: 'c' } }]]))
    const merged = mergeAccounts(onA, onB)
    expect([...merged.values()].some((a) => a.data.role === 'owner')).toBe(false)
    expect(ownerToRestore(merged)).toBe('owner2')
    expect(ownerToRestore(mergeAccounts(onB, onA))).toBe('owner2')
    const restored = restoreOwner(merged, 'owner2', 'd')
    expect(restored.get('owner2')?.data.role).toBe('owner')
    // The restoration is an edit like any other: merged with the older copies it holds.
    expect(mergeAccounts(onA, restored).get('owner2')?.data.role).toBe('owner')
    expect(ownerToRestore(restored)).toBeUndefined()
  })

  it('a kept former owner is preferred to a deleted one', () => {
    const merged = new Map<string, Stamped<Account>>([
      ['x', { data: { role: 'owner', deletedAt: 5, ownerUntil: 'z', passwordHash: '' }, stamps: { deletedAt: 'z' } }],
      ['y', { data: { role: 'customer', ownerUntil: 'b', passwordHash: 'h' }, stamps: { role: 'b' } }],
    ])
    expect(ownerToRestore(merged)).toBe('y')
  })

  it('whatever was merged, restoring leaves a live owner whenever there ever was one', () => {
    fc.assert(
      fc.property(fc.array(fc.array(accountEdit, { maxLength: 4 }).map((edits) => new Map(edits)), { minLength: 1, maxLength: 6 }), (replicas) => {
        const merged = apply(replicas, mergeAccounts) ?? new Map()
        const everOwner = [...merged.values()].some((a) => a.data.ownerUntil !== undefined || (a.data.role === 'owner' && a.data.deletedAt === undefined))
        const id = ownerToRestore(merged)
        const final = id === undefined ? merged : restoreOwner(merged, id, 'zzzz')
        const live = [...final.values()].filter((a) => a.data.role === 'owner' && a.data.deletedAt === undefined)
        expect(live.length > 0).toBe(everOwner)
      }),
    )
  })
})
