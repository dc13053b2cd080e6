/**
 * A small CouchDB client over fetch: what the shop's sync needs of the HTTP API and nothing
 * more (sign-in, the database's info, the changes feed, _bulk_docs, reads by id, single puts).
 * In a browser the session is the AuthSession cookie (credentials: 'include'); where there is
 * no cookie jar (node, a test's fetch) the client keeps the cookie itself. Every failure is a
 * SyncError with a kind and a sentence; the caller's own abort stays an AbortError.
 */
import { SyncError, isAbort } from './errors'

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>

export interface CouchOptions {
  /** fetch to use (tests inject a scripted one); the global one otherwise. */
  fetch?: Fetch
  /** Milliseconds before a request that is not a longpoll gives up. */
  timeoutMs?: number
  /** Keep the AuthSession cookie in the client (default: when there is no `document`, i.e. no browser cookie jar). */
  keepCookie?: boolean
}

export interface CouchUser {
  name: string
  roles: string[]
}

/** A document as the server holds it. */
export interface CouchDoc {
  _id: string
  _rev?: string
  _deleted?: boolean
  [field: string]: unknown
}

export interface ChangeResult {
  id: string
  seq: string | number
  changes: { rev: string }[]
  deleted?: boolean
  doc?: CouchDoc
}

export interface ChangesPage {
  results: ChangeResult[]
  last_seq: string | number
  pending?: number
  /** The answer's length in characters, as the client read it (not the server's field): what a page weighs. */
  chars?: number
}

export interface ChangesQuery {
  since: string | number
  limit: number
  /** Wait for a change (longpoll) instead of answering at once. */
  longpoll?: boolean
  /** Milliseconds between the server's keep-alive newlines while it waits. */
  heartbeat?: number
  /** How long a longpoll waits at most (the client's own limit: pouchdb-server ignores `timeout`); then an empty page. */
  waitMs?: number
  signal?: AbortSignal
}

/** One document's outcome in _bulk_docs. */
export interface BulkResult {
  id: string
  rev?: string
  ok?: boolean
  error?: string
  reason?: string
}

export interface DbInfo {
  db_name: string
  doc_count: number
  update_seq: string | number
}

/** The design document the shop's rules live in (installed by `npm run sync:setup`). */
export const DESIGN_DOC_ID = '_design/shop'

/** The database URL split into the server's root and the database's path; throws bad-address. */
export function parseDatabaseUrl(url: string): { root: string; db: string } {
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    throw new SyncError('bad-address')
  }
  const path = parsed.pathname.replace(/\/+$/, '')
  const slash = path.lastIndexOf('/')
  const name = path.slice(slash + 1)
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || name === '' || name.startsWith('_') || parsed.search || parsed.hash || parsed.username) {
    throw new SyncError('bad-address')
  }
  const root = parsed.origin + path.slice(0, slash)
  return { root, db: `${root}/${name}` }
}

export class CouchClient {
  readonly root: string
  readonly db: string
  private readonly fetchFn: Fetch
  private readonly timeoutMs: number
  private readonly keepCookie: boolean
  private cookie: string | undefined
  /**
   * The sign-in's name and password, in memory only while this client lives (never stored):
   * when the server ends the session (CouchDB's idle timeout, a restart that lost it) the client
   * signs in again once and repeats the request, instead of stopping sync until a person does.
   */
  private credentials: { name: string; password: string } | undefined

  constructor(url: string, options: CouchOptions = {}) {
    ;({ root: this.root, db: this.db } = parseDatabaseUrl(url))
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
    this.timeoutMs = options.timeoutMs ?? 30_000
    this.keepCookie = options.keepCookie ?? typeof document === 'undefined'
  }

  /** Signs in (POST /_session); the server's cookie is the session from then on. */
  async signIn(name: string, password: string): Promise<CouchUser> {
    const body = await this.request<{ name?: string | null; roles?: string[] }>(`${this.root}/_session`, {
      method: 'POST',
      body: JSON.stringify({ name, password }),
      signIn: true,
    })
    this.credentials = { name, password }
    return { name: body.name ?? name, roles: body.roles ?? [] }
  }

  /** Who the session is, or null when it has ended. */
  async session(): Promise<CouchUser | null> {
    const body = await this.request<{ userCtx?: { name?: string | null; roles?: string[] } }>(`${this.root}/_session`, {})
    const ctx = body.userCtx
    return ctx?.name ? { name: ctx.name, roles: ctx.roles ?? [] } : null
  }

  async signOut(): Promise<void> {
    this.credentials = undefined
    await this.request(`${this.root}/_session`, { method: 'DELETE' }).catch(() => undefined)
    this.cookie = undefined
  }

  /** The database's info; a missing database is not-a-shop. */
  dbInfo(): Promise<DbInfo> {
    return this.request<DbInfo>(this.db, { missing: 'not-a-shop' })
  }

  /** Whether the shop's design document is there. */
  async hasDesignDoc(): Promise<boolean> {
    return (await this.get(DESIGN_DOC_ID)) !== undefined
  }

