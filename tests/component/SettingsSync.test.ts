/**
 * Settings → Sync with a fake engine: each way connecting fails is said next to the field it
 * concerns (or under the form), a connected device shows what it syncs with and can sync now
 * or stop (keeping its data), and a device whose session ended is asked for its password only.
 */
import { render, screen, waitFor, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import SettingsSync from '../../src/components/settings/SettingsSync.vue'
import { db } from '../../src/db/database'
import type { JoinSurvey, SyncErrorKind } from '../../src/sync/types'
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

describe('SettingsSync, joining a shop that already has data', () => {
  const survey = (overrides: Partial<JoinSurvey> = {}): JoinSurvey => ({
    orders: 2,
    accounts: [{ id: sessionUserId, username: 'olive', inShop: false }],
    products: 1,
    canMerge: true,
    ...overrides,
  })
  let sessionUserId = ''

  beforeEach(async () => {
    sessionUserId = (await db.users.toArray())[0]!.id
  })

  it("asks first, says what is lost, and replaces this device's data only once its orders' deletion is confirmed", async () => {
    engine.askJoin = survey()
    await show()
    await fillAndConnect()
    const group = await screen.findByRole('group', { name: 'This shop already has data, and so has this device' })
    expect(group).toHaveTextContent('Made on this device and not in the shop: 2 orders, the account olive and 1 product added or changed here.')
    const useShop = within(group).getByRole('radio', { name: "Use the shop's data on this device" })
    expect(useShop).toBeChecked()
    expect(useShop).toHaveAccessibleDescription(/Your account here, olive, is not one of the shop's: you will be logged out, and log in with an account of the shop\./)
    expect(engine.connect).toHaveBeenCalledTimes(1)
    expect(await db.meta.get(SYNC_CONFIG_KEY)).toBeUndefined()

    // Not confirmed: said next to the box, nothing asked of the engine.
    await userEvent.click(screen.getByRole('button', { name: 'Join the shop' }))
    const confirm = within(group).getByRole('checkbox', { name: 'Yes, delete the 2 orders made on this device' })
    await waitFor(() => expect(confirm).toHaveAccessibleDescription("Tick this to confirm: this device's 2 orders are not in the shop and will be deleted."))
    expect(engine.connect).toHaveBeenCalledTimes(1)

    await userEvent.click(confirm)
    await userEvent.click(screen.getByRole('button', { name: 'Join the shop' }))
    await waitFor(() => expect(statusText()).toContain("Connected to https://couch.example.com/shop as olive. This device now takes the shop's data."))
    expect(engine.connect).toHaveBeenLastCalledWith('https://couch.example.com/shop', 'olive', 'shop')
  })

  it("lets an owner add this device's data to the shop instead", async () => {
    engine.askJoin = survey()
    await show()
    await fillAndConnect()
    await userEvent.click(await screen.findByRole('radio', { name: "Add this device's data to the shop" }))
    expect(screen.queryByRole('checkbox')).toBeNull()
    await userEvent.click(screen.getByRole('button', { name: 'Join the shop' }))
    await waitFor(() => expect(statusText()).toContain("This device's data is being added to the shop."))
    expect(engine.connect).toHaveBeenLastCalledWith('https://couch.example.com/shop', 'olive', 'merge')
  })

  it('offers a till only the shop\'s data, and Cancel leaves everything as it was', async () => {
    engine.askJoin = survey({ orders: 0, canMerge: false, accounts: [{ id: sessionUserId, username: 'olive', inShop: true }] })
    await show()
    await fillAndConnect()
    const group = await screen.findByRole('group', { name: 'This shop already has data, and so has this device' })
    expect(within(group).queryByRole('radio', { name: "Add this device's data to the shop" })).toBeNull()
    expect(group).toHaveTextContent('Only an owner of the shop may add this device\'s data to it')
    // The account is the shop's: nobody is logged out; no order here: nothing to confirm.
    expect(within(group).getByRole('radio', { name: "Use the shop's data on this device" })).not.toHaveAccessibleDescription(/logged out/)
    expect(within(group).queryByRole('checkbox')).toBeNull()
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('group', { name: 'This shop already has data, and so has this device' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Connect' })).toBeEnabled()
    expect(await db.meta.get(SYNC_CONFIG_KEY)).toBeUndefined()
  })
})
