/**
 * A username clash across devices (domain/usernameClash.ts) as people meet it: the renamed
 * account's person logs in with the old name and is told the new one; the owner's Accounts
 * page flags the renamed account.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/vue'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { db } from '../../src/db/database'
import { register } from '../../src/services/auth'
import { useAppStore } from '../../src/stores/app'
import LoginView from '../../src/views/LoginView.vue'
import AdminUsersView from '../../src/views/AdminUsersView.vue'
import { clearDb, createTestApp, disposeTestApp, logIn, type TestApp } from './fixtures'

let app: TestApp | undefined
let ownerId = ''

beforeEach(async () => {
  await clearDb()
  ownerId = (await register(db, { username: 'olga', password: 'olga’s own password' }, { iterations: 1000 })).id
  await register(db, { username: 'alice', password: 'the first alice' }, { iterations: 1000 })
  // What a pull made of the other device's "alice": renamed, flagged.
  const other = await register(db, { username: 'alice-k7q2', password: 'the other alice' }, { iterations: 1000 })
  await db.users.update(other.id, { usernameConflict: 'alice' })
  await db.sessions.clear()
})
afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

it('the renamed person logs in with the old name and their own password, and is told the new name', async () => {
  app = await createTestApp('/login')
  render(LoginView, { global: { plugins: [app.pinia, app.router] } })
  await fireEvent.update(screen.getByLabelText('Username'), 'alice')
  await fireEvent.update(screen.getByLabelText('Password'), 'the other alice')
  await fireEvent.click(screen.getByRole('button', { name: 'Log in' }))
  await waitFor(() =>
    expect(useAppStore().notice).toBe('Your username is now alice-k7q2: another account of this shop had “alice” first. Log in as alice-k7q2 from now on.'),
  )
})

it("the owner's Accounts page flags the renamed account", async () => {
  await logIn(ownerId)
  app = await createTestApp('/admin/users')
  render(AdminUsersView, { global: { plugins: [app.pinia, app.router] } })
  const row = await screen.findByRole('rowheader', { name: /alice-k7q2/ })
  expect(row.textContent).toContain('Username clash: renamed from alice, which an older account of the shop has')
  expect(screen.getByRole('rowheader', { name: /^alice$/ }).textContent).not.toContain('clash')
})
