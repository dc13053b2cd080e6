/**
 * Typed errors thrown by the rules and use cases. Stores catch them and turn them into a
 * message next to the right field (`field`) or in the page's alert area.
 */
export class DomainError extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** Bad input for one field; `field` names the form control the message belongs next to. */
export class ValidationError extends DomainError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Several fields are wrong at once (a form checked as a whole): `fields` maps each field
 * to its message, so every one is shown next to its own control.
 */
export class FormValidationError extends ValidationError {
  constructor(readonly fields: Readonly<Record<string, string>>) {
    const [field = 'form', message = 'Check the form.'] = Object.entries(fields)[0] ?? []
    super(field, message)
  }
}

/** A quantity asked for is more than the shop can sell. */
export class OutOfStockError extends DomainError {
  constructor(
    readonly productName: string,
    readonly available: number,
    readonly requested: number,
    message?: string,
  ) {
    super(
      message ??
      (available <= 0
        ? `${productName} is out of stock.`
        : `Only ${available} of ${productName} ${available === 1 ? 'is' : 'are'} available; you asked for ${requested}.`),
    )
  }
}

/**
 * What was asked for is not there (or is not this person's). Its `name` must not be
 * "NotFoundError": Dexie rewraps an error thrown inside a transaction whose name matches an
 * IndexedDB DOMException (NotFoundError, AbortError, ConstraintError...) into a DexieError,
 * and the store would no longer recognise it as a DomainError.
 */
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(message)
    this.name = 'DomainNotFoundError'
  }
}

/** Wrong username or password: one message for both so it does not reveal which. */
export class AuthenticationError extends DomainError {
  constructor() {
    super('Wrong username or password.')
  }
}

/** The person is not logged in, or is not allowed to do this. */
export class AuthorizationError extends DomainError {}

/**
 * Too many wrong passwords in a row: logging in to this account is refused until
 * `until` (epoch ms). The view shows a countdown to it.
 */
export class AccountLockedError extends DomainError {
  constructor(readonly until: number) {
    super('Too many failed attempts. This account is locked for a while.')
  }
}

/** The change would leave the shop without an owner: there must always be at least one. */
export class LastOwnerError extends DomainError {}
