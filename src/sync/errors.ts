/**
 * Every way sync can fail, as one error with a kind the settings page can place next to the
 * right field and a sentence a person can act on (see SyncErrorKind in ./types).
 */
import type { SyncErrorInfo, SyncErrorKind } from './types'

const MESSAGES: Record<SyncErrorKind, string> = {
  'bad-address': 'That is not the address of a database: it should look like https://couch.example.com/shop.',
  'wrong-password': 'The server did not accept that username and password.',
  unreachable: 'The server cannot be reached: check the address and the network.',
  blocked: 'The browser blocked the request: the server must allow this site (CORS), and an https page cannot use an http server.',
  'not-a-shop': 'That database is not set up for the shop: run `npm run sync:setup` for it first.',
  'not-a-member': 'This user may not use that database: ask the server admin to add them to the shop.',
  'session-expired': 'The server ended the session: sign in again. Nothing is lost.',
  server: 'The server answered with an error.',
}

/** The default sentence for a kind. */
export function syncMessage(kind: SyncErrorKind): string {
  return MESSAGES[kind]
}

export class SyncError extends Error implements SyncErrorInfo {
  override name = 'SyncError'
  constructor(
    readonly kind: SyncErrorKind,
    message: string = MESSAGES[kind],
    /** The HTTP status, when there was an answer. */
    readonly status?: number,
  ) {
    super(message)
  }

  /** The plain { kind, message } the status carries. */
  info(): SyncErrorInfo {
    return { kind: this.kind, message: this.message }
  }
}

/** Whether `err` is the caller's own abort (stop), not a failure. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException ? err.name === 'AbortError' : err instanceof Error && err.name === 'AbortError'
}

/** Whether a failure means "try again later" (network or server), not something a person must fix. */
export function isTransient(err: unknown): boolean {
  return err instanceof SyncError && (err.kind === 'unreachable' || err.kind === 'server' || err.kind === 'blocked')
}
