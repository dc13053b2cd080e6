import { computed, shallowRef, type ComputedRef } from 'vue'

/** Chromium's install offer (not in TypeScript's DOM types yet). */
export interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform: string }>
}

// The browser may make its offer before the app has mounted, so the listener is installed as
// soon as this module loads and the offer is kept for whoever asks.
const offer = shallowRef<BeforeInstallPromptEvent>()

if (typeof window !== 'undefined') {
  window.addEventListener('beforeinstallprompt', (event) => {
    // Keep the browser's own mini-infobar away; the shop shows an "Install app" button instead.
    event.preventDefault()
    offer.value = event as BeforeInstallPromptEvent
  })
  window.addEventListener('appinstalled', () => {
    offer.value = undefined
  })
}

/**
 * The "Install app" offer where the browser makes one (`beforeinstallprompt`): `canInstall`
 * says whether to show the button and `install()` opens the browser's install dialog. An
 * offer can be used once; the browser makes a new one later if the person said no.
 */
export function useInstallPrompt(): { canInstall: ComputedRef<boolean>; install: () => Promise<boolean> } {
  const canInstall = computed(() => offer.value !== undefined)

  async function install(): Promise<boolean> {
    const event = offer.value
    if (!event) return false
    offer.value = undefined
    await event.prompt()
    const choice = await event.userChoice
    return choice.outcome === 'accepted'
  }

  return { canInstall, install }
}