  /**
   * Whether the database holds any document besides design documents (which sort first, and
   * which doc_count counts too): a shop with data, rather than one just set up.
   */
  async hasRecords(docCount: number): Promise<boolean> {
    if (docCount <= 1) return false
    const body = await this.request<{ rows?: { id: string }[] }>(`${this.db}/_all_docs?limit=20`, {})
    if (!Array.isArray(body.rows)) throw new SyncError('server', 'The server answered a read the shop cannot read.')
    return body.rows.length >= 20 || body.rows.some((row) => !String(row.id).startsWith('_design/'))
  }

  /** One page of the changes feed, documents included. */
  async changes(query: ChangesQuery): Promise<ChangesPage> {
    const params = new URLSearchParams({ since: String(query.since), include_docs: 'true', limit: String(query.limit) })
    if (query.longpoll) {
      params.set('feed', 'longpoll')
      params.set('heartbeat', String(query.heartbeat ?? 10_000))
    }
    // A longpoll has no request timeout, only its own wait: the server holds it open until a change.
    const wait = query.longpoll ? deadline([query.signal], query.waitMs ?? 60_000) : undefined
    let page: ChangesPage
    let chars = 0
    try {
      page = await this.request<ChangesPage>(`${this.db}/_changes?${params}`, { signal: wait?.signal ?? query.signal, noTimeout: query.longpoll === true, onLength: (n) => (chars = n) })
    } catch (err) {
      if (wait?.timedOut() && !query.signal?.aborted) return { results: [], last_seq: query.since }
      throw err
    } finally {
      wait?.done()
    }
    if (!Array.isArray(page.results) || page.last_seq === undefined) throw new SyncError('server', 'The server sent a changes feed the shop cannot read.')
    return { ...page, chars }
  }

  /** Writes documents (each with its last known _rev); one result per document, in order. */
  async bulkDocs(docs: readonly CouchDoc[], signal?: AbortSignal): Promise<BulkResult[]> {
    const results = await this.request<BulkResult[]>(`${this.db}/_bulk_docs`, { method: 'POST', body: JSON.stringify({ docs }), signal })
    if (!Array.isArray(results)) throw new SyncError('server', 'The server answered a write the shop cannot read.')
    return results
  }

  /** The current documents with these ids (undefined where there is none, or it was deleted). */
  async allDocs(ids: readonly string[], signal?: AbortSignal): Promise<(CouchDoc | undefined)[]> {
    if (ids.length === 0) return []
    const body = await this.request<{ rows?: { key: string; doc?: CouchDoc | null; error?: string }[] }>(`${this.db}/_all_docs?include_docs=true`, {
      method: 'POST',
      body: JSON.stringify({ keys: ids }),
      signal,
    })
    if (!Array.isArray(body.rows)) throw new SyncError('server', 'The server answered a read the shop cannot read.')
    const byId = new Map(body.rows.map((row) => [row.key, row.doc ?? undefined]))
    return ids.map((id) => byId.get(id) ?? undefined)
  }

  /** One document, or undefined when there is none. */
  get(id: string, signal?: AbortSignal): Promise<CouchDoc | undefined> {
    return this.request<CouchDoc | undefined>(`${this.db}/${encodeDocId(id)}`, { missing: 'undefined', signal })
  }

  /** Writes one document; a stale _rev rejects with a SyncError of status 409. */
  async put(doc: CouchDoc, signal?: AbortSignal): Promise<string> {
    const body = await this.request<{ rev?: string }>(`${this.db}/${encodeDocId(doc._id)}`, { method: 'PUT', body: JSON.stringify(doc), signal })
    if (typeof body.rev !== 'string') throw new SyncError('server', 'The server answered a write the shop cannot read.')
    return body.rev
  }

  private async request<T>(
    url: string,
    opts: {
      method?: string
      body?: string
      signal?: AbortSignal | undefined
      signIn?: boolean
      missing?: 'undefined' | 'not-a-shop'
      noTimeout?: boolean
      retried?: boolean
      /** Told the answer's length in characters, once read. */
      onLength?: (chars: number) => void
    },
  ): Promise<T> {
    if (typeof location !== 'undefined' && location.protocol === 'https:' && url.startsWith('http:')) {
      throw new SyncError('blocked', 'This page is https and the server is http: the browser refuses that (mixed content). Use an https address.')
    }
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json'
    if (this.keepCookie && this.cookie) headers.Cookie = this.cookie
    const limit = deadline([opts.signal], opts.noTimeout ? undefined : this.timeoutMs)
    let res: Response
    let text: string
    try {
      try {
        res = await untilAborted(this.fetchFn(url, { method: opts.method ?? 'GET', headers, body: opts.body, credentials: 'include', signal: limit.signal }), limit.signal)
      } catch (err) {
        throw await this.networkFailure(err, opts.signal)
      }
      if (this.keepCookie) this.keepSetCookie(res)
      text = await readText(res, limit.signal, opts.signal)
    } finally {
      limit.done()
    }
    if (res.status === 404 && opts.missing === 'undefined') return undefined as T
    if (res.status === 401 && !opts.signIn && !opts.retried && this.credentials) {
      const { name, password } = this.credentials
      await this.signIn(name, password)
      return this.request<T>(url, { ...opts, retried: true })
    }
    if (!res.ok) throw statusFailure(res.status, text, opts)
    opts.onLength?.(text.length)
    try {
      return JSON.parse(text) as T
    } catch {
      throw new SyncError('server', 'The server sent an answer the shop cannot read (not JSON).', res.status)
    }
  }

