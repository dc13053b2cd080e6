/**
 * Where logging in leads: an owner to the dashboard, a customer back to the catalog, and
 * anyone to the page they were sent away from when there is one.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/vue'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { db } from '../../src/db/database'
import { register } from '../../src/services/auth'
import LoginView from '../../src/views/LoginView.vue'
import { clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'

const PASSWORD = 'correct horse battery'
let app: TestApp | undefined

beforeEach(async () => {
  await clearDb()
  // The first account is the shop's owner.
  await register(db, { username: 'olga', password: PASSWORD }, { iterations: 1000 })
  await register(db, { username: 'bob', password: PASSWORD }, { iterations: 1000 })
  await db.sessions.clear() // registering logged them in: start logged out
})
afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

async function logInAs(username: string, path = '/login') {
  app = await createTestApp(path)
  render(LoginView, { global: { plugins: [app.pinia, app.router] } })
  await fireEvent.update(screen.getByLabelText('Username'), username)
  await fireEvent.update(screen.getByLabelText('Password'), PASSWORD)
  await fireEvent.click(screen.getByRole('button', { name: 'Log in' }))
  return app.router
}

it.each([
  ['olga', '/login', '/dashboard'],
  ['bob', '/login', '/'],
  ['olga', '/login?redirect=%2Finventory', '/inventory'],
  ['bob', '/login?redirect=%2Forders', '/orders'],
  ['olga', '/login?redirect=%2F', '/'],
])('%s logging in at %s goes to %s', async (username, path, landing) => {
  const router = await logInAs(username, path)
  await waitFor(() => expect(router.currentRoute.value.fullPath).toBe(landing))
})
