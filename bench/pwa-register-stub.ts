/** The bench page is not the installable app: the service worker's registration does nothing here. */
export function registerSW(): (reload?: boolean) => Promise<void> {
  return async () => undefined
}
