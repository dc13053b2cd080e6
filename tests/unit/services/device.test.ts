/**
 * This device's code, the start of its order numbers: made once, kept in db.meta, never one
 * that an order this device knows of (restored from a backup, later synced) already starts with.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEVICE_CODE_KEY, type ShopDatabase } from '../../../src/db/database'
import { DEVICE_CODE_ALPHABET, isDeviceCode } from '../../../src/domain/orderNumber'
import { deviceCodeIn } from '../../../src/services/device'
import { anOrder, createTestDb } from '../support'

let db: ShopDatabase
beforeEach(() => {
  db = createTestDb()
})
afterEach(async () => {
  await db.delete()
})

const codeOf = () => db.transaction('rw', db.meta, db.orders, () => deviceCodeIn(db))

describe('deviceCodeIn', () => {
  it('makes a code once and keeps it', async () => {
    const code = await codeOf()
    expect(isDeviceCode(code)).toBe(true)
    expect(await db.meta.get(DEVICE_CODE_KEY)).toEqual({ key: DEVICE_CODE_KEY, value: code })
    expect(await codeOf()).toBe(code)
  })

  it('two pages asking at once get one code', async () => {
    const [a, b] = await Promise.all([codeOf(), codeOf()])
    expect(a).toBe(b)
  })

  it('never takes a code that orders this device knows of already carry', async () => {
    // Every two-character code but one is taken by another device's order.
    const codes = [...DEVICE_CODE_ALPHABET].flatMap((a) => [...DEVICE_CODE_ALPHABET].map((b) => a + b))
    const free = 'K7'
    await db.orders.bulkAdd(codes.filter((c) => c !== free).map((c, i) => anOrder({ id: `o-${c}`, number: `${c}-${1001 + i}` })))
    expect(await codeOf()).toBe(free)
  })
})
