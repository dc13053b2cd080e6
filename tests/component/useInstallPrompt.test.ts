import { describe, expect, it, vi } from 'vitest'
import { useInstallPrompt } from '../../src/composables/useInstallPrompt'

function installOffer(outcome: 'accepted' | 'dismissed') {
  const event = new Event('beforeinstallprompt', { cancelable: true })
  const prompt = vi.fn(async () => {})
  Object.assign(event, { prompt, userChoice: Promise.resolve({ outcome, platform: 'web' }) })
  return { event, prompt }
}

describe('useInstallPrompt', () => {
  it('offers to install only once the browser makes its offer, and keeps the browser’s own bar away', () => {
    const { canInstall } = useInstallPrompt()
    expect(canInstall.value).toBe(false)
    const { event } = installOffer('accepted')
    window.dispatchEvent(event)
    expect(event.defaultPrevented).toBe(true)
    expect(canInstall.value).toBe(true)
  })

  it('install() opens the browser’s dialog once and reports the answer', async () => {
    const { canInstall, install } = useInstallPrompt()
    const { event, prompt } = installOffer('dismissed')
    window.dispatchEvent(event)
    expect(await install()).toBe(false)
    expect(prompt).toHaveBeenCalledTimes(1)
    // An offer is good once; the button goes until the browser offers again.
    expect(canInstall.value).toBe(false)
    expect(await install()).toBe(false)
    expect(prompt).toHaveBeenCalledTimes(1)

    const second = installOffer('accepted')
    window.dispatchEvent(second.event)
    expect(await install()).toBe(true)
  })

  it('hides the button once the app is installed', () => {
    const { canInstall } = useInstallPrompt()
    window.dispatchEvent(installOffer('accepted').event)
    expect(canInstall.value).toBe(true)
    window.dispatchEvent(new Event('appinstalled'))
    expect(canInstall.value).toBe(false)
  })
})
