import { createRouter, createWebHistory, START_LOCATION, type RouteRecordRaw } from 'vue-router'
import { useCatalogStore } from '../stores/catalog'
import { safeRedirect } from './redirect'
import { useSessionStore } from '../stores/session'
import CatalogView from '../views/CatalogView.vue'

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

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'catalog', component: CatalogView, meta: { title: 'Products' } },
  {
    path: '/products/:id(\\d+)',
    name: 'product',
    component: () => import('../views/ProductView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'Product' },
  },
  { path: '/cart', name: 'cart', component: () => import('../views/CartView.vue'), meta: { title: 'Your cart' } },
  {
    path: '/checkout',
    name: 'checkout',
    component: () => import('../views/CheckoutView.vue'),
    meta: { title: 'Checkout', requiresAuth: true },
  },
  { path: '/orders', name: 'orders', component: () => import('../views/OrdersView.vue'), meta: { title: 'Your orders', requiresAuth: true } },
  {
    path: '/orders/:id',
    name: 'order',
    component: () => import('../views/OrderDetailView.vue'),
    props: true,
    meta: { title: 'Order details', requiresAuth: true },
  },
  {
    path: '/orders/:id/receipt',
    name: 'receipt',
    component: () => import('../views/ReceiptView.vue'),
    props: true,
    meta: { title: 'Receipt', requiresAuth: true },
  },
  {
    path: '/admin/orders',
    name: 'admin-orders',
    component: () => import('../views/AdminOrdersView.vue'),
    meta: { title: 'All orders', requiresAuth: true, requiresOwner: true },
  },
  {
    path: '/settings',
    name: 'settings',
    component: () => import('../views/SettingsView.vue'),
    meta: { title: 'Settings', requiresAuth: true, requiresOwner: true },
  },
  {
    path: '/inventory',
    name: 'inventory',
    component: () => import('../views/inventory/InventoryView.vue'),
    meta: { title: 'Inventory', requiresAuth: true, requiresOwner: true },
  },
  {
    path: '/inventory/new',
    name: 'inventory-new',
    component: () => import('../views/inventory/ProductEditView.vue'),
    meta: { title: 'New product', requiresAuth: true, requiresOwner: true },
  },
  {
    path: '/inventory/products/:id(\\d+)',
    name: 'inventory-product',
    component: () => import('../views/inventory/ProductEditView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'Edit product', requiresAuth: true, requiresOwner: true },
  },
  {
    path: '/inventory/low-stock',
    name: 'inventory-low-stock',
    component: () => import('../views/inventory/LowStockView.vue'),
    meta: { title: 'Low stock', requiresAuth: true, requiresOwner: true },
  },
  {
    path: '/inventory/csv',
    name: 'inventory-csv',
    component: () => import('../views/inventory/CsvView.vue'),
    meta: { title: 'Import and export', requiresAuth: true, requiresOwner: true },
  },
  { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { title: 'Log in', guestOnly: true } },
  {
    path: '/register',
    name: 'register',
    component: () => import('../views/RegisterView.vue'),
    meta: { title: 'Create account', guestOnly: true },
  },
  {
    path: '/account',
    name: 'account',
    component: () => import('../views/AccountView.vue'),
    meta: { title: 'Your account', requiresAuth: true },
  },
  {
    path: '/admin/users',
    name: 'admin-users',
    component: () => import('../views/AdminUsersView.vue'),
    meta: { title: 'Accounts', requiresOwner: true },
  },
  {
    path: '/not-allowed',
    name: 'not-allowed',
    component: () => import('../views/NotAllowedView.vue'),
    meta: { title: 'Not allowed' },
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue'), meta: { title: 'Page not found' } },
]

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
    const session = useSessionStore()
    await session.whenReady()
    // A session past its idle or absolute limit ends here rather than letting one more page through.
    if (session.isLoggedIn) await session.checkSession()
    if ((to.meta.requiresAuth || to.meta.requiresOwner) && !session.isLoggedIn) return { name: 'login', query: { redirect: to.fullPath } }
    if (to.meta.requiresOwner && !session.isOwner) return { name: 'not-allowed' }
    if (to.meta.guestOnly && session.isLoggedIn) return safeRedirect(to.query.redirect)
    return true
  })

  router.afterEach((to) => {
    // Moving between pages is activity: it keeps the session from going idle.
    void useSessionStore().checkSession({ activity: true })
    document.title = to.meta.title ? `${to.meta.title} · Offline Shop` : 'Offline Shop'
  })

  return router
}
