// `npm run sync:user -- <server url> <name> owner|seller`: creates, or updates, the CouchDB user
// a device of the shop signs in with, with the role `shop-owner` (writes everything) or
// `shop-seller` (a till: sales, cart lines, customer accounts). The user's password comes from
// SHOP_SYNC_PASSWORD or is asked for (for an existing user, an empty answer keeps it); the
// server admin's from COUCHDB_USER / COUCHDB_PASSWORD. The server hashes the password (PBKDF2)
// as it stores it. Tests and e2e call upsertShopUser() in-process.
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { adminClient, adminCredentials, checkServerAdmin, CouchAdminError, ensureDatabase, parseCouchUrl, reason } from './couch-admin.mjs'

export const SHOP_ROLES = { owner: 'shop-owner', seller: 'shop-seller' }
const ALL_SHOP_ROLES = Object.values(SHOP_ROLES)
export const SYNC_PASSWORD_MIN = 8

/**
 * Creates or updates the user `name` with the shop role `role` ('owner' | 'seller'), keeping
 * the user's other roles and, when `userPassword` is absent, its password. Returns whether it
 * was created and the roles it has now.
 */
export async function upsertShopUser({ serverUrl, name, role, userPassword, user, password, fetch = globalThis.fetch }) {
  if (!Object.hasOwn(SHOP_ROLES, role)) throw new CouchAdminError(`The role must be "owner" or "seller", not "${role}".`)
  if (typeof name !== 'string' || name.trim() === '' || name.includes(':')) throw new CouchAdminError(`"${name}" cannot be a user name (no empty names, no ":").`)
  if (userPassword !== undefined && [...userPassword].length < SYNC_PASSWORD_MIN) {
    throw new CouchAdminError(`The password of ${name} must be at least ${SYNC_PASSWORD_MIN} characters.`)
  }
  const parsed = parseCouchUrl(serverUrl, 'server address')
  const admin = adminCredentials({ user, password }, parsed)
  let root = parsed.url.origin + parsed.url.pathname.replace(/\/+$/, '')
  let request = adminClient(root, { ...admin, fetch })
  // Someone may paste the shop's database URL: the users live on its server.
  const probe = await request('GET', '/')
  if (probe.status === 200 && typeof probe.json?.db_name === 'string') {
    root = root.slice(0, root.lastIndexOf('/'))
    request = adminClient(root, { ...admin, fetch })
  }
  await checkServerAdmin(request, root, admin.user)
  await ensureDatabase(request, '_users')

  const path = `/_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`
  const found = await request('GET', path)
  if (found.status !== 200 && found.status !== 404) throw new CouchAdminError(`Could not read the user ${name} (HTTP ${found.status}: ${reason(found)}).`)
  const existing = found.status === 200 ? found.json : null
  if (!existing && userPassword === undefined) throw new CouchAdminError(`A new user needs a password: set SHOP_SYNC_PASSWORD or type it when asked.`)
  const roles = [...(existing?.roles ?? []).filter((r) => !ALL_SHOP_ROLES.includes(r)), SHOP_ROLES[role]]
  const doc = existing ? { ...existing, roles } : { _id: `org.couchdb.user:${name}`, name, type: 'user', roles }
  if (userPassword !== undefined) doc.password = userPassword
  const put = await request('PUT', path, doc)
  if (put.status !== 201 && put.status !== 202) throw new CouchAdminError(`Could not save the user ${name} (HTTP ${put.status}: ${reason(put)}).`)
  return { root, name, created: !existing, roles }
}

/** Asks for a password on the terminal without echoing it. */
function askPassword(question) {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
    let muted = false
    // readline writes what is typed through _writeToOutput: print the question, hide the answer.
    rl._writeToOutput = (text) => {
      if (!muted) process.stdout.write(text)
    }
    rl.question(question, (answer) => {
      rl.close()
      process.stdout.write('\n')
      resolve(answer)
    })
    muted = true
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [serverUrl, name, role, ...extra] = process.argv.slice(2)
  if (!serverUrl || !name || !role || extra.length > 0) {
    console.error('Usage: COUCHDB_USER=admin COUCHDB_PASSWORD=… [SHOP_SYNC_PASSWORD=…] npm run sync:user -- <server url> <name> owner|seller')
    process.exit(2)
  }
  try {
    let userPassword = process.env.SHOP_SYNC_PASSWORD
    if (userPassword === undefined || userPassword === '') {
      if (!process.stdin.isTTY) throw new CouchAdminError('Set SHOP_SYNC_PASSWORD (no terminal to ask for the password on).')
      const first = await askPassword(`Password for ${name} (empty keeps an existing user's): `)
      if (first === '') userPassword = undefined
      else {
        const again = await askPassword('The same password again: ')
        if (again !== first) throw new CouchAdminError('The two passwords differ; nothing was changed.')
        userPassword = first
      }
    }
    const done = await upsertShopUser({ serverUrl, name, role, userPassword })
    console.log(`[sync:user] ${done.created ? 'created' : 'updated'} ${done.name} on ${done.root} with roles ${done.roles.join(', ')}`)
  } catch (err) {
    console.error(`[sync:user] ${err instanceof CouchAdminError ? err.message : (err?.stack ?? err)}`)
    process.exit(1)
  }
}
