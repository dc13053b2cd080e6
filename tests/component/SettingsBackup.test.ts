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
import { PBKDF2_ITERATIONS } from '../../src/services/password'
import { useBackupStore } from '../../src/stores/backup'
import { useSessionStore } from '../../src/stores/session'
import { addProduct, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'
import type { Id } from '../../src/domain/id'

let app: TestApp | undefined
let userId: Id

beforeEach(async () => {
  await clearDb()
  userId = await addUserAndLogIn('olive', 'owner')
  // A backup is checked for meaning: the owner's hash as strong as the shop's setting, the stock its ledger's sum (none here).
  await db.users.update(userId, { iterations: PBKDF2_ITERATIONS })
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

  it('summarises a backup, restores it, says so and empties the picker', async () => {
    const exported = await useBackupStore().exportFile()
    if (!exported.ok) throw new Error('export failed')
    await db.products.clear()
    await userEvent.upload(picker(), new File([exported.value.text], exported.value.name, { type: 'application/json' }))

    const restore = await screen.findByRole('button', { name: 'Replace this shop with the backup' })
    expect(document.body.textContent).toContain('1 product')
    await userEvent.click(restore)

    await waitFor(() => expect(screen.getAllByRole('status').map((s) => s.textContent)).toContain('The shop was restored from the backup.'))
    expect(await db.products.count()).toBe(1)
    expect(picker().value).toBe('')
    expect(screen.queryAllByRole('alert')).toEqual([])
  })
})
