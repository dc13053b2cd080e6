import { useRoute, useRouter, type RouteLocationRaw } from 'vue-router'
import { safeRedirect } from '../router/redirect'

/**
 * After logging in or creating an account, a person goes on to the page they were sent away
 * from (`?redirect=`, if it is one of ours), else to `fallback` (the catalog unless told:
 * the login page sends an owner to the dashboard). `query` carries that redirect along to
 * the other of the two pages.
 */
export function useRedirectBack() {
  const route = useRoute()
  const router = useRouter()
  return {
    query: () => route.query,
    goBack: (fallback: RouteLocationRaw = '/') => {
      const asked = route.query.redirect
      return router.replace(typeof asked === 'string' ? safeRedirect(asked) : fallback)
    },
  }
}
