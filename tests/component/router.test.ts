/**
 * The route table: every page keeps its URL, name and title; the owner's pages, grouped
 * under one parent route, are each refused to visitors and customers; the parent itself
 * is no page.
 */
import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { accessRedirect, pageNeeds } from '../../src/router/access'
import { routes } from '../../src/router'

const router = createRouter({ history: createMemoryHistory(), routes })

const VISITOR = { isLoggedIn: false, isOwner: false }
const CUSTOMER = { isLoggedIn: true, isOwner: false }
const OWNER = { isLoggedIn: true, isOwner: true }

type Access = 'anyone' | 'logged-in' | 'owner' | 'guest'

// URL → name, title and who may see it, as they were before the owner's pages were grouped.
const PAGES: [string, string, string, Access][] = [
  ['/', 'catalog', 'Products', 'anyone'],
  ['/products/-P7ksRwOhw6m4', 'product', 'Product', 'anyone'],
  // An address from before global ids: the guard redirects it (legacy-redirect.test.ts).
  ['/products/12', 'product', 'Product', 'anyone'],
  ['/cart', 'cart', 'Your cart', 'anyone'],
  ['/checkout', 'checkout', 'Checkout', 'logged-in'],
  ['/orders', 'orders', 'Your orders', 'logged-in'],
  ['/orders/abc', 'order', 'Order details', 'logged-in'],
  ['/orders/abc/receipt', 'receipt', 'Receipt', 'logged-in'],
  ['/dashboard', 'dashboard', 'Dashboard', 'owner'],
  ['/admin/orders', 'admin-orders', 'All orders', 'owner'],
  ['/admin/users', 'admin-users', 'Accounts', 'owner'],
  ['/settings', 'settings', 'Settings', 'owner'],
  ['/inventory', 'inventory', 'Inventory', 'owner'],
  ['/inventory/new', 'inventory-new', 'New product', 'owner'],
  ['/inventory/products/-P7ksRwOhw6m4', 'inventory-product', 'Edit product', 'owner'],
  ['/inventory/products/3', 'inventory-product', 'Edit product', 'owner'],
  ['/inventory/low-stock', 'inventory-low-stock', 'Low stock', 'owner'],
  ['/inventory/csv', 'inventory-csv', 'Import and export', 'owner'],
  ['/login', 'login', 'Log in', 'guest'],
  ['/register', 'register', 'Create account', 'guest'],
  ['/account', 'account', 'Your account', 'logged-in'],
  ['/not-allowed', 'not-allowed', 'Not allowed', 'anyone'],
  ['/no/such/page', 'not-found', 'Page not found', 'anyone'],
  ['/products/abc', 'not-found', 'Page not found', 'anyone'],
  ['/inventory/products/abc', 'not-found', 'Page not found', 'anyone'],
  ['/products/-P7ksRwOhw6m4x', 'not-found', 'Page not found', 'anyone'],
]

describe('routes', () => {
  it.each(PAGES)('%s is the %s page, titled “%s”', (path, name, title) => {
    const to = router.resolve(path)
    expect(to.name).toBe(name)
    expect(to.meta.title).toBe(title)
  })

  it.each(PAGES)('%s: who may see it', (path, _name, _title, access) => {
    const to = router.resolve(path)
    const login = { name: 'login', query: { redirect: to.fullPath } }
    expect(accessRedirect(to, VISITOR)).toEqual(access === 'logged-in' || access === 'owner' ? login : undefined)
    expect(accessRedirect(to, CUSTOMER)).toEqual(access === 'owner' ? { name: 'not-allowed' } : undefined)
    expect(accessRedirect(to, OWNER)).toBeUndefined()
    expect(pageNeeds(to, 'guestOnly')).toBe(access === 'guest')
  })

  it('names every page the table lists, and no other', () => {
    const named = router
      .getRoutes()
      .flatMap((r) => (typeof r.name === 'string' ? [r.name] : []))
      .sort()
    expect(named).toEqual([...new Set(PAGES.map(([, name]) => name))].sort())
  })

  it('says "owner only" once, on the parent of the owner’s pages, which is no page itself', () => {
    const parents = routes.filter((r) => r.meta?.requiresOwner)
    expect(parents).toHaveLength(1)
    const [parent] = parents
    expect(parent).not.toHaveProperty('name')
    expect(parent).not.toHaveProperty('component')
    const children = parent?.children ?? []
    expect(children.map((r) => r.name).sort()).toEqual([...new Set(PAGES.filter(([, , , access]) => access === 'owner').map(([, name]) => name))].sort())
    expect(children.filter((r) => r.meta?.requiresOwner !== undefined || r.meta?.requiresAuth !== undefined)).toEqual([])
    // The parent shares the catalog's path but matches nothing on its own.
    expect(router.resolve('/').matched.map((r) => r.name)).toEqual(['catalog'])
    expect(router.resolve('/settings').matched.map((r) => r.name)).toEqual([undefined, 'settings'])
  })

  it('hands a product page its id as written', () => {
    const to = router.resolve('/inventory/products/-P7ksRwOhw6m4')
    const props = to.matched.at(-1)?.props.default
    expect(typeof props === 'function' ? props(to) : props).toEqual({ id: '-P7ksRwOhw6m4' })
  })
})
