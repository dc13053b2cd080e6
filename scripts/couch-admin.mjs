// What scripts/sync-setup.mjs and scripts/sync-user.mjs share: talking to a CouchDB server
// (or pouchdb-server) as its administrator, with messages a person can act on.

/** A failure the scripts report as one sentence, without a stack trace. */
export class CouchAdminError extends Error {
  name = 'CouchAdminError'
}

/**
 * Splits a URL into the address without credentials and the credentials written in it
 * (`http://admin:secret@host:5984/shop`), if any.
 */
export function parseCouchUrl(raw, what = 'address') {
  let url
  try {
    url = new URL(raw)
  } catch {
    throw new CouchAdminError(`"${raw}" is not a ${what}: expected something like http://127.0.0.1:5984/shop.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CouchAdminError(`"${raw}" is not an http(s) ${what}.`)
  }
  const user = url.username ? decodeURIComponent(url.username) : undefined
  const password = url.password ? decodeURIComponent(url.password) : undefined
  url.username = ''
  url.password = ''
  url.search = ''
  url.hash = ''
  return { url, user, password }
}

/** A fetch bound to one server root, as its administrator (Basic auth), answering { status, json, headers }. */
export function adminClient(root, { user, password, fetch = globalThis.fetch }) {
  const base = root.replace(/\/+$/, '')
  const auth = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64')
  return async function request(method, path, body, { headers = {} } = {}) {
    const h = { Accept: 'application/json', Authorization: auth, ...headers }
    if (body !== undefined) h['Content-Type'] = 'application/json'
    let res
    try {
      res = await fetch(base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) })
    } catch (err) {
      const cause = err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(err)
      throw new CouchAdminError(`Cannot reach the CouchDB server at ${base} (${cause}). Is it running, and is the address right?`)
    }
    const text = await res.text()
    let json
    try {
      json = text === '' ? null : JSON.parse(text)
    } catch {
      json = text
    }
    return { status: res.status, json, headers: res.headers }
  }
}

/**
 * Checks that `request` reaches a CouchDB-compatible server as a server administrator; throws
 * a CouchAdminError saying what is wrong otherwise. Returns the server's welcome document.
 */
export async function checkServerAdmin(request, root, user) {
  const welcome = await request('GET', '/')
  const info = welcome.json
  if (welcome.status === 401) throw wrongCredentials(root, user)
  if (welcome.status !== 200 || !info || typeof info !== 'object' || !(info.couchdb || info['express-pouchdb'])) {
    throw new CouchAdminError(`${root} does not answer like a CouchDB server (HTTP ${welcome.status}). Give the server's address, e.g. http://127.0.0.1:5984.`)
  }
  const session = await request('GET', '/_session')
  if (session.status === 401) throw wrongCredentials(root, user)
  const roles = session.json?.userCtx?.roles ?? []
  if (session.json?.userCtx?.name !== user || !roles.includes('_admin')) {
    // A wrong password with Basic auth may also come back as an anonymous session.
    throw session.json?.userCtx?.name ? new CouchAdminError(`"${user}" is not an administrator of ${root}: use the server admin's name and password.`) : wrongCredentials(root, user)
  }
  return info
}

function wrongCredentials(root, user) {
  return new CouchAdminError(
    `The server at ${root} refused the administrator "${user}": check COUCHDB_USER and COUCHDB_PASSWORD (the server admin's name and password).`,
  )
}

/** The admin's name and password from the arguments, the URL, or COUCHDB_USER / COUCHDB_PASSWORD. */
export function adminCredentials({ user, password }, fromUrl = {}) {
  const name = user ?? fromUrl.user ?? process.env.COUCHDB_USER
  const secret = password ?? fromUrl.password ?? process.env.COUCHDB_PASSWORD
  if (!name || secret === undefined || secret === '') {
    throw new CouchAdminError('The server admin is missing: set COUCHDB_USER and COUCHDB_PASSWORD (the names CouchDB\'s container uses).')
  }
  return { user: name, password: secret }
}

/** Creates a database unless it is there; answers whether it was made. */
export async function ensureDatabase(request, name) {
  const path = '/' + encodeURIComponent(name)
  const head = await request('GET', path)
  if (head.status === 200) return false
  if (head.status !== 404) throw new CouchAdminError(`Could not read the database "${name}" (HTTP ${head.status}: ${reason(head)}).`)
  const made = await request('PUT', path)
  // 412: another run made it meanwhile.
  if (made.status === 201 || made.status === 202) return true
  if (made.status === 412) return false
  throw new CouchAdminError(`Could not create the database "${name}" (HTTP ${made.status}: ${reason(made)}).`)
}

export function reason(res) {
  const json = res.json
  if (json && typeof json === 'object') return [json.error, json.reason].filter(Boolean).join(': ')
  return String(json ?? '')
}
