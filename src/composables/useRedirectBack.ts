import { useRoute, useRouter } from 'vue-router'
import { safeRedirect } from '../router/redirect'

/**
 * After logging in or creating an account, a person goes on to the page they were sent away
 * from (`?redirect=`, if it is one of ours), else the catalog. `query` carries that
 * redirect along to the other of the two pages.
 */
export function useRedirectBack() {
  const route = useRoute()
  const router = useRouter()
  return {
    query: () => route.query,
    goBack: () => router.replace(safeRedirect(route.query.redirect)),
  }
}
