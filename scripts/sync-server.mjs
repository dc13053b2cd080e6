// The CouchDB-compatible test server: pouchdb-server from test-server/, on disk in a temporary directory, on
// 127.0.0.1 and a free port, run as a child process this module starts and stops (never
// anything it did not start). Used by the sync unit suite (vitest globalSetup), the e2e
// suite and `npm run bench:sync`; `node scripts/sync-server.mjs` runs one by hand.
//
// Its package is installed apart, with --omit=optional (see test-server/package.json). Its
// data is on disk (LevelDB), so a server stopped and started again keeps it, as CouchDB does.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const serverDir = join(root, 'test-server')
const bin = join(serverDir, 'node_modules', '.bin', 'pouchdb-server')

/** The server admin every test server gets (admin party ended at once). */
export const TEST_ADMIN = { name: 'admin', password: 'test-admin-secret' }

/** Installs the test server's package if it is not there yet (about 17 s). */
export function ensureTestServerInstalled() {
  if (existsSync(bin)) return
  console.log('[sync-server] installing pouchdb-server into test-server/ (--omit=optional)')
  execFileSync('npm', ['ci', '--omit=optional', '--no-audit', '--no-fund'], { cwd: serverDir, stdio: 'inherit' })
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

async function waitUntilUp(url, child, ms = 20_000) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`pouchdb-server exited with ${child.exitCode}`)
    try {
      const res = await fetch(url + '/')
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`pouchdb-server did not answer on ${url} within ${ms} ms`)
}

/**
 * Starts a fresh server with an admin. Returns its url, the admin, stop() (kills the process,
 * waits for it to exit, and deletes its data), and restart() (stops it for real and starts it
 * again on the same port with the same data: what a server restarted mid-sync looks like).
 */
export async function startTestServer() {
  ensureTestServerInstalled()
  const port = await freePort()
  // Its data, config.json and log.txt go to a temporary directory, not the repository.
  const dir = mkdtempSync(join(tmpdir(), 'shop-couch-'))
  const url = `http://127.0.0.1:${port}`
  let child = await launch(port, dir)
  const res = await fetch(`${url}/_config/admins/${TEST_ADMIN.name}`, { method: 'PUT', body: JSON.stringify(TEST_ADMIN.password) })
  if (!res.ok) throw new Error(`could not create the server admin: ${res.status} ${await res.text()}`)
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
    await exited
    clearTimeout(timer)
  }
  return {
    url,
    port,
    admin: TEST_ADMIN,
    get pid() {
      return child.pid
    },
    /** Stops the server for real (its port refuses connections) and keeps its data. */
    halt: kill,
    /** Starts a halted server again, with its data. */
    resume: async () => {
      child = await launch(port, dir)
    },
    restart: async () => {
      await kill()
      child = await launch(port, dir)
    },
    stop: async () => {
      await kill()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function launch(port, dir) {
  const child = spawn(bin, ['-p', String(port), '-o', '127.0.0.1', '-d', join(dir, 'data') + '/', '-c', join(dir, 'config.json'), '--no-stdout-logs'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  try {
    await waitUntilUp(`http://127.0.0.1:${port}`, child)
  } catch (err) {
    child.kill('SIGKILL')
    throw new Error(`${err.message}\n${stderr}`, { cause: err })
  }
  return child
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startTestServer()
  console.log(`[sync-server] ${server.url} (admin ${TEST_ADMIN.name} / ${TEST_ADMIN.password}); Ctrl-C stops it`)
  const quit = () => server.stop().then(() => process.exit(0))
  process.on('SIGINT', quit)
  process.on('SIGTERM', quit)
}
