/**
 * A scripted CouchDB for the sync unit tests: an in-memory database speaking the parts of the
 * HTTP API the client uses (/_session with a cookie, db info, _changes with longpoll,
 * _bulk_docs with _rev conflicts, _all_docs, GET/PUT), as a `fetch` the client is given. Faults
 * are scripted per request: a status, a body that is not JSON, a feed cut mid-answer, a hang
 * (timeout), a refused connection. Not a test file itself.
 */
import type { CouchDoc } from '../../../src/sync/couch'

type Fault = 'refuse' | 'hang' | 'cut' | 'not-json' | number
interface ScriptedFault {
  match: (path: string, method: string) => boolean
  fault: Fault
  times: number
}

interface Stored {
  rev: string
  seq: number
  doc: CouchDoc
}

export interface FakeCouchOptions {
  users?: Record<string, { password: string; roles: string[] }>
  /** The rules: a reason refuses the write (403 forbidden in _bulk_docs). */
  validate?: (doc: CouchDoc, old: CouchDoc | undefined, user: { name: string; roles: string[] }) => string | undefined
  designDoc?: boolean
}

export const FAKE_ROOT = 'http://couch.test'
export const FAKE_DB = `${FAKE_ROOT}/shop`

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })

export class FakeCouch {
  readonly docs = new Map<string, Stored>()
  private seq = 0
  private readonly faults: ScriptedFault[] = []
  private readonly sessions = new Map<string, string>()
  private readonly waiters = new Set<() => void>()
  readonly users: Record<string, { password: string; roles: string[] }>
  /** Every request, as "METHOD /path". */
  readonly log: string[] = []
  /** Documents written by _bulk_docs or PUT, counted per id (to see nothing is applied twice). */
  readonly writes = new Map<string, number>()

  constructor(private readonly options: FakeCouchOptions = {}) {
    this.users = options.users ?? { owner: { password: 'secret', roles: ['shop-owner'] } }
    if (options.designDoc !== false) this.store({ _id: '_design/shop', validate_doc_update: 'function () {}' })
  }

  /** The next `times` requests matching `path` (a prefix after the database, e.g. '_changes') and method fail with `fault`. */
  failNext(path: string, fault: Fault, times = 1, method?: string): void {
    this.faults.push({ match: (p, m) => p.includes(path) && (method === undefined || m === method), fault, times })
  }

  /** Drops every fault still scripted (the network is back). */
  clearFaults(): void {
    this.faults.length = 0
  }

  /** Ends every session (the server's cookie expires). */
  expireSessions(): void {
    this.sessions.clear()
  }

  /** Writes a document as another device would (through the server, so it shows in the feed). */
  put(doc: CouchDoc): string {
    return this.store(doc)
  }

  /** The live documents of the shop's records (design docs left out). */
  liveDocs(): CouchDoc[] {
    return [...this.docs.values()].filter((s) => !s.doc._deleted && !s.doc._id.startsWith('_')).map((s) => s.doc)
  }

