/**
 * The first search of a visit: the search plan is not on the first page (services/catalog.ts
 * loads it with the first search). Its own file, so that no earlier test has loaded it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { effectScope } from 'vue'
import { useProductPages } from '../../../src/composables/useProductPages'
import type { ShopDatabase } from '../../../src/db/database'
import { DEFAULT_QUERY } from '../../../src/domain/browse'
import { searchLoaded } from '../../../src/services/catalog'
import { aNewProduct, createTestDb } from '../support'

let db: ShopDatabase
beforeEach(async () => {
  db = createTestDb()
  await db.products.bulkAdd([aNewProduct({ sku: 'M-1', name: 'Stoneware Mug' }), aNewProduct({ sku: 'T-1', name: 'Glass Teapot' })])
})
afterEach(async () => {
  await db.delete()
})

describe('useProductPages, the first search', () => {
  it('loads the search plan before its live query, so the results stay live', async () => {
    expect(searchLoaded()).toBe(false)
    const scope = effectScope()
    const p = scope.run(() => useProductPages(db, () => ({ ...DEFAULT_QUERY, text: 'mug' })))
    if (!p) throw new Error('no scope')
    expect(p.loading.value).toBe(true)
    await expect.poll(() => p.items.value.map((x) => x.name)).toEqual(['Stoneware Mug'])
    expect(searchLoaded()).toBe(true)
    // A change after the first answer re-reads the search: the live query saw its ranges.
    await db.products.add(aNewProduct({ sku: 'M-2', name: 'Enamel Mug' }))
    await expect.poll(() => p.items.value.map((x) => x.name)).toEqual(['Enamel Mug', 'Stoneware Mug'])
    scope.stop()
  })
})
