import { DomainError, FormValidationError, ValidationError } from '../domain/errors'

/** Per-field messages plus one for the form as a whole, as stores hand them to views. */
export interface FormErrors {
  fields: Record<string, string>
  form: string
}

export function emptyErrors(): FormErrors {
  return { fields: {}, form: '' }
}

export const QUOTA_MESSAGE =
  'This device is out of storage space, so nothing was saved and nothing was lost. Free some space on this device, then try again.'

/**
 * Whether the browser refused a write for lack of space. IndexedDB reports it as a
 * DOMException named QuotaExceededError; Dexie hands it on as a DexieError of that name, an
 * AbortError whose `inner` is one, or a BulkError whose failures are.
 */
export function isQuotaExceeded(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 5) return false
  const e = err as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown }
  if (e.name === 'QuotaExceededError') return true
  const failures = Array.isArray(e.failures) ? e.failures : e.failures && typeof e.failures === 'object' ? Object.values(e.failures) : []
  return [e.inner, e.cause, ...failures].some((next) => isQuotaExceeded(next, depth + 1))
}

/**
 * Turns a thrown error into messages for a person: a ValidationError goes next to its
 * field, another DomainError to the form, and anything unexpected to the form generically.
 */
export function toFormErrors(err: unknown): FormErrors {
  if (err instanceof FormValidationError) return { fields: { ...err.fields }, form: '' }
  if (err instanceof ValidationError) return { fields: { [err.field]: err.message }, form: '' }
  if (err instanceof DomainError) return { fields: {}, form: err.message }
  if (isQuotaExceeded(err)) {
    return { fields: {}, form: QUOTA_MESSAGE }
  }
  console.error(err)
  return { fields: {}, form: 'Something went wrong. Nothing was changed; please try again.' }
}

/**
 * The errors as a form shows them, the one place that flattens them: the messages of the
 * fields it shows next to their inputs stay there, and every other message (the form's, and
 * any field's it has no input for) is joined into `form`, so nothing is dropped. With no
 * fields named, everything is one message, for a form or button that has one place for it.
 */
export function placeErrors(errors: FormErrors, shown: readonly string[] = []): FormErrors {
  const fields: Record<string, string> = {}
  const rest = errors.form ? [errors.form] : []
  for (const [field, message] of Object.entries(errors.fields)) {
    if (shown.includes(field)) fields[field] = message
    else if (message) rest.push(message)
  }
  return { fields, form: rest.join(' ') }
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: FormErrors }

/** Runs a use case and turns a thrown error into messages instead of letting it escape. */
export async function attempt<T>(run: () => Promise<T> | T): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() }
  } catch (err) {
    return { ok: false, errors: toFormErrors(err) }
  }
}