  readonly fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input)
    const method = init.method ?? 'GET'
    const path = url.pathname
    this.log.push(`${method} ${path}${url.search}`)
    const fault = this.faults.find((f) => f.times > 0 && f.match(path + url.search, method))
    if (fault) {
      fault.times--
      if (fault.fault === 'refuse') throw new TypeError('fetch failed')
      if (fault.fault === 'hang') return hang(init.signal)
      if (fault.fault === 'not-json') return new Response('<html>Bad gateway</html>', { status: 200 })
      if (typeof fault.fault === 'number') return json({ error: 'scripted', reason: `scripted ${fault.fault}` }, fault.fault)
    }
    const answer = await this.answer(url, method, init)
    if (fault?.fault === 'cut') return cut(await answer.text())
    return answer
  }

  private async answer(url: URL, method: string, init: RequestInit): Promise<Response> {
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined
    if (url.pathname === '/_session') return this.session(method, body, init)
    const user = this.userOf(init)
    if (!user) return json({ error: 'unauthorized', reason: 'You are not authorized to access this db.' }, 401)
    const rest = url.pathname.slice('/shop'.length)
    if (!url.pathname.startsWith('/shop')) return json({ error: 'not_found' }, 404)
    if (rest === '' || rest === '/') return json({ db_name: 'shop', doc_count: [...this.docs.values()].filter((d) => !d.doc._deleted).length, update_seq: this.seqText(this.seq) })
    if (rest === '/_changes') return this.changes(url, init.signal ?? undefined)
    if (rest === '/_bulk_docs') return json(((body?.docs as CouchDoc[]) ?? []).map((doc) => this.write(doc, user)))
    if (rest === '/_all_docs' && method === 'GET') {
      // Every live document's id in order (design documents first, as CouchDB sorts them), up to `limit`.
      const ids = [...this.docs.values()].filter((d) => !d.doc._deleted).map((d) => d.doc._id).sort()
      return json({ rows: ids.slice(0, Number(url.searchParams.get('limit') ?? ids.length)).map((id) => ({ id, key: id })) })
    }
    if (rest === '/_all_docs') {
      const keys = (body?.keys as string[]) ?? []
      return json({ rows: keys.map((key) => { const s = this.docs.get(key); return s && !s.doc._deleted ? { key, id: key, doc: s.doc } : { key, error: 'not_found' } }) })
    }
    const id = decodeURIComponent(rest.slice(1))
    if (method === 'GET') {
      const s = this.docs.get(id)
      return s && !s.doc._deleted ? json(s.doc) : json({ error: 'not_found', reason: 'missing' }, 404)
    }
    if (method === 'PUT' && body) {
      const result = this.write({ ...(body as CouchDoc), _id: id }, user)
      return result.error ? json(result, result.error === 'conflict' ? 409 : 403) : json({ ok: true, id, rev: result.rev }, 201)
    }
    return json({ error: 'bad_request' }, 400)
  }

  private session(method: string, body: Record<string, unknown> | undefined, init: RequestInit): Response {
    if (method === 'POST') {
      const user = this.users[String(body?.name)]
      if (!user || user.password !== body?.password) return json({ error: 'unauthorized', reason: 'Name or password is incorrect.' }, 401)
      const token = crypto.randomUUID()
      this.sessions.set(token, String(body?.name))
      return json({ ok: true, name: body?.name, roles: user.roles }, 200, { 'Set-Cookie': `AuthSession=${token}; Version=1; Path=/; HttpOnly` })
    }
    const name = this.userOf(init)?.name ?? null
    return json({ ok: true, userCtx: { name, roles: name ? (this.users[name]?.roles ?? []) : [] } })
  }

  private userOf(init: RequestInit): { name: string; roles: string[] } | undefined {
    const cookie = (init.headers as Record<string, string> | undefined)?.Cookie ?? ''
    const token = /AuthSession=([^;]+)/.exec(cookie)?.[1]
    const name = token ? this.sessions.get(token) : undefined
    return name ? { name, roles: this.users[name]?.roles ?? [] } : undefined
  }

  private seqText(n: number): string {
    return `${n}-g1AAAA`
  }

  private async changes(url: URL, signal: AbortSignal | undefined): Promise<Response> {
    const since = parseInt(url.searchParams.get('since') ?? '0', 10) || 0
    const limit = Number(url.searchParams.get('limit') ?? '1000')
    if (url.searchParams.get('feed') === 'longpoll' && this.seq <= since) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => (this.waiters.delete(wake), resolve())
        this.waiters.add(wake)
        signal?.addEventListener('abort', () => (this.waiters.delete(wake), reject(signal.reason)))
      })
    }
    const after = [...this.docs.values()].filter((s) => s.seq > since).sort((a, b) => a.seq - b.seq)
    const page = after.slice(0, limit)
    const last = page.at(-1)?.seq ?? Math.max(since, this.seq)
    return json({
      results: page.map((s) => ({ id: s.doc._id, seq: this.seqText(s.seq), changes: [{ rev: s.rev }], ...(s.doc._deleted ? { deleted: true } : {}), doc: s.doc })),
      last_seq: this.seqText(last),
      pending: after.length - page.length,
    })
  }

  private write(doc: CouchDoc, user: { name: string; roles: string[] }): { id: string; ok?: true; rev?: string; error?: string; reason?: string } {
    const old = this.docs.get(doc._id)
    const live = old && !old.doc._deleted
    if ((live && doc._rev !== old.rev) || (!live && doc._rev !== undefined && doc._rev !== old?.rev)) return { id: doc._id, error: 'conflict', reason: 'Document update conflict.' }
    const reason = this.options.validate?.(doc, live ? old.doc : undefined, user)
    if (reason) return { id: doc._id, error: 'forbidden', reason }
    this.writes.set(doc._id, (this.writes.get(doc._id) ?? 0) + 1)
    return { id: doc._id, ok: true, rev: this.store(doc) }
  }

  private store(doc: CouchDoc): string {
    const old = this.docs.get(doc._id)
    const n = old ? parseInt(old.rev, 10) + 1 : 1
    const rev = `${n}-${crypto.randomUUID().replace(/-/g, '').slice(0, 8)}`
    this.seq++
    this.docs.set(doc._id, { rev, seq: this.seq, doc: { ...doc, _rev: rev } })
    for (const wake of [...this.waiters]) wake()
    return rev
  }
}

function hang(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)))
}

/** An answer whose body stops halfway: the connection dropped. */
function cut(text: string): Response {
  const half = new TextEncoder().encode(text.slice(0, Math.floor(text.length / 2)))
  let sent = false
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true
        controller.enqueue(half)
      } else controller.error(new TypeError('terminated'))
    },
  })
  return new Response(stream, { status: 200, headers: { 'Content-Type': 'application/json' } })
}
