import { inject, expect, it } from 'vitest'

it('the server under test speaks CouchDB and has an admin (admin party over)', async () => {
  const { url, admin } = inject('couch')
  // CouchDB says {"couchdb":"Welcome"}; pouchdb-server {"express-pouchdb":"Welcome!"}.
  const root = (await (await fetch(url + '/')).json()) as Record<string, unknown>
  expect(root.couchdb ?? root['express-pouchdb']).toMatch(/^Welcome/)
  const anonymous = await fetch(url + '/_config')
  expect(anonymous.status).toBe(401)
  const auth = 'Basic ' + Buffer.from(`${admin.name}:${admin.password}`).toString('base64')
  const session = (await (await fetch(url + '/_session', { headers: { Authorization: auth } })).json()) as { userCtx: { roles: string[] } }
  expect(session.userCtx.roles).toContain('_admin')
})
