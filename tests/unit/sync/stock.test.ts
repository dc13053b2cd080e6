import { describe, expect, it } from 'vitest'
import { OutOfStockError } from '../../../src/domain/errors'
import type { CouchDoc } from '../../../src/sync/couch'
import { SyncError } from '../../../src/sync/errors'
import { adjustStockDocs, claimStock, MAX_ATTEMPTS, releaseStock, STOCK_DOC_ROWS, type LocalStock, type StockDocStore } from '../../../src/sync/stock'

/** A CouchDB in memory for stock documents: a put must carry the current _rev (none to create), else 409. */
class FakeStore implements StockDocStore {
  docs = new Map<string, CouchDoc>()
  puts = 0
  gets = 0
  /** Runs before each put is checked: a test's other device writing in between. */
  beforePut: ((doc: CouchDoc) => void) | undefined
  /** Makes every request fail as if the network were down. */
  down = false

  async get(id: string): Promise<CouchDoc | undefined> {
    this.gets++
    if (this.down) throw new SyncError('unreachable')
    const doc = this.docs.get(id)
    return doc ? structuredClone(doc) : undefined
  }

  async put(doc: CouchDoc): Promise<string> {
    if (this.down) throw new SyncError('unreachable')
    this.beforePut?.(doc)
    this.puts++
    const current = this.docs.get(doc._id)
    if ((current?._rev ?? undefined) !== doc._rev) throw new SyncError('server', 'Document update conflict.', 409)
    const rev = `${Number((current?._rev ?? '0-').split('-')[0]) + 1}-x`
    this.docs.set(doc._id, { ...structuredClone(doc), _rev: rev })
    return rev
  }

  /** Another device's write, straight into the store. */
  write(id: string, level: number, rows: string[] = []) {
    const current = this.docs.get(id)
    const rev = `${Number((current?._rev ?? '0-').split('-')[0]) + 1}-y`
    this.docs.set(id, { _id: id, _rev: rev, table: 'stock', level, rows })
  }

  level(productId: string) {
    return this.docs.get(`stock:${productId}`)?.level
  }
}

const locals = (entries: Record<string, Partial<LocalStock>>) => async (ids: string[]) =>
  new Map<string, LocalStock>(ids.flatMap((id) => (entries[id] ? [[id, { name: id, stock: 0, ledgerIds: [], ...entries[id] }]] : [])))

const line = (productId: string, quantity: number, order = 'o1') => ({ productId, quantity, ledgerId: `s:${order}:${productId}` })

