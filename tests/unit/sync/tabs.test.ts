/**
 * One engine per device (src/sync/tabs.ts): tabs of one device share one IndexedDB and one
 * cookie session; a lock picks the tab that runs the engine and a channel shares its status.
 * Here the lock manager and the channels are fakes with the platform's semantics (a FIFO per
 * lock name, messages to every other channel of the same name), the "tabs" two ShopDatabase
 * instances on the same fake-indexeddb database, and the cookie jar one for both, as a
 * browser context has.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ShopDatabase } from '../../../src/db/database'
import { connect, resume, type SyncStartOptions } from '../../../src/sync'
import { SyncEngine } from '../../../src/sync/engine'
import { TabSync, type ChannelLike, type LockManagerLike, type TabsOptions } from '../../../src/sync/tabs'
import { SYNC_CONFIG_KEY, type SyncController } from '../../../src/sync/types'
import type { Fetch } from '../../../src/sync/couch'
import { FAKE_DB, FakeCouch } from './fakeCouch'
import { addProduct } from './devices'
import { until } from '../support'

/** navigator.locks as far as the engine uses it: one holder per name, the rest queued in order; an aborted request leaves the queue. */
class FakeLocks implements LockManagerLike {
  private readonly held = new Set<string>()
  private readonly queues = new Map<string, { callback: () => Promise<void>; resolve: (v: unknown) => void }[]>()

  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) return reject(new DOMException('aborted', 'AbortError'))
      const entry = { callback, resolve }
      const queue = this.queues.get(name) ?? []
      this.queues.set(name, queue)
      queue.push(entry)
      options.signal?.addEventListener('abort', () => {
        const at = queue.indexOf(entry)
        if (at >= 0) {
          queue.splice(at, 1)
          reject(new DOMException('aborted', 'AbortError'))
        }
      })
      this.grant(name)
    })
  }

  private grant(name: string): void {
    if (this.held.has(name)) return
    const next = this.queues.get(name)?.shift()
    if (!next) return
    this.held.add(name)
    void next.callback().finally(() => {
      this.held.delete(name)
      next.resolve(undefined)
      this.grant(name)
    })
  }
}

/** BroadcastChannel: a message reaches every other open channel of its name, later, as a copy. */
class FakeChannels {
  private readonly open = new Set<{ name: string; listeners: ((e: MessageEvent) => void)[] }>()
  channel = (name: string): ChannelLike => {
    const me = { name, listeners: [] as ((e: MessageEvent) => void)[] }
    this.open.add(me)
    return {
      postMessage: (message) => {
        if (!this.open.has(me)) throw new DOMException('closed', 'InvalidStateError')
        for (const other of this.open) {
          if (other === me || other.name !== name) continue
          const copy = structuredClone(message)
          setTimeout(() => other.listeners.forEach((l) => l(new MessageEvent('message', { data: copy }))), 0)
        }
      },
      addEventListener: (_type, listener) => me.listeners.push(listener),
      close: () => this.open.delete(me),
    }
  }
}

/** One browser context: one cookie jar every client's requests go through. */
function jarOf(couch: FakeCouch): Fetch {
  let jar = ''
  return async (input, init = {}) => {
    const headers = { ...(init.headers as Record<string, string> | undefined) }
    if (!headers.Cookie && jar) headers.Cookie = jar
    const res = await couch.fetch(input, { ...init, headers })
    const set = /AuthSession=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')
    if (set) jar = set[1] ? `AuthSession=${set[1]}` : ''
    return res
  }
}

const running: SyncController[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()))
})


/** A device: its database's name, the context's cookie jar, and its lock manager and channels. */
function aDevice(couch: FakeCouch) {
  const name = `test-tabs-${crypto.randomUUID()}`
  const tabs: TabsOptions = { locks: new FakeLocks(), channel: new FakeChannels().channel }
  const options: SyncStartOptions = { fetch: jarOf(couch), tabs, backoff: { min: 20, max: 80 }, waitMs: 2_000, timeoutMs: 1_000 }
  const tab = () => new ShopDatabase(name, { deviceId: 'dev-a' })
  return {
    options,
    tab,
    connectTab: async (db = tab(), password = 'secret') => {
      const c = await connect(db, { url: FAKE_DB, username: 'owner', password }, options)
      running.push(c)
      return { db, c: c as TabSync }
    },
    resumeTab: async (db = tab()) => {
      const c = (await resume(db, options))!
      running.push(c)
      return { db, c: c as TabSync }
    },
  }
}

const longpolls = (couch: FakeCouch) => couch.log.filter((r) => r.includes('_changes') && r.includes('feed=longpoll')).length

