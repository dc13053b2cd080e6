/**
 * Demoting yourself and deleting your account cannot be undone by you, so each asks first,
 * in a dialog that says what you lose; keeping things as they are changes nothing and gives
 * focus back to the button that opened it.
 */
import { render, screen, waitFor, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import AccountDeleteForm from '../../src/components/account/AccountDeleteForm.vue'
import AdminUsersView from '../../src/views/AdminUsersView.vue'
import { db } from '../../src/db/database'
import type { Id } from '../../src/domain/id'
import { register } from '../../src/services/auth'
import { useSessionStore } from '../../src/stores/session'
import { addUser, addUserAndLogIn, clearDb, createTestApp, disposeTestApp, logIn, type TestApp } from './fixtures'

let app: TestApp | undefined
beforeEach(async () => {
  await clearDb()
})
afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

async function mount(component: typeof AdminUsersView | typeof AccountDeleteForm, path: string, userId: Id, props: Record<string, unknown> = {}) {
  app = await createTestApp(path)
  render(component, { props, global: { plugins: [app.pinia, app.router] } })
  const session = useSessionStore()
  await waitFor(() => expect(session.user?.id).toBe(userId))
  return userEvent.setup()
}

describe('making yourself a customer', () => {
  it('asks first, warning that the owner pages go; "Stay an owner" changes nothing', async () => {
    const olive = await addUserAndLogIn('olive', 'owner')
    const bob = await addUser('bob', 'owner')
    const user = await mount(AdminUsersView, '/admin/users', olive)
    const opener = await screen.findByRole('button', { name: 'Make customer (olive)' })
    await user.click(opener)
    const dialog = await screen.findByRole('dialog', { name: 'Make yourself a customer?' })
    expect(dialog).toHaveAccessibleDescription(/You lose the owner pages \(inventory, orders, accounts and settings\) at once/)
    await user.click(within(dialog).getByRole('button', { name: 'Stay an owner' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(opener).toHaveFocus()
    expect((await db.users.get(olive))?.role).toBe('owner')

    await user.click(opener)
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Make myself a customer' }))
    await waitFor(async () => expect((await db.users.get(olive))?.role).toBe('customer'))
    expect((await db.users.get(bob))?.role).toBe('owner')
  })

  it('making another owner a customer does not ask', async () => {
    const olive = await addUserAndLogIn('olive', 'owner')
    const bob = await addUser('bob', 'owner')
    const user = await mount(AdminUsersView, '/admin/users', olive)
    await user.click(await screen.findByRole('button', { name: 'Make customer (bob)' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    await waitFor(async () => expect((await db.users.get(bob))?.role).toBe('customer'))
  })
})

describe('deleting your account', () => {
  it('asks first with the password inside the dialog; a wrong one keeps it open; "Keep my account" gives focus back', async () => {
    await register(db, { username: 'olive', password: 'an owner passphrase' }, { iterations: 1 })
    const bob = (await register(db, { username: 'bobby', password: 'a long passphrase' }, { iterations: 1 })).id
    sessionStorage.clear()
    await logIn(bob)
    const user = await mount(AccountDeleteForm, '/account', bob, { onlyOwner: false })
    const opener = screen.getByRole('button', { name: 'Delete my account' })

    await user.click(opener)
    let dialog = await screen.findByRole('dialog', { name: 'Delete your account?' })
    expect(dialog).toHaveAccessibleDescription(/This cannot be undone\./)
    await user.click(within(dialog).getByRole('button', { name: 'Keep my account' }))
    expect(opener).toHaveFocus()

    await user.click(opener)
    dialog = await screen.findByRole('dialog', { name: 'Delete your account?' })
    const password = within(dialog).getByLabelText('Password to confirm')
    expect(password).toHaveFocus()
    await user.type(password, 'not my password')
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account for good' }))
    await waitFor(() => expect(password).toHaveAccessibleDescription('That is not your current password.'))
    expect(screen.getByRole('dialog')).toBeInTheDocument()
    expect((await db.users.get(bob))?.deletedAt).toBeUndefined()

    await user.clear(password)
    await user.type(password, 'a long passphrase{Enter}')
    await waitFor(async () => expect((await db.users.get(bob))?.deletedAt).toBeDefined())
  })
})
