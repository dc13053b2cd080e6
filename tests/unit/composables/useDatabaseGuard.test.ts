import Dexie from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import { effectScope } from 'vue'
import { useDatabaseGuard } from '../../../src/composables/useDatabaseGuard'
import { createTestDb } from '../support'

/** What another tab running a newer version does: open the database at a higher version. */
function openNewerVersion(name: string, version: number): Promise<'opened' | 'blocked'> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version)
    request.onblocked = () => resolve('blocked')
    request.onsuccess = () => {
      request.result.close()
      resolve('opened')
    }
    request.onerror = () => reject(request.error)
  })
}

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn()
})

describe('useDatabaseGuard', () => {
  it('closes this tab’s connection at once when another tab upgrades, so the upgrade is not blocked, and asks for a reload', async () => {
    const db = createTestDb()
    cleanup.push(() => Dexie.delete(db.name))
    await db.products.count()
    const scope = effectScope()
    const guard = scope.run(() => useDatabaseGuard(db))!
    cleanup.push(() => scope.stop())
    expect(guard.outdated.value).toBe(false)

    expect(await openNewerVersion(db.name, 1000)).toBe('opened')

    expect(guard.outdated.value).toBe(true)
    expect(db.isOpen()).toBe(false)
    // It stays closed: no reopening with this tab's old schema behind the person's back.
    await expect(db.products.count()).rejects.toMatchObject({ name: 'DatabaseClosedError' })
  })

  it('stops listening when its scope ends', async () => {
    const db = createTestDb()
    cleanup.push(() => Dexie.delete(db.name))
    await db.products.count()
    const scope = effectScope()
    const guard = scope.run(() => useDatabaseGuard(db))!
    scope.stop()
    expect(await openNewerVersion(db.name, 1000)).toBe('opened')
    expect(guard.outdated.value).toBe(false)
  })

  it('says so while this tab’s own upgrade waits for an old tab that does not let go, until it goes through', async () => {
    const name = 'guard-' + crypto.randomUUID()
    cleanup.push(() => Dexie.delete(name))
    // An old tab without the guard that ignores versionchange, holding Dexie version 1 (IndexedDB 10).
    const old = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(name, 10)
      request.onsuccess = () => resolve(request.result)
    })
    old.onversionchange = () => {}

    const newer = new Dexie(name)
    newer.version(2).stores({ things: '++id' })
    cleanup.push(() => newer.close())
    const scope = effectScope()
    const guard = scope.run(() => useDatabaseGuard(newer))!
    cleanup.push(() => scope.stop())
    const blocked = new Promise<void>((resolve) => newer.on('blocked', () => resolve()))
    const opening = newer.open()

    await blocked
    expect(guard.blocked.value).toBe(true)

    old.close()
    await opening
    await newer.open()
    expect(guard.blocked.value).toBe(false)
    expect(newer.verno).toBe(2)
  })
})
