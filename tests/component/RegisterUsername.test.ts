/**
 * The registration form says why a username is refused next to the Username field: a name
 * that looks like an existing account's (Cyrillic а for a Latin a), or one that holds an
 * invisible character (the Hangul filler U+3164). Nothing is created either way.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/vue'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { db } from '../../src/db/database'
import RegisterView from '../../src/views/RegisterView.vue'
import { addUser, clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'

const PASSWORD = 'correct horse battery'
let app: TestApp | undefined

beforeEach(async () => {
  await clearDb()
  await addUser('alice', 'owner')
  app = await createTestApp('/register')
})

afterEach(() => {
  cleanup() // Vitest runs without globals: Testing Library cannot unmount by itself
  disposeTestApp(app)
  app = undefined
})

async function registerAs(username: string) {
  render(RegisterView, { global: { plugins: [app!.pinia, app!.router] } })
  await fireEvent.update(screen.getByLabelText('Username'), username)
  await fireEvent.update(screen.getByLabelText('Password'), PASSWORD)
  await fireEvent.update(screen.getByLabelText('Confirm password'), PASSWORD)
  await fireEvent.click(screen.getByRole('button', { name: 'Create account' }))
}

describe('the registration form refuses a username', () => {
  it.each([
    ['\u0430lice', 'That username is taken, or looks too much like one that is.', 'looks like "alice"'],
    ['ali\u3164ce', 'Usernames cannot contain invisible or blank characters.', 'holds a Hangul filler'],
  ])('%j (%s): "%s", next to the Username field', async (username, message) => {
    await registerAs(username)
    const field = screen.getByLabelText('Username')
    await waitFor(() => expect(field).toHaveAccessibleDescription(expect.stringContaining(message)), { timeout: 5000 })
    expect(field).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText('Password')).not.toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByRole('button', { name: 'Create account' })).toBeEnabled()
    expect((await db.users.toArray()).map((u) => u.username)).toEqual(['alice'])
  })
})
