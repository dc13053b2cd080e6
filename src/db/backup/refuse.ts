import { ValidationError } from '../../domain/errors'

/** Every refusal of a backup file is a ValidationError for the file field, so the message shows next to it. */
export function refuse(message: string): never {
  throw new ValidationError('file', `${message} Nothing was imported.`)
}
