/**
 * Runs `callback` once the main thread is idle (requestIdleCallback, at most `timeout` ms
 * later), so work that can wait — reading ahead, say — does not lengthen the task that
 * shows the page. Where there is no requestIdleCallback (Safari, tests) a timer stands in.
 * Returns a function that cancels the call if it has not run yet.
 */
export function onIdle(callback: () => void, timeout = 200): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(() => callback(), { timeout })
    return () => cancelIdleCallback(handle)
  }
  const handle = setTimeout(callback, 0)
  return () => clearTimeout(handle)
}
