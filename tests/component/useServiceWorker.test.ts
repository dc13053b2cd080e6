import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import type { RegisterSWOptions } from 'vite-plugin-pwa/types'

const pwa = vi.hoisted(() => ({
  options: undefined as RegisterSWOptions | undefined,
  updateServiceWorker: undefined as unknown as (reload?: boolean) => Promise<void>,
}))
vi.mock('virtual:pwa-register', () => ({
  registerSW: (options: RegisterSWOptions) => {
    pwa.options = options
    return pwa.updateServiceWorker
  },
}))

const { useServiceWorker } = await import('../../src/composables/useServiceWorker')

describe('useServiceWorker', () => {
  let update: ReturnType<typeof vi.fn<() => Promise<void>>>
  let scope: ReturnType<typeof effectScope>

  /** Starts the composable and lets its registration (after the page's load event) run. */
  async function start(interval: number) {
    const sw = scope.run(() => useServiceWorker({ interval }))!
    await vi.waitFor(() => expect(pwa.options).toBeDefined())
    pwa.options?.onRegisteredSW?.('/sw.js', { update, installing: null } as unknown as ServiceWorkerRegistration)
    return sw
  }

  beforeEach(() => {
    pwa.options = undefined
    // happy-dom has no service worker container; the composable only registers where one exists.
    Object.defineProperty(navigator, 'serviceWorker', { configurable: true, value: new EventTarget() })
    vi.useFakeTimers()
    update = vi.fn(async () => {})
    pwa.updateServiceWorker = vi.fn(async () => {})
    scope = effectScope()
  })
  afterEach(() => {
    scope.stop()
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('asks the server for a new version every interval while the tab is open', async () => {
    await start(60_000)
    expect(update).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(update).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(update).toHaveBeenCalledTimes(3)
  })

  it('also checks when the tab comes back into view', async () => {
    await start(60_000)
    document.dispatchEvent(new Event('visibilitychange'))
    expect(update).toHaveBeenCalledTimes(1)
  })

  it('skips the check while offline, and a failed check (server down) is not an error', async () => {
    await start(1000)
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(update).not.toHaveBeenCalled()
    onLine.mockReturnValue(true)
    update.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    await vi.advanceTimersByTimeAsync(1000)
    await vi.advanceTimersByTimeAsync(1000)
    expect(update).toHaveBeenCalledTimes(2)
  })

  it('stops checking when its scope ends', async () => {
    await start(1000)
    scope.stop()
    await vi.advanceTimersByTimeAsync(5000)
    document.dispatchEvent(new Event('visibilitychange'))
    expect(update).not.toHaveBeenCalled()
  })

  it('registers only after the page has loaded', async () => {
    const readyState = vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading')
    scope.run(() => useServiceWorker({ interval: 1000 }))
    await vi.advanceTimersByTimeAsync(10)
    expect(pwa.options).toBeUndefined()
    readyState.mockReturnValue('complete')
    window.dispatchEvent(new Event('load'))
    await vi.waitFor(() => expect(pwa.options?.immediate).toBe(true))
  })

  it('shows what the worker reports: a waiting version, and the first offline-ready', async () => {
    const sw = await start(1000)
    pwa.options?.onNeedRefresh?.()
    expect(sw.needRefresh.value).toBe(true)
    pwa.options?.onOfflineReady?.()
    expect(sw.offlineReady.value).toBe(true)
  })

  it('Reload switches to the waiting version; the offline-ready notice can be dismissed', async () => {
    const sw = await start(1000)
    await sw.reload()
    expect(pwa.updateServiceWorker).toHaveBeenCalledWith(true)
    sw.offlineReady.value = true
    sw.dismissOfflineReady()
    expect(sw.offlineReady.value).toBe(false)
  })
})
