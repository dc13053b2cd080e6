import { createRouter, createWebHistory, START_LOCATION } from 'vue-router'
import { useCatalogStore } from '../stores/catalog'
import { safeRedirect } from './redirect'
import { useSessionStore } from '../stores/session'
import { accessRedirect, pageNeeds } from './access'
import { routes } from './routes'

export { routes }

declare module 'vue-router' {
  interface RouteMeta {
    /** The page's name, shown in the tab title. */
    title?: string
    /** Only for a logged-in person; others are sent to the login page. */
    requiresAuth?: boolean
    /** Only for someone not logged in (login, register). */
    guestOnly?: boolean
    /**
     * Only for the shop's owners: a visitor is sent to log in, a customer to the "not
     * allowed" page. The services behind such a page check again (services/authz.ts).
     */
    requiresOwner?: boolean
  }
}

export function createShopRouter() {
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
    // A page just loaded is at the top already: scrolling there again on the first navigation
    // would only force a layout in the task that shows the page.
    scrollBehavior: (_to, from, saved) => saved ?? (from === START_LOCATION ? false : { top: 0 }),
  })

  router.beforeEach(async (to) => {
    // The catalog's first page is read while the session is, rather than after it.
    if (to.name === 'catalog') useCatalogStore().browse()
    // Addresses from before global ids (/products/25, bookmarks, old links) go to the product's page now.
    if ((to.name === 'product' || to.name === 'inventory-product') && /^\d+$/.test(String(to.params.id))) {
      const id = await useCatalogStore().legacyProductId(Number(to.params.id))
      // A redirect from a guard: the old address never enters the history.
      if (id !== undefined) return to.name === 'product' ? { name: 'product', params: { id }, query: to.query, hash: to.hash } : { name: 'inventory-product', params: { id }, query: to.query, hash: to.hash }
    }
    const session = useSessionStore()
    await session.whenReady()
    // A session past its idle or absolute limit ends here rather than letting one more page through.
    if (session.isLoggedIn) await session.checkSession()
    const refused = accessRedirect(to, session)
    if (refused) return refused
    if (pageNeeds(to, 'guestOnly') && session.isLoggedIn) return safeRedirect(to.query.redirect)
    return true
  })

  router.afterEach(() => {
    // Moving between pages is activity: it keeps the session from going idle.
    void useSessionStore().checkSession({ activity: true })
  })

  return router
}