describe('claimStock', () => {
  it("makes a product's stock document from this device's stock on its first claim", async () => {
    const store = new FakeStore()
    expect(await claimStock(store, [line('mug', 2)], locals({ mug: { stock: 5, ledgerIds: ['i:mug'] } }))).toBe(true)
    expect(store.docs.get('stock:mug')).toMatchObject({ table: 'stock', level: 3, rows: ['i:mug', 's:o1:mug'] })
  })

  it('takes the units off the server’s level, not this device’s', async () => {
    const store = new FakeStore()
    store.write('stock:mug', 4)
    await claimStock(store, [line('mug', 1)], locals({ mug: { stock: 9 } }))
    expect(store.level('mug')).toBe(3)
  })

  it("claims a cart's lines at once: a cart of three waits for one claim's round trips, not three in a row", async () => {
    const store = new FakeStore()
    for (const id of ['tea', 'mug', 'pen']) store.write(`stock:${id}`, 5)
    let inFlight = 0
    let most = 0
    const get = store.get.bind(store)
    store.get = async (id: string) => {
      inFlight++
      most = Math.max(most, inFlight)
      await new Promise((r) => setTimeout(r, 5))
      inFlight--
      return get(id)
    }
    expect(await claimStock(store, [line('tea', 1), line('mug', 1), line('pen', 1)], locals({}))).toBe(true)
    expect(most).toBe(3)
    expect([store.level('tea'), store.level('mug'), store.level('pen')]).toEqual([4, 4, 4])
  })

  it('refuses, naming the product, when another device sold the units first, and gives back the lines it claimed', async () => {
    const store = new FakeStore()
    store.write('stock:tea', 5)
    store.write('stock:mug', 0)
    const err = await claimStock(store, [line('tea', 2), line('mug', 1)], locals({ tea: { name: 'Green Tea' }, mug: { name: 'Stoneware Mug' } })).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OutOfStockError)
    expect(err).toMatchObject({ productName: 'Stoneware Mug', available: 0, requested: 1, message: 'Stoneware Mug is out of stock: another device sold it first.' })
    expect(store.level('tea')).toBe(5)
    expect(store.docs.get('stock:tea')?.rows).toEqual([])
  })

  it('says how many are left when some are', async () => {
    const store = new FakeStore()
    store.write('stock:mug', 1)
    await expect(claimStock(store, [line('mug', 3)], locals({ mug: { name: 'Stoneware Mug' } }))).rejects.toMatchObject({
      message: 'Only 1 of Stoneware Mug is left: another device sold the rest first. You asked for 3.',
    })
  })

  it('re-reads on 409 and claims against the new level', async () => {
    const store = new FakeStore()
    store.write('stock:mug', 3)
    let raced = false
    store.beforePut = () => {
      if (!raced) store.write('stock:mug', 1, ['s:other:mug'])
      raced = true
    }
    expect(await claimStock(store, [line('mug', 1)], locals({ mug: {} }))).toBe(true)
    expect(store.docs.get('stock:mug')).toMatchObject({ level: 0, rows: ['s:other:mug', 's:o1:mug'] })
  })

  it('refuses when the write that beat it took the last unit', async () => {
    const store = new FakeStore()
    store.write('stock:mug', 1)
    let raced = false
    store.beforePut = () => {
      if (!raced) store.write('stock:mug', 0, ['s:other:mug'])
      raced = true
    }
    await expect(claimStock(store, [line('mug', 1)], locals({ mug: {} }))).rejects.toBeInstanceOf(OutOfStockError)
  })

  it(`gives up after ${MAX_ATTEMPTS} conflicts in a row: not claimed (the sale goes ahead offline)`, async () => {
    const store = new FakeStore()
    store.write('stock:mug', 10)
    store.beforePut = () => store.write('stock:mug', 10)
    expect(await claimStock(store, [line('mug', 1)], locals({ mug: {} }))).toBe(false)
    expect(store.puts).toBe(MAX_ATTEMPTS)
  })

  it('resolves false when the server cannot be reached', async () => {
    const store = new FakeStore()
    store.down = true
    expect(await claimStock(store, [line('mug', 1)], locals({ mug: { stock: 3 } }))).toBe(false)
  })

  it('gives back what it claimed when the server goes away half-way', async () => {
    const store = new FakeStore()
    store.write('stock:tea', 5)
    store.write('stock:mug', 5)
    let puts = 0
    store.beforePut = () => {
      if (++puts === 2) throw new SyncError('server', 'The server failed (500).', 500)
    }
    expect(await claimStock(store, [line('tea', 2), line('mug', 1)], locals({ tea: {}, mug: {} }))).toBe(false)
    expect(store.level('tea')).toBe(5)
  })

  it('hands the lines it claimed to `unreleased` when giving them back fails too (kept for later)', async () => {
    const store = new FakeStore()
    store.write('stock:tea', 5)
    store.write('stock:mug', 0)
    // The tea's claim is written, then the server goes away: the mug is refused, and the tea cannot be given back now.
    store.beforePut = () => {
      store.down = true
    }
    const kept: unknown[] = []
    const err = await claimStock(store, [line('tea', 2), line('mug', 1)], locals({ tea: {}, mug: { name: 'Stoneware Mug' } }), async (lines) => {
      kept.push(...lines)
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OutOfStockError)
    expect(store.level('tea')).toBe(3)
    expect(kept).toEqual([line('tea', 2)])
  })

  it('claims a retried checkout once (its ledger id is in rows already)', async () => {
    const store = new FakeStore()
    await claimStock(store, [line('mug', 2)], locals({ mug: { stock: 5 } }))
    await claimStock(store, [line('mug', 2)], locals({ mug: { stock: 5 } }))
    expect(store.level('mug')).toBe(3)
  })

  it(`remembers the last ${STOCK_DOC_ROWS} rows only`, async () => {
    const store = new FakeStore()
    store.write('stock:mug', 1000, Array.from({ length: STOCK_DOC_ROWS }, (_, i) => `r${i}`))
    await claimStock(store, [line('mug', 1)], locals({ mug: {} }))
    const rows = store.docs.get('stock:mug')?.rows as string[]
    expect(rows).toHaveLength(STOCK_DOC_ROWS)
    expect(rows.at(-1)).toBe('s:o1:mug')
    expect(rows[0]).toBe('r1')
  })
})

