import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, ref } from 'vue'

const pwa = vi.hoisted(() => ({
  needRefresh: undefined as unknown as { value: boolean },
  offlineReady: undefined as unknown as { value: boolean },
  updateServiceWorker: undefined as unknown as (reload?: boolean) => Promise<void>,
}))
// The service worker's own registration is tested in useServiceWorker.test.ts.
vi.mock('../../src/composables/useServiceWorker', () => ({
  useServiceWorker: () => {
    pwa.needRefresh = ref(false)
    pwa.offlineReady = ref(false)
    return {
      needRefresh: pwa.needRefresh,
      offlineReady: pwa.offlineReady,
      reload: () => pwa.updateServiceWorker(true),
      dismissOfflineReady: () => {
        pwa.offlineReady.value = false
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
    const wrapper = mount(AppNotices)
    expect(wrapper.find('[role="status"]').text()).toBe('')
    pwa.offlineReady.value = true
    await nextTick()
    expect(wrapper.find('[role="status"]').text()).toContain('Ready to work offline')
    await wrapper.get('button[aria-label="Dismiss the offline notice"]').trigger('click')
    expect(wrapper.find('[role="status"]').text()).toBe('')
  })

  it('announces a new version in the status region; Reload installs it', async () => {
    const wrapper = mount(AppNotices)
    pwa.needRefresh.value = true
    await nextTick()
    const status = wrapper.get('[role="status"]')
    expect(status.text()).toContain('New version available.')
    await status.get('button').trigger('click')
    expect(pwa.updateServiceWorker).toHaveBeenCalledWith(true)
  })

  it('asks a tab left behind by a newer database version to reload, as an alert', async () => {
    const wrapper = mount(AppNotices)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    useAppStore().outdated = true
    await nextTick()
    expect(wrapper.get('[role="alert"]').text()).toContain('The shop was updated in another tab. Reload this page to keep working.')
    expect(wrapper.get('[role="alert"] button').text()).toBe('Reload page')
  })

  it('says plainly when a write outside any form failed for lack of space', async () => {
    const wrapper = mount(AppNotices)
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    window.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: Object.assign(new Error('x'), { name: 'AbortError', inner: quota }) }))
    await nextTick()
    expect(wrapper.get('[role="status"]').text()).toContain(QUOTA_MESSAGE)
  })
})

describe('AppConnectionStatus', () => {
  it('says Online or Offline as the browser’s connection changes', async () => {
    setActivePinia(createPinia())
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
    const wrapper = mount(AppConnectionStatus)
    expect(wrapper.get('[role="status"]').text()).toBe('Online')
    onLine.mockReturnValue(false)
    window.dispatchEvent(new Event('offline'))
    await nextTick()
    expect(wrapper.get('[role="status"]').text()).toBe('Offline')
    onLine.mockReturnValue(true)
    window.dispatchEvent(new Event('online'))
    await nextTick()
    expect(wrapper.get('[role="status"]').text()).toBe('Online')
    onLine.mockRestore()
  })
})
