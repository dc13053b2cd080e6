/**
 * The backup's restore side through its file picker (BaseFileField) and useAction: a bad file
 * is refused next to the picker, a good one is summarised, then restored with its status, and
 * the picker is emptied after use.
 */
import { cleanup, render, screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import SettingsBackup from '../../src/components/settings/SettingsBackup.vue'
import { db } from '../../src/db/database'
import { hashPassword } from '../../src/services/password'
import { useAppStore } from '../../src/stores/app'
import { useBackupStore } from '../../src/stores/backup'
import { useSessionStore } from '../../src/stores/session'
import { useSyncStore } from '../../src/stores/sync'
import { addProduct, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'
import { installFakeEngine, storeSyncConfig } from './syncFake'
import type { Id } from '../../src/domain/id'

let app: TestApp | undefined
let userId: Id
const PASSWORD = 'correct horse battery'

beforeEach(async () => {
  await clearDb()
  userId = await addUserAndLogIn('olive', 'owner')
  // A restore asks for the owner's password, and a backup is checked for meaning: a real hash
  // with the shop's PBKDF2 setting, the stock its ledger's sum (none here).
  const { hash, salt, iterations } = await hashPassword(PASSWORD)
  await db.users.update(userId, { passwordHash: hash, salt, iterations })
  await addProduct({ name: 'Blue Enamel Mug', stock: 0 })
  app = await createTestApp('/settings')
  render(SettingsBackup, { global: { plugins: [app.pinia, app.router] } })
  const session = useSessionStore()
  await waitFor(() => expect(session.user?.id).toBe(userId))
})

afterEach(() => {
  cleanup()
  disposeTestApp(app)
  app = undefined
})

const picker = () => screen.getByLabelText<HTMLInputElement>('Backup file')

describe('SettingsBackup', () => {
  it('refuses a file that is not a backup, with the message tied to the picker', async () => {
    await userEvent.upload(picker(), new File(['not json'], 'notes.json', { type: 'application/json' }))
    const alert = await screen.findByRole('alert', {})
    expect(picker().getAttribute('aria-invalid')).toBe('true')
    expect(picker().getAttribute('aria-describedby')).toBe(alert.id)
    expect(screen.queryByRole('button', { name: 'Replace this shop with the backup' })).toBeNull()
  })

  it('summarises a backup and what restoring does, asks for the password in a dialog, restores it, says so and empties the picker', async () => {
    const exported = await useBackupStore().exportFile()
    if (!exported.ok) throw new Error('export failed')
    await db.products.clear()
    await userEvent.upload(picker(), new File([exported.value.text], exported.value.name, { type: 'application/json' }))

    const replace = await screen.findByRole('button', { name: 'Replace this shop with the backup' })
    expect(document.body.textContent).toContain('1 product')
    expect(document.body.textContent).toContain('The owner will be olive.')
    expect(document.body.textContent).toContain('The backup’s 1 account replaces the 1 account on this device now.')
    expect(document.body.textContent).toContain('Everyone on this device is logged out')
    await userEvent.click(replace)

    const dialog = await screen.findByRole('dialog', { name: 'Restore this backup?' })
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy()
    const password = screen.getByLabelText('Your password')
    expect(document.activeElement).toBe(password)

    // A wrong password: told next to the field, nothing restored, the dialog stays.
    await userEvent.type(password, 'not my password')
    await userEvent.click(screen.getByRole('button', { name: 'Restore this backup' }))
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'))
    expect(document.getElementById(password.getAttribute('aria-describedby') ?? '')?.textContent).toBe('That is not your password. Nothing was restored.')
    expect(await db.products.count()).toBe(0)

    await userEvent.type(password, PASSWORD)
    await userEvent.click(screen.getByRole('button', { name: 'Restore this backup' }))
    // Said by the app, as the restore has logged everyone out and the page goes to the login.
    await waitFor(() => expect(useAppStore().notice).toBe('The shop was restored from the backup. Log in with an account from the backup.'))
    expect(await db.products.count()).toBe(1)
    expect(await db.sessions.count()).toBe(0)
    expect(picker().value).toBe('')
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('cancelling the dialog restores nothing and gives focus back to the button that opened it', async () => {
    const exported = await useBackupStore().exportFile()
    if (!exported.ok) throw new Error('export failed')
    await db.products.clear()
    await userEvent.upload(picker(), new File([exported.value.text], exported.value.name, { type: 'application/json' }))
    const replace = await screen.findByRole('button', { name: 'Replace this shop with the backup' })
    await userEvent.click(replace)
    await screen.findByRole('dialog', { name: 'Restore this backup?' })
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(document.activeElement).toBe(replace)
    expect(await db.products.count()).toBe(0)
  })

  it('on a device that syncs, says the device stops syncing, and after the restore it is disconnected with no sync state left', async () => {
    const engine = installFakeEngine()
    try {
      await storeSyncConfig(db, { url: 'https://couch.example.com/shop' })
      await db.syncRevs.put({ table: 'products', key: 'old', couchRev: '3-abc', localRev: 2 })
      await db.meta.bulkPut([
        { key: 'syncPullSeq', value: '42-x' },
        { key: 'syncPushSeq', value: 7 },
      ])
      await waitFor(() => expect(useSyncStore().controller).not.toBeNull())
      const exported = await useBackupStore().exportFile()
      if (!exported.ok) throw new Error('export failed')
      await userEvent.upload(picker(), new File([exported.value.text], exported.value.name, { type: 'application/json' }))
      await screen.findByRole('button', { name: 'Replace this shop with the backup' })
      expect(document.body.textContent).toContain(
        'This device stops syncing with the shop at https://couch.example.com/shop and forgets its sync state; the shop’s server and its other devices keep their data. Connect again in Sync to rejoin the shop',
      )
      await userEvent.click(screen.getByRole('button', { name: 'Replace this shop with the backup' }))
      const dialog = await screen.findByRole('dialog', { name: 'Restore this backup?' })
      expect(document.getElementById(dialog.getAttribute('aria-describedby') ?? '')?.textContent).toContain('This device stops syncing with the shop.')

      await userEvent.type(screen.getByLabelText('Your password'), PASSWORD)
      await userEvent.click(screen.getByRole('button', { name: 'Restore this backup' }))
      await waitFor(() => expect(useAppStore().notice).toContain('The shop was restored'))
      // Sync was stopped (the engine ended, the server forgotten) before the shop was replaced.
      expect(engine.controllers[0]!.stop).toHaveBeenCalledWith({ forget: true })
      expect(await db.meta.get('syncConfig')).toBeUndefined()
      expect(await db.meta.get('syncPullSeq')).toBeUndefined()
      expect(await db.syncRevs.count()).toBe(0)
      // The restore's own writes are not changes to push when the device rejoins.
      expect((await db.meta.get('syncPushSeq'))?.value).toBe((await db.changes.orderBy(':id').lastKey()) ?? 0)
      await waitFor(() => expect(useSyncStore().configured).toBe(false))
    } finally {
      engine.restore()
    }
  })
})
