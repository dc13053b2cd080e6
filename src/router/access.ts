/**
 * Who may see a page, decided in one place for the router's guard (every navigation) and
 * for App.vue (the person changes while a page is open: a logout in another tab, a
 * demotion). A page's needs are its own meta and its parents' (the owner's pages share
 * one parent route that requires the owner).
 */
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router'

export interface Visitor {
  isLoggedIn: boolean
  isOwner: boolean
}

/** Whether the page or any route above it sets `flag`. */
export function pageNeeds(to: Pick<RouteLocationNormalized, 'matched'>, flag: 'requiresAuth' | 'requiresOwner' | 'guestOnly'): boolean {
  return to.matched.some((record) => record.meta[flag] === true)
}

/** Where to send a person who may not see `to`: to log in, or to "not allowed"; undefined if they may. */
export function accessRedirect(to: Pick<RouteLocationNormalized, 'matched' | 'fullPath'>, who: Visitor): RouteLocationRaw | undefined {
  const owner = pageNeeds(to, 'requiresOwner')
  if ((owner || pageNeeds(to, 'requiresAuth')) && !who.isLoggedIn) return { name: 'login', query: { redirect: to.fullPath } }
  if (owner && !who.isOwner) return { name: 'not-allowed' }
  return undefined
}
