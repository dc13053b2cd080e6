import Dexie from 'dexie'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { upgradesNeeded } from '../../../src/db/upgradeLoader'

const names: string[] = []
afterEach(async () => {
  vi.restoreAllMocks()
  for (const name of names.splice(0)) await Dexie.delete(name)
})
const fresh = () => {
  const name = `lazy-upgrades-${crypto.randomUUID()}`
  names.push(name)
  return name
}

describe('the schema upgrades load only when a device needs them', () => {
  it('a fresh device creates the latest version at once: no upgrade to load', async () => {
    const name = fresh()
    expect(await upgradesNeeded(name, 6)).toBe(false)
  })

  it('a database already at the latest version needs none', async () => {
    const name = fresh()
    const db = new ShopDatabase(name)
    await db.open()
    db.close()
    expect(await upgradesNeeded(name, db.verno)).toBe(false)
  })

  it('a database of an older version needs them, and opens upgraded', async () => {
    const name = fresh()
    const v5 = new Dexie(name)
    v5.version(5).stores({ users: '++id', products: '++id', meta: 'key' })
    await v5.open()
    v5.close()
    expect(await upgradesNeeded(name, 6)).toBe(true)
    const db = new ShopDatabase(name)
    await db.open()
    expect(db.verno).toBe(7)
    db.close()
  })

  it('where the browser cannot list its databases, they are loaded to be safe', async () => {
    vi.spyOn(indexedDB, 'databases').mockRejectedValue(new Error('not allowed'))
    expect(await upgradesNeeded(fresh(), 6)).toBe(true)
  })
})
