import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, ref } from 'vue'
import type { RegisterSWOptions } from 'vite-plugin-pwa/types'

const pwa = vi.hoisted(() => ({
  options: undefined as RegisterSWOptions | undefined,
  updateServiceWorker: undefined as unknown as (reload?: boolean) => Promise<void>,
}))
vi.mock('virtual:pwa-register/vue', () => ({
  useRegisterSW: (options: RegisterSWOptions) => {
    pwa.options = options
    return { needRefresh: ref(false), offlineReady: ref(false), updateServiceWorker: pwa.updateServiceWorker }
  },
}))

const { useServiceWorker } = await import('../../src/composables/useServiceWorker')

describe('useServiceWorker', () => {
  let update: ReturnType<typeof vi.fn<() => Promise<void>>>
  let scope: ReturnType<typeof effectScope>

  function start(interval: number) {
    const sw = scope.run(() => useServiceWorker({ interval }))!
    pwa.options?.onRegisteredSW?.('/sw.js', { update, installing: null } as unknown as ServiceWorkerRegistration)
    return sw
  }

  beforeEach(() => {
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
    start(60_000)
    expect(update).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(update).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(update).toHaveBeenCalledTimes(3)
  })

  it('also checks when the tab comes back into view', () => {
    start(60_000)
    document.dispatchEvent(new Event('visibilitychange'))
    expect(update).toHaveBeenCalledTimes(1)
  })

  it('skips the check while offline, and a failed check (server down) is not an error', async () => {
    start(1000)
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
    start(1000)
    scope.stop()
    await vi.advanceTimersByTimeAsync(5000)
    document.dispatchEvent(new Event('visibilitychange'))
    expect(update).not.toHaveBeenCalled()
  })

  it('Reload switches to the waiting version; the offline-ready notice can be dismissed', () => {
    const sw = start(1000)
    void sw.reload()
    expect(pwa.updateServiceWorker).toHaveBeenCalledWith(true)
    sw.offlineReady.value = true
    sw.dismissOfflineReady()
    expect(sw.offlineReady.value).toBe(false)
  })
})
