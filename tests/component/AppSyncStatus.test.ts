/**
 * Sync on every page (fake engine): the header's "Sync status" appears only on a device that
 * syncs and says each state; the join's progress bar and the server's refusals show above
 * the page, each refusal until it is dismissed.
 */
import { render, screen, waitFor, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import AppHeader from '../../src/components/app/AppHeader.vue'
import AppSyncNotices from '../../src/components/app/AppSyncNotices.vue'
import { db } from '../../src/db/database'
import { SYNC_CONFIG_KEY, type SyncStatus } from '../../src/sync/types'
import { addUserAndLogIn, clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'
import { alertTexts } from './queries'
import { installFakeEngine, storeSyncConfig, type FakeEngine } from './syncFake'

let app: TestApp | undefined
let engine: FakeEngine

beforeEach(async () => {
  await clearDb()
  engine = installFakeEngine()
})

afterEach(() => {
  disposeTestApp(app)
  app = undefined
  engine.restore()
})

async function show(component: typeof AppHeader | typeof AppSyncNotices) {
  app = await createTestApp('/')
  render(component, { global: { plugins: [app.pinia, app.router] } })
}

const syncStatus = () => screen.findByRole('status', { name: 'Sync status' })

describe('the header', () => {
  it('says nothing of sync on a device that does not sync, and loads no engine', async () => {
    await show(AppHeader)
    await screen.findByRole('link', { name: /^Cart,/ })
    // Give the config's read time to come back.
    await new Promise((r) => setTimeout(r, 200))
    expect(screen.queryByRole('status', { name: 'Sync status' })).toBeNull()
    expect(engine.controllers).toHaveLength(0)
  })

  it.each<[Partial<SyncStatus>, string]>([
    [{ phase: 'up-to-date' }, 'Up to date'],
    [{ phase: 'waiting', waiting: 2 }, '2 changes waiting'],
    [{ phase: 'syncing' }, 'Syncing…'],
    [{ phase: 'offline' }, 'Offline'],
    [{ phase: 'sign-in' }, 'Sign in again'],
    [{ phase: 'error', error: { kind: 'server', message: 'The server answered with an error.' } }, 'Sync error: The server answered with an error.'],
  ])('shows %o as "%s"', async (patch, text) => {
    await storeSyncConfig(db)
    await show(AppHeader)
    const status = await syncStatus()
    await waitFor(() => expect(engine.controllers).toHaveLength(1))
    engine.controllers[0]!.emit(patch)
    await waitFor(() => expect(status).toHaveTextContent(new RegExp(`^${text}$`)))
  })

  it('gives the last sync time, and the owner a link to Settings → Sync', async () => {
    await storeSyncConfig(db)
    await addUserAndLogIn('olive', 'owner')
    await show(AppHeader)
    await syncStatus()
    expect(screen.getByText('Not synced yet')).toBeVisible()
    await waitFor(() => expect(engine.controllers).toHaveLength(1))
    engine.controllers[0]!.emit({ lastSyncedAt: Date.now() })
    expect(await screen.findByText(/^Last synced \d{1,2}:\d{2}/)).toBeVisible()
    const link = await screen.findByRole('link', { name: 'Sync settings' })
    expect(link).toHaveAttribute('href', '/settings#sync')
  })

  it('gives a customer no link to settings they cannot open', async () => {
    await storeSyncConfig(db)
    await addUserAndLogIn('carol', 'customer')
    await show(AppHeader)
    await syncStatus()
    await screen.findByRole('button', { name: 'Manage' })
    expect(screen.queryByRole('link', { name: 'Sync settings' })).toBeNull()
  })

  it('takes the status away once sync is stopped', async () => {
    await storeSyncConfig(db)
    await show(AppHeader)
    await syncStatus()
    await db.meta.clear()
    await waitFor(() => expect(screen.queryByRole('status', { name: 'Sync status' })).toBeNull())
  })
})

describe('the notices above the page', () => {
  beforeEach(async () => {
    await storeSyncConfig(db)
    await show(AppSyncNotices)
    await waitFor(() => expect(engine.controllers).toHaveLength(1))
  })

  it('shows the join as a progress bar, "Receiving the shop: N of M", and says when the catalog is in', async () => {
    engine.controllers[0]!.emit({ phase: 'syncing', join: { done: 500, total: 1200, catalogReady: false } })
    const bar = await screen.findByRole('progressbar', { name: 'Receiving the shop: 500 of 1,200…' })
    expect(bar).toHaveAttribute('value', '500')
    expect(bar).toHaveAttribute('max', '1200')
    expect(screen.queryByText(/you can use the shop/)).toBeNull()
    engine.controllers[0]!.emit({ join: { done: 1000, total: 1200, catalogReady: true } })
    expect(await screen.findByText(/The products are here: you can use the shop while the rest comes in/)).toBeVisible()
    engine.controllers[0]!.emit({ phase: 'up-to-date', join: null })
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull())
  })

  it('says each refusal, newest first, until it is dismissed', async () => {
    engine.controllers[0]!.emit({
      refusals: [
        { table: 'products', id: 'p1', label: 'Stoneware Mug', reason: 'Only the owner may change products.', at: 2 },
        { table: 'meta', id: 'shopSettings', label: 'the shop settings', reason: 'Only the owner may change the settings', at: 1 },
      ],
    })
    await waitFor(() =>
      expect(alertTexts()).toEqual([
        'The server refused your change to Stoneware Mug: Only the owner may change products. It was undone on this device.',
        'The server refused your change to the shop settings: Only the owner may change the settings. It was undone on this device.',
      ]),
    )
    const first = screen.getAllByRole('listitem')[0]!
    await userEvent.click(within(first).getByRole('button', { name: 'Dismiss: Stoneware Mug' }))
    await waitFor(() => expect(alertTexts()).toHaveLength(1))
    expect(alertTexts()[0]).toContain('the shop settings')
  })

  it("says whose accounts went when the shop's data replaced this device's, until dismissed", async () => {
    await storeSyncConfig(db, { joined: { use: 'shop', at: 1, removedAccounts: ['bruno'] } })
    await waitFor(() =>
      expect(alertTexts()).toEqual([
        "This device now uses the shop's data. The account bruno was only on this device and is gone, so anyone logged in with it here was logged out. Log in with an account of the shop once its data has arrived.",
      ]),
    )
    await userEvent.click(screen.getByRole('button', { name: "Dismiss: the shop's data is on this device" }))
    await waitFor(() => expect(alertTexts()).toEqual([]))
    expect((await db.meta.get(SYNC_CONFIG_KEY))?.value).toEqual({ url: 'https://couch.example.com/shop', username: 'olive', roles: ['shop-owner'] })
  })
})
