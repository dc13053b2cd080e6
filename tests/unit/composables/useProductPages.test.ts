import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import { useProductPages } from '../../../src/composables/useProductPages'
import type { ShopDatabase } from '../../../src/db/database'
import { DEFAULT_QUERY, type BrowseQuery } from '../../../src/domain/browse'
import { browseProducts } from '../../../src/services/catalog'
import { aNewProduct, createTestDb } from '../support'

// The page reader, spied on so a test can say exactly which pages were read and when.
vi.mock('../../../src/services/catalog', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/services/catalog')>()
  return { ...actual, browseProducts: vi.fn(actual.browseProducts) }
})
const reads = vi.mocked(browseProducts)

let db: ShopDatabase
beforeEach(async () => {
  db = createTestDb()
  // Names Item 000 … Item 119, added in a shuffled order so ids do not follow names.
  const order = Array.from({ length: 120 }, (_, i) => (i * 37) % 120)
  await db.products.bulkAdd(order.map((i) => aNewProduct({ sku: `S-${i}`, name: `Item ${String(i).padStart(3, '0')}` })))
})
afterEach(async () => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
  reads.mockClear()
  await db.delete()
})

function pages(query = shallowRef<BrowseQuery | undefined>(DEFAULT_QUERY), size = 20) {
  const scope = effectScope()
  const result = scope.run(() => useProductPages(db, query, size))
  if (!result) throw new Error('no scope')
  return { ...result, stop: () => scope.stop(), query }
}

/** Runs every pending (fake) timer and the promise callbacks they queue. */
async function flushTimers() {
  await vi.runAllTimersAsync()
  await nextTick()
}

const names = (items: readonly { name: string }[]) => items.map((p) => p.name)

describe('useProductPages', () => {
  it('reads one page, then more pages only as they are wanted', async () => {
    const p = pages()
    await expect.poll(() => p.items.value.length).toBe(20)
    expect(p.loading.value).toBe(false)
    expect(p.done.value).toBe(false)
    p.want(50)
    await expect.poll(() => p.items.value.length).toBe(60)
    expect(names(p.items.value).slice(18, 22)).toEqual(['Item 018', 'Item 019', 'Item 020', 'Item 021'])
    p.want(1_000)
    await expect.poll(() => p.done.value).toBe(true)
    expect(names(p.items.value)).toEqual(Array.from({ length: 120 }, (_, i) => `Item ${String(i).padStart(3, '0')}`))
    p.stop()
  })

  it('stays live: a product added, renamed or archived anywhere shows in place, never twice, never lost', async () => {
    const p = pages()
    p.want(50)
    await expect.poll(() => p.items.value.length).toBe(60)
    // Into the first page's range: that page grows, the next ones keep theirs.
    await db.products.add(aNewProduct({ sku: 'NEW', name: 'Item 005b' }))
    await expect.poll(() => p.items.value.length).toBe(61)
    expect(names(p.items.value).slice(5, 8)).toEqual(['Item 005', 'Item 005b', 'Item 006'])
    // Renamed across pages: leaves one page and joins another.
    const item10 = await db.products.where('sku').equals('S-10').first()
    await db.products.update(item10?.id ?? '', { name: 'Item 045x' })
    await expect.poll(() => names(p.items.value).includes('Item 045x')).toBe(true)
    expect(names(p.items.value)).not.toContain('Item 010')
    const archivedOne = await db.products.where('sku').equals('S-30').first()
    await db.products.update(archivedOne?.id ?? '', { archived: true })
    await expect.poll(() => names(p.items.value).includes('Item 030')).toBe(false)
    const ids = p.items.value.map((x) => x.id)
    expect(new Set(ids).size).toBe(ids.length)
    const sorted = [...names(p.items.value)].sort()
    expect(names(p.items.value)).toEqual(sorted)
    p.stop()
  })

  it('starts again from the first page when the query changes', async () => {
    const p = pages()
    p.want(100)
    await expect.poll(() => p.items.value.length).toBe(100)
    p.query.value = { ...DEFAULT_QUERY, text: 'item 11' }
    await nextTick()
    await expect.poll(() => names(p.items.value)).toEqual(['Item 110', 'Item 111', 'Item 112', 'Item 113', 'Item 114', 'Item 115', 'Item 116', 'Item 117', 'Item 118', 'Item 119'])
    expect(p.done.value).toBe(true)
    p.stop()
  })

  it('reads nothing while there is no query (the catalog is not shown), then the first page once there is', async () => {
    // liveQuery starts its first read on a timer: faked, any read begun here runs at once.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const p = pages(shallowRef<BrowseQuery | undefined>(undefined))
    await flushTimers()
    expect(reads).not.toHaveBeenCalled()
    expect(p.loading.value).toBe(true)
    expect(p.items.value).toEqual([])

    vi.useRealTimers()
    p.query.value = DEFAULT_QUERY
    await expect.poll(() => p.items.value.length).toBe(20)
    expect(reads).toHaveBeenCalledTimes(1)
    expect(reads).toHaveBeenCalledWith(db, DEFAULT_QUERY, { after: null, until: null }, 20)
    p.stop()
  })

  it('reads further pages only at an idle moment, and not at all once stopped before it', async () => {
    const idle: (() => void)[] = []
    const cancel = vi.fn()
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => idle.push(callback))
    vi.stubGlobal('cancelIdleCallback', cancel)
    const p = pages()
    await expect.poll(() => p.items.value.length).toBe(20)
    expect(reads).toHaveBeenCalledTimes(1)

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    p.want(50)
    p.want(60)
    await flushTimers()
    // One idle callback for both wants, and not a page read before it runs.
    expect(idle).toHaveLength(1)
    expect(reads).toHaveBeenCalledTimes(1)
    vi.useRealTimers()
    idle[0]?.()
    await expect.poll(() => p.items.value.length).toBe(60)
    // The first page's far edge is frozen where the second begins, and so on: five reads in all.
    const ranges = reads.mock.calls.map(([, , range]) => range)
    const [, firstFrozen, second, secondFrozen, third] = ranges
    expect(ranges).toEqual([
      { after: null, until: null },
      { after: null, until: firstFrozen?.until },
      { after: firstFrozen?.until, until: null },
      { after: firstFrozen?.until, until: secondFrozen?.until },
      { after: secondFrozen?.until, until: null },
    ])
    expect(firstFrozen?.until).not.toBeNull()
    expect(secondFrozen?.until).not.toBeNull()
    expect(second).not.toEqual(third)
    expect(reads.mock.calls.every(([reader, query, , size]) => reader === db && query === DEFAULT_QUERY && size === 20)).toBe(true)

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    p.want(100)
    expect(idle).toHaveLength(2)
    p.stop()
    expect(cancel).toHaveBeenCalledWith(2)
    expect(cancel).toHaveBeenCalledTimes(1)
    await flushTimers()
    expect(reads).toHaveBeenCalledTimes(5)
  })
})
