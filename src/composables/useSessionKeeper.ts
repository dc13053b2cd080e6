import { getCurrentScope, onScopeDispose } from 'vue'
import { useSessionStore } from '../stores/session'

/** How often an open page checks whether the session has run past its limits. */
export const SESSION_CHECK_INTERVAL_MS = 15_000

/**
 * Keeps this tab's session honest while the app is open: notes the person's activity
 * (pointer and keyboard, at most one write a minute) and ends the session once it has run
 * past its idle or absolute limit — on a timer, and as soon as the page is shown again
 * after being hidden (a laptop lid, another app). Call once, from the app's root.
 */
export function useSessionKeeper(): void {
  const session = useSessionStore()
  const onActivity = () => void session.checkSession({ activity: true })
  const onVisible = () => {
    if (document.visibilityState === 'visible') void session.checkSession()
  }
  const timer = setInterval(() => void session.checkSession(), SESSION_CHECK_INTERVAL_MS)
  const options = { capture: true, passive: true }
  document.addEventListener('pointerdown', onActivity, options)
  document.addEventListener('keydown', onActivity, options)
  document.addEventListener('visibilitychange', onVisible)
  void session.whenReady().then(() => session.checkSession())

  if (getCurrentScope()) {
    onScopeDispose(() => {
      clearInterval(timer)
      document.removeEventListener('pointerdown', onActivity, options)
      document.removeEventListener('keydown', onActivity, options)
      document.removeEventListener('visibilitychange', onVisible)
    })
  }
}
