import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { useServiceWorker } from '../../src/composables/useServiceWorker'

/** A worker as the page sees it: a state that changes, with statechange events. */
class FakeWorker extends EventTarget {
  posted: unknown[] = []
  constructor(public state: ServiceWorkerState) {
    super()
  }
  become(state: ServiceWorkerState) {
    this.state = state
    this.dispatchEvent(new Event('statechange'))
  }
  postMessage(message: unknown) {
    this.posted.push(message)
  }
}

class FakeRegistration extends EventTarget {
  installing: FakeWorker | null = null
  waiting: FakeWorker | null = null
  update = vi.fn(async () => {})
}

/** navigator.serviceWorker, as much of it as the composable uses. */
class FakeContainer extends EventTarget {
  controller: object | null = null
  registration = new FakeRegistration()
  register = vi.fn(async (_url: string, _options?: RegistrationOptions) => this.registration)
}

describe('useServiceWorker', () => {
  let container: FakeContainer
  let scope: ReturnType<typeof effectScope>

  /** Starts the composable and lets its registration (after the page's load event) run. */
  async function start(interval = 60_000) {
    const sw = scope.run(() => useServiceWorker({ interval }))!
    await vi.waitFor(() => expect(container.register).toHaveBeenCalled())
    await vi.advanceTimersByTimeAsync(0)
    return sw
  }

  beforeEach(() => {
    container = new FakeContainer()
    Object.defineProperty(navigator, 'serviceWorker', { configurable: true, value: container })
    vi.useFakeTimers()
    scope = effectScope()
  })
  afterEach(() => {
    scope.stop()
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('registers the built worker at the root, with the platform API', async () => {
    await start()
    expect(container.register).toHaveBeenCalledWith('/sw.js', { scope: '/' })
  })

  it('asks the server for a new version every interval while the tab is open', async () => {
    await start(60_000)
    const { update } = container.registration
    expect(update).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(update).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(update).toHaveBeenCalledTimes(3)
  })

  it('also checks when the tab comes back into view', async () => {
    await start()
    document.dispatchEvent(new Event('visibilitychange'))
    expect(container.registration.update).toHaveBeenCalledTimes(1)
  })

  it('skips the check while offline, and a failed check (server down) is not an error', async () => {
    await start(1000)
    const { update } = container.registration
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
    expect(container.registration.update).not.toHaveBeenCalled()
  })

  it('registers only after the page has loaded', async () => {
    const readyState = vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading')
    scope.run(() => useServiceWorker({ interval: 1000 }))
    await vi.advanceTimersByTimeAsync(10)
    expect(container.register).not.toHaveBeenCalled()
    readyState.mockReturnValue('complete')
    window.dispatchEvent(new Event('load'))
    await vi.waitFor(() => expect(container.register).toHaveBeenCalled())
  })

  it('the first install is reported once as offline-ready, and is no update', async () => {
    const first = new FakeWorker('installing')
    container.registration.installing = first
    const sw = await start()
    expect(sw.offlineReady.value).toBe(false)
    first.become('installed')
    expect(sw.offlineReady.value).toBe(true)
    expect(sw.needRefresh.value).toBe(false)
    sw.dismissOfflineReady()
    expect(sw.offlineReady.value).toBe(false)
  })

  it('a first visit holds the offline notice’s place from the start (pending) until the first install is done', async () => {
    const first = new FakeWorker('installing')
    container.registration.installing = first
    const sw = scope.run(() => useServiceWorker({ interval: 1000 }))!
    // Before registering at all (the page's load event), so the first paint already has it.
    expect(sw.offlinePending.value).toBe(true)
    await vi.waitFor(() => expect(container.register).toHaveBeenCalled())
    await vi.advanceTimersByTimeAsync(0)
    expect(sw.offlinePending.value).toBe(true)
    first.become('installed')
    expect(sw.offlinePending.value).toBe(false)
    expect(sw.offlineReady.value).toBe(true)
  })

  it('a first install that finished before the registration answered (a quick precache) is still reported: the held place turns to "ready"', async () => {
    Object.assign(container.registration, { active: new FakeWorker('activated') })
    const sw = await start()
    expect(sw.offlinePending.value).toBe(false)
    expect(sw.offlineReady.value).toBe(true)
    expect(sw.needRefresh.value).toBe(false)
  })

  it.each<[string, (c: FakeContainer) => void]>([
    ['a worker controls the page already (a returning visit)', (c) => (c.controller = {})],
    ['no install under way (the page reloaded past an installed worker)', () => {}],
    ['the registration fails', (c) => c.register.mockRejectedValue(new Error('refused'))],
  ])('holds no place when no first install will be reported: %s', async (_label, arrange) => {
    arrange(container)
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const sw = await start()
    expect(sw.offlinePending.value).toBe(false)
    expect(sw.offlineReady.value).toBe(false)
  })

  it('a first install that fails (redundant) ends the pending notice; one dismissed while pending never comes', async () => {
    const failed = new FakeWorker('installing')
    container.registration.installing = failed
    const sw = await start()
    failed.become('redundant')
    expect(sw.offlinePending.value).toBe(false)
    expect(sw.offlineReady.value).toBe(false)

    scope.stop()
    scope = effectScope()
    const next = new FakeWorker('installing')
    container.registration.installing = next
    const again = await start()
    again.dismissOfflineReady()
    expect(again.offlinePending.value).toBe(false)
    next.become('installed')
    expect(again.offlineReady.value).toBe(false)
  })

  it('a new version found later waits for the person; Reload hands over to it, and the takeover reloads the tab', async () => {
    container.controller = {}
    const sw = await start()
    const next = new FakeWorker('installing')
    container.registration.installing = next
    container.registration.dispatchEvent(new Event('updatefound'))
    expect(sw.needRefresh.value).toBe(false)
    next.become('installed')
    container.registration.installing = null
    container.registration.waiting = next
    expect(sw.needRefresh.value).toBe(true)
    expect(sw.offlineReady.value).toBe(false)
    const reload = vi.fn()
    vi.spyOn(window, 'location', 'get').mockReturnValue({ ...window.location, reload } as Location)
    await sw.reload()
    expect(next.posted).toEqual([{ type: 'SKIP_WAITING' }])
    expect(reload).not.toHaveBeenCalled()
    container.dispatchEvent(new Event('controllerchange'))
    expect(reload).toHaveBeenCalledTimes(1)
  })

  it('a version another tab installed, already waiting at registration, is reported too', async () => {
    container.controller = {}
    container.registration.waiting = new FakeWorker('installed')
    const sw = await start()
    expect(sw.needRefresh.value).toBe(true)
  })

  it('a takeover before any update waited (the first install claiming the tab) does not reload', async () => {
    await start()
    const reload = vi.fn()
    vi.spyOn(window, 'location', 'get').mockReturnValue({ ...window.location, reload } as Location)
    container.dispatchEvent(new Event('controllerchange'))
    expect(reload).not.toHaveBeenCalled()
  })
})