  private keepSetCookie(res: Response): void {
    const header = res.headers.get('set-cookie')
    const match = header ? /AuthSession=([^;]*)/.exec(header) : null
    if (match) this.cookie = match[1] ? `AuthSession=${match[1]}` : undefined
  }

  /** What a fetch that threw means: the caller's abort, a timeout, a browser block, or no server. */
  private async networkFailure(err: unknown, signal: AbortSignal | undefined): Promise<unknown> {
    if (signal?.aborted && isAbort(err)) return err
    if (err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError')) return new SyncError('server', 'The server did not answer in time.')
    if (err instanceof SyncError) return err
    // A TypeError is what fetch says both for "nobody there" and for a CORS refusal; a no-cors
    // probe (which CORS does not block) tells them apart in a browser.
    if (typeof document !== 'undefined') {
      try {
        const probe = deadline([], 5_000)
        await untilAborted(this.fetchFn(`${this.root}/`, { mode: 'no-cors', signal: probe.signal }), probe.signal).finally(probe.done)
        return new SyncError('blocked', 'The server answered, but the browser blocked it: the server must allow this site (CORS with credentials).')
      } catch {
        // nothing answered at all
      }
    }
    return new SyncError('unreachable')
  }
}

async function readText(res: Response, limit: AbortSignal, caller: AbortSignal | undefined): Promise<string> {
  try {
    return await untilAborted(res.text(), limit)
  } catch (err) {
    if (caller?.aborted && isAbort(err)) throw err
    if (limit.aborted) throw new SyncError('server', 'The server did not answer in time.')
    // The connection dropped mid-answer (a server stopped, a feed cut).
    throw new SyncError('unreachable', 'The connection to the server was cut.')
  }
}

/**
 * A request's own signal: aborted when any of `signals` is (with its reason), or after `ms`
 * with a TimeoutError; `done` lets go of both once the request has finished. Made by hand
 * rather than with AbortSignal.any and AbortSignal.timeout: Node 20 lets a timeout signal held
 * only by AbortSignal.any be garbage-collected before it fires (nodejs/node#57736), which left
 * a request, and the longpoll's wait, with no limit at all.
 */
export function deadline(signals: readonly (AbortSignal | undefined)[], ms: number | undefined): { signal: AbortSignal; timedOut: () => boolean; done: () => void } {
  const controller = new AbortController()
  const followed: [AbortSignal, () => void][] = []
  for (const source of signals) {
    if (!source) continue
    if (source.aborted) controller.abort(source.reason)
    const follow = () => controller.abort(source.reason)
    source.addEventListener('abort', follow, { once: true })
    followed.push([source, follow])
  }
  let timedOut = false
  const timer =
    ms === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = !controller.signal.aborted
          controller.abort(new DOMException('The server did not answer in time.', 'TimeoutError'))
        }, ms)
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done: () => {
      clearTimeout(timer)
      for (const [source, follow] of followed) source.removeEventListener('abort', follow)
    },
  }
}

/**
 * `work`, or a rejection with the signal's reason as soon as it aborts: a fetch whose link to
 * its signal was lost (undici can drop it after a garbage collection, nodejs/undici#4068)
 * still ends when it should. In a browser the fetch itself rejects first.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined)
    return Promise.reject(signal.reason as Error)
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason as Error)
    signal.addEventListener('abort', abort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
  })
}

function reasonOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { reason?: unknown }
    return typeof body.reason === 'string' ? body.reason : undefined
  } catch {
    return undefined
  }
}

function statusFailure(status: number, text: string, opts: { signIn?: boolean; missing?: string }): SyncError {
  const reason = reasonOf(text)
  if (status === 401) return opts.signIn ? new SyncError('wrong-password', undefined, 401) : new SyncError('session-expired', undefined, 401)
  if (status === 403) return new SyncError('not-a-member', undefined, 403)
  if (status === 404 && opts.missing === 'not-a-shop') return new SyncError('not-a-shop', 'There is no such database on the server: check the address, or run `npm run sync:setup` for it.', 404)
  if (status === 409) return new SyncError('server', reason ?? 'Someone else changed it first.', 409)
  if (status >= 500) return new SyncError('server', `The server failed (${status}${reason ? `: ${reason}` : ''}). Sync will try again.`, status)
  return new SyncError('server', `The server refused the request (${status}${reason ? `: ${reason}` : ''}).`, status)
}

/** A document id in a URL: its own segment, but _design/ and _local/ keep their slash. */
function encodeDocId(id: string): string {
  const special = /^(_design|_local)\/(.*)$/.exec(id)
  return special ? `${special[1]}/${encodeURIComponent(special[2] ?? '')}` : encodeURIComponent(id)
}
