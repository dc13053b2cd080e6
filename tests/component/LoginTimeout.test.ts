/**
 * A login waits for the live session to show the new person. If the database stops
 * answering meanwhile (closed on `versionchange` for a newer tab), that never happens: the
 * wait gives up after a while, and the form says what to do instead of "Logging in…" forever.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/vue'
import { disposePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '../../src/db/database'
import { register } from '../../src/services/auth'
import { NOT_ANSWERING_MESSAGE, SESSION_KEY_STORAGE, useSessionStore } from '../../src/stores/session'
import LoginView from '../../src/views/LoginView.vue'
import { clearDb, createTestApp, type TestApp } from './fixtures'

// The session's live query reads through currentSession: once `stopped`, every read hangs,
// as reads do on a database that has stopped answering. Writes (the login's) still go through.
const database = vi.hoisted(() => ({ stopped: false }))
vi.mock('../../src/services/session', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/services/session')>()
  return {
    ...original,
    currentSession: (...args: Parameters<typeof original.currentSession>) =>
      database.stopped ? new Promise<never>(() => {}) : original.currentSession(...args),
  }
})

const PASSWORD = 'correct horse battery'
let app: TestApp | undefined

beforeEach(async () => {
  database.stopped = false
  await clearDb()
  await register(db, { username: 'alice', password: PASSWORD }, { iterations: 1000 })
  await db.sessions.clear() // registering logged her in: start logged out
  app = await createTestApp('/login')
})

afterEach(() => {
  cleanup() // Vitest runs without globals: Testing Library cannot unmount by itself
  if (app) disposePinia(app.pinia)
  app = undefined
})

async function logIn() {
  render(LoginView, { global: { plugins: [app!.pinia, app!.router] } })
  await fireEvent.update(screen.getByLabelText('Username'), 'alice')
  await fireEvent.update(screen.getByLabelText('Password'), PASSWORD)
  await fireEvent.click(screen.getByRole('button', { name: 'Log in' }))
}

describe('logging in while the database stops answering', () => {
  it('gives up after the time limit with a message in the form, and the button is back', async () => {
    const session = useSessionStore()
    await session.whenReady()
    session.answerTimeoutMs = 200
    database.stopped = true
    await logIn()
    expect(screen.getByRole('button', { name: 'Logging in…' })).toBeTruthy()

    const alert = await screen.findByRole('alert', {})
    expect(alert.textContent).toBe(NOT_ANSWERING_MESSAGE)
    const button = screen.getByRole('button', { name: 'Log in' }) as HTMLButtonElement
    expect(button.disabled).toBe(false)
    expect(app!.router.currentRoute.value.name).toBe('login')
  })

  it('logs in as before while it answers', async () => {
    const session = useSessionStore()
    await session.whenReady()
    session.answerTimeoutMs = 200
    await logIn()
    await waitFor(() => expect(session.user).toMatchObject({ username: 'alice' }))
    // Alice, the first account, is the shop's owner: logging in lands her on the dashboard.
    await waitFor(() => expect(app!.router.currentRoute.value.name).toBe('dashboard'))
    expect(screen.queryByRole('alert')).toBeNull()
  })
})

describe('the other waits', () => {
  it('registering gives up the same way, with the message for the form', async () => {
    const session = useSessionStore()
    await session.whenReady()
    session.answerTimeoutMs = 100
    database.stopped = true
    const outcome = await session.register({ username: 'bob', password: PASSWORD, confirm: PASSWORD })
    expect(outcome).toEqual({ ok: false, errors: { fields: {}, form: NOT_ANSWERING_MESSAGE } })
  })

  it('waiting for the first read has no time limit: a long upgrade or a blocked one is not an error', async () => {
    disposePinia(app!.pinia)
    database.stopped = true
    sessionStorage.setItem(SESSION_KEY_STORAGE, 'a-key') // a tab reloaded with its session key…
    app = await createTestApp() // …whose first read of it does not come back
    const session = useSessionStore()
    session.answerTimeoutMs = 20
    const settled = vi.fn()
    session.whenReady().then(settled, settled)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(settled).not.toHaveBeenCalled()
  })
})
