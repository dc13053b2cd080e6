/**
 * Settings → Sync with a fake engine: each way connecting fails is said next to the field it
 * concerns (or under the form), a connected device shows what it syncs with and can sync now
 * or stop (keeping its data), and a device whose session ended is asked for its password only.
 */
import { render, screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import SettingsSync from '../../src/components/settings/SettingsSync.vue'
import { db } from '../../src/db/database'
import type { SyncErrorKind } from '../../src/sync/types'
import { SYNC_CONFIG_KEY } from '../../src/sync/types'
import { addProduct, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'
import { alertTexts, statusText } from './queries'
import { installFakeEngine, storeSyncConfig, type FakeEngine } from './syncFake'

let app: TestApp | undefined
let engine: FakeEngine

beforeEach(async () => {
  await clearDb()
  await addUserAndLogIn('olive', 'owner')
  engine = installFakeEngine()
})

afterEach(() => {
  disposeTestApp(app)
  app = undefined
  engine.restore()
})

async function show() {
  app = await createTestApp('/settings')
  render(SettingsSync, { global: { plugins: [app.pinia, app.router] } })
}

const address = () => screen.getByLabelText('Server address')
const username = () => screen.getByLabelText('Username')
const password = () => screen.getByLabelText('Password')

async function fillAndConnect(url = 'https://couch.example.com/shop') {
  await userEvent.type(address(), url)
  await userEvent.type(username(), 'olive')
  await userEvent.type(password(), 'secret-pass')
  await userEvent.click(screen.getByRole('button', { name: 'Connect' }))
}

describe('SettingsSync, not connected', () => {
  it.each<[SyncErrorKind, 'Server address' | 'Password']>([
    ['bad-address', 'Server address'],
    ['wrong-password', 'Password'],
  ])('puts a %s failure next to the %s field', async (kind, label) => {
    await show()
    engine.failNext = { kind, message: `The ${kind} sentence.` }
    await fillAndConnect()
    const field = screen.getByLabelText(label)
    await waitFor(() => expect(field).toHaveAccessibleDescription(expect.stringContaining(`The ${kind} sentence.`)))
    expect(field).toHaveAttribute('aria-invalid', 'true')
    expect(alertTexts()).toEqual([`The ${kind} sentence.`])
    for (const other of ['Server address', 'Username', 'Password'].filter((l) => l !== label)) {
      expect(screen.getByLabelText(other)).not.toHaveAttribute('aria-invalid')
    }
    expect(await db.meta.get(SYNC_CONFIG_KEY)).toBeUndefined()
  })

  it.each<SyncErrorKind>(['unreachable', 'blocked', 'not-a-shop', 'not-a-member', 'server'])('says a %s failure under the form, as an alert', async (kind) => {
    await show()
    engine.failNext = { kind, message: `The ${kind} sentence.` }
    await fillAndConnect()
    await waitFor(() => expect(alertTexts()).toEqual([`The ${kind} sentence.`]))
    for (const label of ['Server address', 'Username', 'Password']) expect(screen.getByLabelText(label)).not.toHaveAttribute('aria-invalid')
    expect(screen.getByRole('button', { name: 'Connect' })).toBeEnabled()
  })

  it('connects: says so, forgets the typed password, and shows the server, the account, Sync now and Stop syncing', async () => {
    await show()
    await fillAndConnect('  https://couch.example.com/shop ')
    await waitFor(() => expect(statusText()).toContain('Connected to https://couch.example.com/shop as olive.'))
    expect(engine.connect).toHaveBeenCalledWith('https://couch.example.com/shop', 'olive')
    await waitFor(() => expect(document.body.textContent).toContain('olive (owner)'))
    expect(screen.getByRole('button', { name: 'Sync now' })).toBeEnabled()
    expect(screen.getByRole('button', { name: 'Stop syncing' })).toBeEnabled()
    expect(screen.queryByLabelText('Password')).toBeNull()
    expect(document.body.textContent).toContain('Not synced yet')
  })
})

describe('SettingsSync, connected', () => {
  beforeEach(async () => {
    await storeSyncConfig(db, { roles: ['shop-seller'] })
    await show()
    await screen.findByRole('button', { name: 'Sync now' })
    // The engine starts from the stored config, with no password.
    await waitFor(() => expect(engine.controllers).toHaveLength(1))
  })

  it('syncs now through the engine, and says a failure of it as an alert', async () => {
    const controller = engine.controllers[0]!
    await userEvent.click(screen.getByRole('button', { name: 'Sync now' }))
    expect(controller.syncNow).toHaveBeenCalledTimes(1)
    controller.syncNow.mockRejectedValueOnce(Object.assign(new Error('The server answered with an error.'), { kind: 'server' }))
    await userEvent.click(screen.getByRole('button', { name: 'Sync now' }))
    await waitFor(() => expect(alertTexts()).toEqual(['The server answered with an error.']))
  })

  it('shows the state and the last sync time as the engine reports them', async () => {
    expect(document.body.textContent).toContain('olive (till (seller))')
    engine.controllers[0]!.emit({ phase: 'waiting', waiting: 3, lastSyncedAt: Date.now() })
    await waitFor(() => expect(document.body.textContent).toContain('3 changes waiting'))
    expect(document.body.textContent).toMatch(/Last synced \d{1,2}:\d{2}/)
  })

  it('stops syncing and forgets the server, keeping every record on this device', async () => {
    const product = await addProduct({ name: 'Stoneware Mug' })
    await userEvent.click(screen.getByRole('button', { name: 'Stop syncing' }))
    await waitFor(() => expect(statusText()).toContain('Sync stopped. Everything stays on this device.'))
    expect(engine.controllers[0]!.stop).toHaveBeenCalledWith({ forget: true })
    expect(await db.meta.get(SYNC_CONFIG_KEY)).toBeUndefined()
    expect(await db.products.get(product.id)).toBeDefined()
    expect(await screen.findByRole('button', { name: 'Connect' })).toBeVisible()
  })

  it('asks for the password again when the session ended, with the address and name filled in', async () => {
    engine.controllers[0]!.emit({ phase: 'sign-in', error: { kind: 'session-expired', message: 'The server ended the session.' } })
    await screen.findByRole('button', { name: 'Connect' })
    expect(address()).toHaveValue('https://couch.example.com/shop')
    expect(username()).toHaveValue('olive')
    expect(password()).toHaveValue('')
    expect(document.body.textContent).toContain('Sign in again to go on syncing; nothing was lost.')
    await userEvent.type(password(), 'secret-pass')
    await userEvent.click(screen.getByRole('button', { name: 'Connect' }))
    // The old engine is stopped (not forgotten) before the new one starts.
    await waitFor(() => expect(engine.controllers).toHaveLength(2))
    expect(engine.controllers[0]!.stop).toHaveBeenCalledWith({ forget: false })
  })
})
