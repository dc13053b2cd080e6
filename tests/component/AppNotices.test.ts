import { render, screen, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, ref } from 'vue'

const pwa = vi.hoisted(() => ({
  needRefresh: undefined as unknown as { value: boolean },
  offlineReady: undefined as unknown as { value: boolean },
  offlinePending: undefined as unknown as { value: boolean },
  updateServiceWorker: undefined as unknown as (reload?: boolean) => Promise<void>,
}))
// The service worker's own registration is tested in useServiceWorker.test.ts.
vi.mock('../../src/composables/useServiceWorker', () => ({
  useServiceWorker: () => {
    pwa.needRefresh = ref(false)
    pwa.offlineReady = ref(false)
    pwa.offlinePending = ref(false)
    return {
      needRefresh: pwa.needRefresh,
      offlineReady: pwa.offlineReady,
      offlinePending: pwa.offlinePending,
      reload: () => pwa.updateServiceWorker(true),
      dismissOfflineReady: () => {
        pwa.offlineReady.value = false
        pwa.offlinePending.value = false
      },
    }
  },
}))

const { default: AppNotices } = await import('../../src/components/app/AppNotices.vue')
const { default: AppConnectionStatus } = await import('../../src/components/app/AppConnectionStatus.vue')
const { useAppStore } = await import('../../src/stores/app')
const { QUOTA_MESSAGE } = await import('../../src/stores/errors')

describe('AppNotices', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    pwa.updateServiceWorker = vi.fn(async () => {})
  })

  it('shows "Ready to work offline" after the first install, until dismissed', async () => {
    render(AppNotices)
    expect(screen.getByRole('status')).toBeEmptyDOMElement()
    pwa.offlineReady.value = true
    await nextTick()
    expect(screen.getByRole('status')).toHaveTextContent('Ready to work offline')
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss the offline notice' }))
    expect(screen.getByRole('status')).toBeEmptyDOMElement()
  })

  it('on a first visit the same box says the shop is being saved, then that it is ready: nothing below it moves', async () => {
    pwa.offlinePending = ref(true)
    const { container } = render(AppNotices)
    pwa.offlinePending.value = true
    await nextTick()
    const status = screen.getByRole('status')
    expect(status).toHaveTextContent(/^Saving the shop on this device so that it opens without a network…\s*Dismiss$/)
    const box = status.querySelector('p')
    pwa.offlinePending.value = false
    pwa.offlineReady.value = true
    await nextTick()
    expect(status).toHaveTextContent(/^Ready to work offline: the shop now opens without a network\.\s*Dismiss$/)
    // The very same element, its text changed: no box removed and another inserted.
    expect(status.querySelector('p')).toBe(box)
    expect(container.querySelectorAll('.notice')).toHaveLength(1)
  })

  it('announces a new version in the status region; Reload installs it', async () => {
    render(AppNotices)
    pwa.needRefresh.value = true
    await nextTick()
    const status = screen.getByRole('status')
    expect(status).toHaveTextContent('New version available.')
    await userEvent.click(within(status).getByRole('button', { name: 'Reload' }))
    expect(pwa.updateServiceWorker).toHaveBeenCalledWith(true)
  })

  it('asks a tab left behind by a newer database version to reload, as an alert', async () => {
    render(AppNotices)
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    useAppStore().outdated = true
    await nextTick()
    const alert = screen.getByRole('alert')
    expect(alert).toHaveTextContent('The shop was updated in another tab. Reload this page to keep working.')
    expect(within(alert).getByRole('button', { name: 'Reload page' })).toBeInTheDocument()
  })

  it('says plainly when a write outside any form failed for lack of space', async () => {
    render(AppNotices)
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    window.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: Object.assign(new Error('x'), { name: 'AbortError', inner: quota }) }))
    await nextTick()
    expect(screen.getByRole('status')).toHaveTextContent(QUOTA_MESSAGE)
  })
})

describe('AppConnectionStatus', () => {
  it('says Online or Offline as the browser’s connection changes', async () => {
    setActivePinia(createPinia())
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
    render(AppConnectionStatus)
    expect(screen.getByRole('status')).toHaveTextContent(/^Online$/)
    onLine.mockReturnValue(false)
    window.dispatchEvent(new Event('offline'))
    await nextTick()
    expect(screen.getByRole('status')).toHaveTextContent(/^Offline$/)
    onLine.mockReturnValue(true)
    window.dispatchEvent(new Event('online'))
    await nextTick()
    expect(screen.getByRole('status')).toHaveTextContent(/^Online$/)
    onLine.mockRestore()
  })
})
