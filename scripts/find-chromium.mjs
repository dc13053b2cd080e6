// Finds a Chromium for the end-to-end tests and benchmarks: CHROME_PATH, the system's
// chromium or chrome, or Playwright's own. Where none is found it tries to install one
// (`npx playwright install chromium`, then, as root on Debian, `apt-get install chromium`).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
]

function onPath(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' })
  return found.status === 0 ? found.stdout.trim() : ''
}

async function playwrightsOwn() {
  try {
    const { chromium } = await import('@playwright/test')
    const path = chromium.executablePath()
    return path && existsSync(path) ? path : ''
  } catch {
    return ''
  }
}

async function look() {
  if (process.env.CHROME_PATH && existsSync(process.env.CHROME_PATH)) return process.env.CHROME_PATH
  for (const path of CANDIDATES) if (existsSync(path)) return path
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const path = onPath(name)
    if (path) return path
  }
  return playwrightsOwn()
}

function tryRun(command, args) {
  console.log(`[chromium] ${command} ${args.join(' ')}`)
  try {
    execFileSync(command, args, { stdio: 'inherit' })
    return true
  } catch {
    return false
  }
}

/** Resolves to a Chromium executable's path, installing one if it can; exits with an instruction otherwise. */
export async function findChromium() {
  let path = await look()
  if (path) return path

  tryRun('npx', ['--no-install', 'playwright', 'install', 'chromium'])
  path = await look()
  if (path) return path

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (isRoot && existsSync('/etc/debian_version')) {
    if (tryRun('apt-get', ['update', '-qq']) && tryRun('apt-get', ['install', '-y', '-qq', 'chromium'])) path = await look()
    if (path) return path
  }

  console.error('No Chromium found: install one (Debian: `sudo apt-get install -y chromium`) or set CHROME_PATH to its executable.')
  process.exit(1)
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await findChromium())
