import { describe, expect, it } from 'vitest'
import { docIdOf, fromDoc, isSynced, parseDocId, toDoc } from '../../../src/sync/documents'
import { aProduct } from '../support'

describe('document ids', () => {
  it.each([
    ['products', 'abc', 'products:abc'],
    ['stockLedger', 's:order1:prod1', 'stockLedger:s:order1:prod1'],
    ['cartItems', ['u1', 'p1'], 'cartItems:u1:p1'],
    ['meta', 'shopSettings', 'meta:shopSettings'],
  ] as const)('%s %j ↔ %s', (table, key, id) => {
    expect(docIdOf(table, key as string | string[])).toBe(id)
    expect(parseDocId(id)).toEqual({ table, key })
  })

  it.each(['stock:abc', '_design/shop', 'products:', 'sessions:x', 'meta:deviceId', 'cartItems:u1', 'nothing'])('%s is not a record of the shop', (id) => {
    expect(parseDocId(id)).toBeUndefined()
  })

  it('this device\'s guest cart, device-local meta and unknown tables stay home', () => {
    expect(isSynced('cartItems', ['guest', 'p1'])).toBe(false)
    expect(isSynced('meta', 'syncConfig')).toBe(false)
    expect(isSynced('sessions', 'x')).toBe(false)
    expect(isSynced('orders', 'o1')).toBe(true)
  })
})

describe('toDoc / fromDoc', () => {
  it('a product travels without its derived fields and its photo as a data: URL, and comes back whole', async () => {
    const product = { ...aProduct({ id: 'p1' }), image: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }) }
    const doc = await toDoc('products', 'p1', product, { rev: '3-x', hlc: 'h', device: 'd' })
    expect(doc).toMatchObject({ _id: 'products:p1', _rev: '3-x', table: 'products', hlc: 'h', device: 'd' })
    expect(doc.data).not.toHaveProperty('nameKey')
    expect(doc.data).not.toHaveProperty('stockGap')
    expect(doc.data?.image).toBe('data:image/png;base64,AQID')
    const back = fromDoc(JSON.parse(JSON.stringify(doc)))!
    expect(back.record?.image).toBeInstanceOf(Blob)
    expect(new Uint8Array(await (back.record!.image as Blob).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]))
    const plain: Record<string, unknown> = { ...product, image: undefined }
    for (const derived of ['nameKey', 'nameWords', 'listed', 'stocked', 'stockGap']) delete plain[derived]
    expect({ ...back.record, image: undefined }).toEqual(plain)
  })

  it('a deletion is a tombstone, and comes back as no record', async () => {
    const doc = await toDoc('orders', 'o1', undefined, { rev: '2-y', hlc: 'h', device: 'd' })
    expect(doc).toEqual({ _id: 'orders:o1', _rev: '2-y', _deleted: true, table: 'orders', hlc: 'h', device: 'd' })
    expect(fromDoc(doc)).toEqual({ table: 'orders', key: 'o1', record: undefined, hlc: 'h', device: 'd' })
  })

  it('the key comes from the id, never from the data', () => {
    expect(fromDoc({ _id: 'cartItems:u1:p1', data: { userId: 'x', productId: 'y', quantity: 2 } })?.record).toEqual({ userId: 'u1', productId: 'p1', quantity: 2 })
    expect(fromDoc({ _id: 'products:p1', data: { id: 'other' } })?.record).toEqual({ id: 'p1' })
    expect(fromDoc({ _id: 'meta:shopSettings', data: { value: { currency: 'EUR' } } })?.record).toEqual({ key: 'shopSettings', value: { currency: 'EUR' } })
  })

  it('a malformed document is ignored', () => {
    expect(fromDoc({ _id: 'products:p1', data: 'text' })).toBeUndefined()
    expect(fromDoc({ _id: 'products:p1', data: null })).toBeUndefined()
    expect(fromDoc({ _id: 'products:p1' })).toBeUndefined()
  })
})