describe('one sync engine per device', () => {
  it('one tab runs the engine; the other shows its status, and its writes are pushed once', async () => {
    const couch = new FakeCouch()
    const device = aDevice(couch)
    const a = await device.connectTab()
    const b = await device.resumeTab()
    expect(a.c).toBeInstanceOf(TabSync)
    await until(() => a.c.status.phase === 'up-to-date' && b.c.status.phase === 'up-to-date')
    expect([a.c.leading, b.c.leading]).toEqual([true, false])

    await addProduct(b.db, 'p1')
    await until(() => couch.docs.has('products:p1') && b.c.status.phase === 'up-to-date')
    expect(b.c.status).toEqual(a.c.status)
    expect(couch.writes.get('products:p1')).toBe(1)

    // Only the leader waits on the server: the follower's status came over the channel.
    await until(() => longpolls(couch) > 0)
    const sessionsBefore = couch.log.filter((r) => r.includes('_changes')).length
    await b.c.syncNow()
    expect(couch.log.filter((r) => r.includes('_changes')).length).toBeGreaterThan(sessionsBefore)
    expect(b.c.leading).toBe(false)
  })

  it('when the leading tab goes, the next one takes over and sync continues', async () => {
    const couch = new FakeCouch()
    const device = aDevice(couch)
    const a = await device.connectTab()
    const b = await device.resumeTab()
    await until(() => a.c.leading && b.c.status.phase === 'up-to-date')
    await a.c.stop()
    await until(() => b.c.leading)

    // Another device's product reaches this one through the new leader.
    const other = aDevice(couch)
    const o = await other.connectTab()
    await addProduct(o.db, 'from-elsewhere')
    await until(async () => (await b.db.products.get('from-elsewhere')) !== undefined)
    await until(() => b.c.status.phase === 'up-to-date')
  })

  it('a Sync now sent while the engine changes tabs is answered by the new leader', async () => {
    const couch = new FakeCouch()
    const device = aDevice(couch)
    const a = await device.connectTab()
    const b = await device.resumeTab()
    const c = await device.resumeTab()
    await until(() => a.c.leading && c.c.status.phase === 'up-to-date')
    const stopping = a.c.stop()
    // Sent at once: B is only starting its engine when it arrives.
    const asked = c.c.syncNow()
    await stopping
    await expect(Promise.race([asked.then(() => 'answered'), new Promise((r) => setTimeout(() => r('lost'), 3_000))])).resolves.toBe('answered')
    expect([b.c.leading, c.c.leading]).toEqual([true, false])
  })

  it('a follower claims stock itself on the shared session, and its Stop syncing forgets the server', async () => {
    const couch = new FakeCouch()
    const device = aDevice(couch)
    const a = await device.connectTab()
    await addProduct(a.db, 'p1', { stock: 3 })
    await until(() => couch.docs.has('products:p1'))
    const b = await device.resumeTab()
    await until(() => b.c.status.phase === 'up-to-date')
    expect(b.c.leading).toBe(false)

    expect(await b.c.claimStock([{ productId: 'p1', quantity: 2, ledgerId: 's:o1:p1' }])).toBe(true)
    expect((couch.docs.get('stock:p1')?.doc as { level?: number } | undefined)?.level).toBe(1)

    // Stop syncing in the follower: the engine has stopped by the time it resolves (a restore waits on that).
    await b.c.stop({ forget: true })
    expect(await b.db.meta.get(SYNC_CONFIG_KEY)).toBeUndefined()
    expect([a.c.leading, a.c.status.phase]).toEqual([false, 'stopped'])
  })

  it('without Web Locks every tab runs its own engine, as before', async () => {
    const couch = new FakeCouch()
    const db = new ShopDatabase(`test-tabs-${crypto.randomUUID()}`, { deviceId: 'dev-a' })
    const c = await connect(db, { url: FAKE_DB, username: 'owner', password: 'secret' }, { fetch: couch.fetch, tabs: false })
    running.push(c)
    expect(c).toBeInstanceOf(SyncEngine)
  })

  it('a connect in another tab makes the leader start over on the new session', async () => {
    const couch = new FakeCouch()
    const device = aDevice(couch)
    const a = await device.connectTab()
    const b = await device.resumeTab()
    await until(() => a.c.leading && b.c.status.phase === 'up-to-date')
    // The password changed on the server, the session ended: the leader cannot sign in by itself.
    couch.users.owner!.password = 'changed'
    couch.expireSessions()
    await a.c.syncNow().catch(() => undefined)
    await until(() => b.c.status.phase === 'sign-in')
    // "Sign in again" in tab B: its store stops its controller and connects anew.
    await b.c.stop()
    const b2 = await device.connectTab(b.db, 'changed')
    await until(() => a.c.status.phase === 'up-to-date' && b2.c.status.phase === 'up-to-date')
    expect(a.c.leading).toBe(true)
  })

  it('a connect to another shop in another tab: the leader starts over there, with none of the old shop\'s checkpoints', async () => {
    const one = new FakeCouch()
    const two = new FakeCouch()
    // The old shop's changes feed answers only when let: its last page arrives while the other tab connects.
    let hold: Promise<void> | undefined
    const route: Fetch = async (input, init) => {
      const url = String(input)
      if (url.includes('couch2.test')) return two.fetch(url.replace('couch2.test', 'couch.test'), init)
      const res = await one.fetch(input, init)
      if (url.includes('_changes') && hold) await hold
      return res
    }
    const device = aDevice(one)
    device.options.fetch = jarOf({ fetch: route } as FakeCouch)
    const a = await device.connectTab()
    await addProduct(a.db, 'p1')
    await addProduct(a.db, 'p2')
    await until(() => one.docs.has('products:p2') && a.c.status.phase === 'up-to-date')
    two.put({ _id: 'products:q1', table: 'products', data: { id: 'q1', ...(one.docs.get('products:p1')!.doc.data as object), sku: 'SKU-Q1' }, hlc: '1', device: 'devz' })

    let open = () => {}
    hold = new Promise<void>((r) => (open = r))
    one.put({ ...one.docs.get('products:p1')!.doc, hlc: 'zzz' })
    const b = device.tab()
    // Shop two has data, and so has this device: the owner adds it (the join's choice, src/sync/join.ts).
    const c = await connect(b, { url: 'http://couch2.test/shop', username: 'owner', password: 'secret' }, { ...device.options, join: 'merge' })
    running.push(c)
    open()
    hold = undefined
    await until(async () => (await a.db.products.get('q1')) !== undefined && a.c.status.phase === 'up-to-date')
  })
})
