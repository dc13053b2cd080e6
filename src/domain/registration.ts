/**
 * The rules for a username being set, and for the registration form as a whole. They live
 * apart from user.ts, which the first page loads (the session needs it), because only
 * registration needs them: the service that uses them is loaded lazily, and so are they.
 */
import { ValidationError } from './errors'
import { normalizeUsername, passwordProblem, USERNAME_MAX, USERNAME_MIN } from './user'
import { invisibleCharacter } from './usernameCharacters'

/** Said when a username holds a character that draws nothing (see usernameCharacters.ts). */
export const INVISIBLE_MESSAGE = 'Usernames cannot contain invisible or blank characters.'

/** Returns the normalised username, or throws a ValidationError for the `username` field. */
export function validateUsername(raw: string): string {
  const name = normalizeUsername(raw)
  const length = [...name].length
  if (length === 0) throw new ValidationError('username', 'Enter a username.')
  if (length < USERNAME_MIN) throw new ValidationError('username', `Username must be at least ${USERNAME_MIN} characters.`)
  if (length > USERNAME_MAX) throw new ValidationError('username', `Username must be at most ${USERNAME_MAX} characters.`)
  // Bidi controls (RLO…) reorder what is shown rather than hide, so they keep this message.
  if (/[\p{Cc}\p{Bidi_Control}]/u.test(name)) throw new ValidationError('username', 'Username cannot contain control characters.')
  if (invisibleCharacter(name) !== undefined) throw new ValidationError('username', INVISIBLE_MESSAGE)
  // Format characters that do draw something (Arabic number signs…) are still no part of a name.
  if (/(?!\p{Default_Ignorable_Code_Point})\p{Cf}/u.test(name)) throw new ValidationError('username', 'Username cannot contain control characters.')
  return name
}

/**
 * Every problem with a registration form at once, by field (`username`, `password`,
 * `confirm`), so the person sees all of them next to their fields in one go. Empty when
 * the form is fine; uniqueness is checked later, against the database.
 */
export function registrationProblems(
  input: { username: string; password: string; confirm?: string },
  common: ReadonlySet<string>,
): Record<string, string> {
  const problems: Record<string, string> = {}
  try {
    validateUsername(input.username)
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err
    problems.username = err.message
  }
  const password = passwordProblem(input.password, common)
  if (password) problems.password = password
  if (input.confirm !== undefined && input.confirm !== input.password) problems.confirm = 'The passwords do not match.'
  return problems
}
