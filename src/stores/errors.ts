import { DomainError, FieldsValidationError, ValidationError } from '../domain/errors'

/** Per-field messages plus one for the form as a whole, as stores hand them to views. */
export interface FormErrors {
  fields: Record<string, string>
  form: string
}

export function emptyErrors(): FormErrors {
  return { fields: {}, form: '' }
}

/**
 * Turns a thrown error into messages for a person: a ValidationError goes next to its
 * field, another DomainError to the form, and anything unexpected to the form generically.
 */
export function toFormErrors(err: unknown): FormErrors {
  if (err instanceof ValidationError) return { fields: { [err.field]: err.message }, form: '' }
  if (err instanceof FieldsValidationError) return { fields: { ...err.fields }, form: '' }
  if (err instanceof DomainError) return { fields: {}, form: err.message }
  if (err instanceof DOMException && err.name === 'QuotaExceededError') {
    return { fields: {}, form: 'This device is out of storage space. Nothing was saved.' }
  }
  console.error(err)
  return { fields: {}, form: 'Something went wrong. Nothing was changed; please try again.' }
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