describe('releaseStock', () => {
  it('puts the units back and forgets the ledger id; a line never claimed is left alone', async () => {
    const store = new FakeStore()
    await claimStock(store, [line('mug', 2)], locals({ mug: { stock: 5 } }))
    store.write('stock:tea', 4)
    await releaseStock(store, [line('mug', 2), line('tea', 1)])
    expect(store.docs.get('stock:mug')).toMatchObject({ level: 5, rows: [] })
    expect(store.level('tea')).toBe(4)
    // Released twice: nothing more.
    await releaseStock(store, [line('mug', 2)])
    expect(store.level('mug')).toBe(5)
  })
})

describe('adjustStockDocs', () => {
  const row = (id: string, productId: string, delta: number) => ({ id, productId, delta })

  it('moves the level by every pushed row it has not applied, once, even when pushed again', async () => {
    const store = new FakeStore()
    await claimStock(store, [line('mug', 1)], locals({ mug: { stock: 5 } }))
    const pushed = [row('s:o1:mug', 'mug', -1), row('restock-1', 'mug', 10), row('s:offline:mug', 'mug', -2)]
    await adjustStockDocs(store, pushed)
    expect(store.level('mug')).toBe(4 + 10 - 2)
    await adjustStockDocs(store, pushed)
    expect(store.level('mug')).toBe(12)
    expect(store.docs.get('stock:mug')?.rows).toEqual(['s:o1:mug', 'restock-1', 's:offline:mug'])
  })

  it('leaves a product without a stock document alone, and writes nothing when all is applied', async () => {
    const store = new FakeStore()
    await adjustStockDocs(store, [row('i:tea', 'tea', 5)])
    expect(store.docs.has('stock:tea')).toBe(false)
    store.write('stock:mug', 3, ['x'])
    await adjustStockDocs(store, [row('x', 'mug', -1)])
    expect(store.puts).toBe(0)
  })

  it('goes below zero when offline sales took more than there was (the shop is oversold)', async () => {
    const store = new FakeStore()
    store.write('stock:mug', 1)
    await adjustStockDocs(store, [row('s:a:mug', 'mug', -1), row('s:b:mug', 'mug', -1)])
    expect(store.level('mug')).toBe(-1)
  })

  it('retries on 409 against the new level', async () => {
    const store = new FakeStore()
    store.write('stock:mug', 5)
    let raced = false
    store.beforePut = () => {
      if (!raced) store.write('stock:mug', 4, ['s:other:mug'])
      raced = true
    }
    await adjustStockDocs(store, [row('restock-1', 'mug', 2)])
    expect(store.docs.get('stock:mug')).toMatchObject({ level: 6, rows: ['s:other:mug', 'restock-1'] })
  })

  it('lets a network failure through, so the push is retried', async () => {
    const store = new FakeStore()
    store.down = true
    await expect(adjustStockDocs(store, [row('restock-1', 'mug', 2)])).rejects.toBeInstanceOf(SyncError)
  })
})
