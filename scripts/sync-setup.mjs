// `npm run sync:setup -- <database url> [--origins https://a,https://b]`: makes a CouchDB
// database ready to be a shop's sync server. With the server admin's name and password in
// COUCHDB_USER / COUCHDB_PASSWORD (or in the URL), it
//   1. creates the database if it is missing (and `_users`, which a fresh single-node CouchDB 3 lacks),
//   2. installs `_design/shop` (couch/validate_doc_update.js: who may write what), only when it changed,
//   3. sets the database's `_security` (couch/security.json: members are the shop's roles; anonymous refused),
//   4. turns on CORS with credentials for every origin, or only --origins: the shop's pages may
//      be served from another origin than the server (README: or put both behind one proxy).
// Running it again changes nothing that is already right. Tests and e2e call
// setupShopDatabase() in-process.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { adminClient, adminCredentials, checkServerAdmin, CouchAdminError, ensureDatabase, parseCouchUrl, reason } from './couch-admin.mjs'

const couchDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'couch')

export const DESIGN_DOC_ID = '_design/shop'

/**
 * The validate_doc_update text as the server gets it: the function of
 * couch/validate_doc_update.js from its `function` line on, anonymous (CouchDB evaluates the
 * text as an expression, which a named function declaration is not).
 */
export function validateSource() {
  const text = readFileSync(join(couchDir, 'validate_doc_update.js'), 'utf8')
  const start = text.search(/^function validate_doc_update\s*\(/m)
  if (start < 0) throw new Error('couch/validate_doc_update.js has no "function validate_doc_update(" line')
  return text.slice(start).replace(/^function validate_doc_update\s*\(/, 'function (').trim()
}

/** The shop's design document (without _rev). */
export function shopDesignDoc() {
  return { _id: DESIGN_DOC_ID, language: 'javascript', validate_doc_update: validateSource() }
}

/** The database's _security object. */
export function shopSecurity() {
  return JSON.parse(readFileSync(join(couchDir, 'security.json'), 'utf8'))
}

export const CORS_METHODS = 'GET, PUT, POST, HEAD, DELETE'
export const CORS_HEADERS = 'accept, authorization, content-type, origin, referer, if-match'

/** The same JSON whatever the order of an object's keys. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

function withoutRev(doc) {
  if (!doc || typeof doc !== 'object') return doc
  const rest = { ...doc }
  delete rest._rev
  return rest
}

/** Splits a database URL into the server root (may have a path: a proxy's /couch) and the database name. */
export function splitDatabaseUrl(raw) {
  const { url, user, password } = parseCouchUrl(raw, 'database address')
  const parts = url.pathname.replace(/\/+$/, '').split('/')
  const name = decodeURIComponent(parts.pop() ?? '')
  if (!name) throw new CouchAdminError(`"${raw}" names no database: add its name, e.g. ${url.origin}/shop.`)
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(name)) {
    throw new CouchAdminError(`"${name}" cannot be a CouchDB database name: lower-case letters, digits and _$()+-/ only, starting with a letter.`)
  }
  const root = url.origin + parts.join('/')
  return { root, name, user, password }
}

/**
 * Where this server keeps its configuration: CouchDB 3 under /_node/<node>/_config (on every
 * node of a cluster), with CORS switched on in [chttpd]; pouchdb-server (and CouchDB 1) under
 * /_config, in [httpd].
 */
async function configTargets(request) {
  const local = await request('GET', '/_node/_local/_config/chttpd')
  if (local.status === 200 && local.json && typeof local.json === 'object') {
    const membership = await request('GET', '/_membership')
    const nodes = membership.status === 200 && Array.isArray(membership.json?.cluster_nodes) && membership.json.cluster_nodes.length > 0 ? membership.json.cluster_nodes : ['_local']
    return { api: 'couchdb', corsSection: 'chttpd', bases: nodes.map((node) => `/_node/${encodeURIComponent(node)}/_config`) }
  }
  const legacy = await request('GET', '/_config/httpd')
  if (legacy.status === 200) return { api: 'pouchdb-server', corsSection: 'httpd', bases: ['/_config'] }
  throw new CouchAdminError(`This server has no configuration API the setup knows (/_node/_local/_config: HTTP ${local.status}, /_config: HTTP ${legacy.status}); set its CORS by hand (docs/sync.md).`)
}

/** Sets one configuration value unless it already has it; answers whether it changed. */
async function setConfig(request, base, section, key, value) {
  const path = `${base}/${section}/${key}`
  const now = await request('GET', path)
  if (now.status === 200 && now.json === value) return false
  const put = await request('PUT', path, value)
  if (put.status !== 200) throw new CouchAdminError(`Could not set ${section}/${key} on the server (HTTP ${put.status}: ${reason(put)}).`)
  return true
}

/**
 * Makes the database at `dbUrl` a shop's sync server (see the file's header). `origins`: the
 * origins allowed to call it from a browser with the shop's cookie (default every origin).
 * Returns what it did; throws a CouchAdminError with a sentence for a person when it cannot.
 */
export async function setupShopDatabase({ dbUrl, user, password, origins, fetch = globalThis.fetch, log = () => {} }) {
  const split = splitDatabaseUrl(dbUrl)
  const admin = adminCredentials({ user, password }, split)
  const request = adminClient(split.root, { ...admin, fetch })
  await checkServerAdmin(request, split.root, admin.user)

  const usersCreated = await ensureDatabase(request, '_users')
  if (usersCreated) log('created the _users database (accounts of the shop\'s devices)')
  const created = await ensureDatabase(request, split.name)
  log(created ? `created the database ${split.name}` : `the database ${split.name} is there`)
  const db = '/' + encodeURIComponent(split.name)

  // The design document, written only when it differs (with its _rev).
  const wanted = shopDesignDoc()
  const current = await request('GET', `${db}/${DESIGN_DOC_ID}`)
  let designUpdated = false
  if (current.status === 200 && canonical(withoutRev(current.json)) === canonical(wanted)) {
    log(`${DESIGN_DOC_ID} is up to date`)
  } else if (current.status === 200 || current.status === 404) {
    const body = current.status === 200 ? { ...wanted, _rev: current.json._rev } : wanted
    const put = await request('PUT', `${db}/${DESIGN_DOC_ID}`, body)
    if (put.status !== 201 && put.status !== 202) throw new CouchAdminError(`Could not install ${DESIGN_DOC_ID} (HTTP ${put.status}: ${reason(put)}).`)
    designUpdated = true
    log(`${current.status === 200 ? 'updated' : 'installed'} ${DESIGN_DOC_ID} (validate_doc_update)`)
  } else {
    throw new CouchAdminError(`Could not read ${DESIGN_DOC_ID} (HTTP ${current.status}: ${reason(current)}).`)
  }

  // _security: the shop's roles are its members; the server admin is its only admin.
  const security = shopSecurity()
  const had = await request('GET', `${db}/_security`)
  let securityUpdated = false
  if (had.status !== 200 || canonical(had.json) !== canonical(security)) {
    const put = await request('PUT', `${db}/_security`, security)
    if (put.status !== 200 && put.status !== 201) throw new CouchAdminError(`Could not set the database's _security (HTTP ${put.status}: ${reason(put)}).`)
    securityUpdated = true
    log(`set _security: members ${security.members.roles.join(', ')}; anonymous requests refused`)
  } else log('_security is up to date')

  // CORS with credentials: the shop's pages call the server with its AuthSession cookie.
  const allowed = origins && origins.length > 0 ? origins.map((o) => new URL(o).origin).join(', ') : '*'
  const target = await configTargets(request)
  let corsUpdated = false
  for (const base of target.bases) {
    for (const [section, key, value] of [
      [target.corsSection, 'enable_cors', 'true'],
      ['cors', 'origins', allowed],
      ['cors', 'credentials', 'true'],
      ['cors', 'methods', CORS_METHODS],
      ['cors', 'headers', CORS_HEADERS],
    ]) {
      if (await setConfig(request, base, section, key, value)) corsUpdated = true
    }
  }
  log(`${corsUpdated ? 'set' : 'kept'} CORS with credentials for ${allowed === '*' ? 'every origin' : allowed} (${target.api})`)

  return { root: split.root, database: split.name, created, designUpdated, securityUpdated, corsUpdated, origins: allowed, api: target.api }
}

/** `--origins a,b` or `--origins=a,b` from the command line. */
function parseArgs(argv) {
  const rest = []
  let origins
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--origins') origins = argv[++i]
    else if (arg.startsWith('--origins=')) origins = arg.slice('--origins='.length)
    else rest.push(arg)
  }
  return { dbUrl: rest[0], extra: rest.slice(1), origins: origins?.split(',').map((o) => o.trim()).filter(Boolean) }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { dbUrl, extra, origins } = parseArgs(process.argv.slice(2))
  if (!dbUrl || extra.length > 0) {
    console.error('Usage: COUCHDB_USER=admin COUCHDB_PASSWORD=… npm run sync:setup -- <database url> [--origins https://a,https://b]')
    process.exit(2)
  }
  try {
    for (const origin of origins ?? []) parseCouchUrl(origin, 'origin')
    const done = await setupShopDatabase({ dbUrl, origins, log: (line) => console.log(`[sync:setup] ${line}`) })
    console.log(`[sync:setup] ${done.root}/${done.database} is ready: create its users with npm run sync:user -- ${done.root} <name> owner|seller`)
  } catch (err) {
    console.error(`[sync:setup] ${err instanceof CouchAdminError ? err.message : (err?.stack ?? err)}`)
    process.exit(1)
  }
}
