/**
 * `vite preview` servers that a test starts and stops itself — to take the shop's server
 * away for real (Playwright's setOffline does not cut a service worker's fetches), or to
 * swap one build for another on the same address.
 */
import { execFileSync, spawn } from 'node:child_process'

export interface PreviewServer {
  url: string
  /** Stops the server and resolves once its process has exited (the port is free again). */
  stop(): Promise<void>
}

const VITE = './node_modules/.bin/vite'

/** Starts `vite preview` for `outDir` on `port` and resolves once it answers. */
export async function startPreview({ port, outDir = 'dist' }: { port: number; outDir?: string }): Promise<PreviewServer> {
  const child = spawn(VITE, ['preview', '--port', String(port), '--strictPort', '--outDir', outDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let hasExited = false
  void exited.then(() => (hasExited = true))

  const url = `http://localhost:${port}`
  // Wait for the server to answer (a readiness poll, not a timed assertion).
  for (;;) {
    if (hasExited) throw new Error(`vite preview on port ${port} exited:\n${output}`)
    try {
      if ((await fetch(url)).ok) break
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }

  return {
    url,
    async stop() {
      if (!hasExited) {
        child.kill('SIGTERM')
        await exited
      }
    },
  }
}

/** Builds the app into `outDir` with `APP_VERSION` set, as a deployment of that version. */
export function buildVersion(outDir: string, version: string): void {
  execFileSync(VITE, ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    env: { ...process.env, APP_VERSION: version },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}

/** Whether anything answers at `url`. */
export async function isServing(url: string): Promise<boolean> {
  try {
    await fetch(url)
    return true
  } catch {
    return false
  }
}
