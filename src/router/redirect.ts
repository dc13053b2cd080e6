/**
 * Where to go after logging in: the page asked for, if it is one of ours. Its own module so
 * the login and register pages need not import the router, which imports them.
 */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/'
}
