/**
 * The catalog store's seeding on a fresh device: the demo catalog's rows are data
 * (public/demo/catalog.json), fetched while the seed code loads, and a failed fetch is the
 * seeding's error, shown to the person, with nothing written.
 */
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CATALOG_SEEDED_KEY, db } from '../../../src/db/database'
import { DEMO_CATALOG_URL } from '../../../src/db/demoCatalog'
import { useCatalogStore } from '../../../src/stores/catalog'

beforeEach(async () => {
  await db.delete()
  await db.open()
  setActivePinia(createPinia())
})
afterEach(() => {
  vi.restoreAllMocks()
})

describe('useCatalogStore().seed()', () => {
  it('fetches the demo catalog’s rows once and seeds them', async () => {
    const fetched = vi.spyOn(globalThis, 'fetch')
    const catalog = useCatalogStore()
    await catalog.seed('')
    expect(catalog.seedError).toBe('')
    expect(fetched.mock.calls.map(([url]) => String(url))).toEqual([DEMO_CATALOG_URL])
    expect(await db.products.count()).toBe(25)
    expect(await db.meta.get(CATALOG_SEEDED_KEY)).toBeDefined()
  })

  it('fetches nothing on a device that is seeded already', async () => {
    await useCatalogStore().seed('')
    const fetched = vi.spyOn(globalThis, 'fetch')
    await useCatalogStore().seed('')
    expect(fetched).not.toHaveBeenCalled()
    expect(await db.products.count()).toBe(25)
  })

  it('says so when the rows cannot be fetched, and writes nothing', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('gone', { status: 503 }))
    const catalog = useCatalogStore()
    await catalog.seed('')
    expect(catalog.seedError).not.toBe('')
    expect(catalog.seeding).toBe(false)
    expect(await db.products.count()).toBe(0)
    expect(await db.meta.get(CATALOG_SEEDED_KEY)).toBeUndefined()
  })
})
