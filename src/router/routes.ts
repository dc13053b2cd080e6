/**
 * Every page of the shop: its URL, its name (what code links to), its title and who may
 * see it. The owner's pages sit under one parent route that says so once. Route names are
 * typed (typed-routes.d.ts): a link to a name that is not here fails the type-check.
 */
import type { RouteRecordRaw } from 'vue-router'
import CatalogView from '../views/CatalogView.vue'
import { defineRoutes, type RouteNamedMapOf } from './typedRoutes'

/** The owner's pages: the dashboard, inventory, CSV, low stock, every order, accounts, settings. */
const ownerRoutes = defineRoutes([
  // Where an owner lands after logging in (LoginView); Chart.js loads with this page only.
  { path: 'dashboard', name: 'dashboard', component: () => import('../views/DashboardView.vue'), meta: { title: 'Dashboard' } },
  { path: 'admin/orders', name: 'admin-orders', component: () => import('../views/AdminOrdersView.vue'), meta: { title: 'All orders' } },
  { path: 'admin/users', name: 'admin-users', component: () => import('../views/AdminUsersView.vue'), meta: { title: 'Accounts' } },
  { path: 'settings', name: 'settings', component: () => import('../views/SettingsView.vue'), meta: { title: 'Settings' } },
  { path: 'inventory', name: 'inventory', component: () => import('../views/inventory/InventoryView.vue'), meta: { title: 'Inventory' } },
  { path: 'inventory/new', name: 'inventory-new', component: () => import('../views/inventory/ProductEditView.vue'), meta: { title: 'New product' } },
  {
    path: 'inventory/products/:id([-0-9A-Za-z_]{13}|\\d+)',
    name: 'inventory-product',
    component: () => import('../views/inventory/ProductEditView.vue'),
    props: (route) => ({ id: String(route.params.id) }),
    meta: { title: 'Edit product' },
  },
  { path: 'inventory/low-stock', name: 'inventory-low-stock', component: () => import('../views/inventory/LowStockView.vue'), meta: { title: 'Low stock' } },
  { path: 'inventory/csv', name: 'inventory-csv', component: () => import('../views/inventory/CsvView.vue'), meta: { title: 'Import and export' } },
])

const routeTable = defineRoutes([
  { path: '/', name: 'catalog', component: CatalogView, meta: { title: 'Products' } },
  {
    // A product's global id (domain/id.ts); an old numeric address (/products/25) redirects (router/index.ts).
    path: '/products/:id([-0-9A-Za-z_]{13}|\\d+)',
    name: 'product',
    component: () => import('../views/ProductView.vue'),
    props: (route) => ({ id: String(route.params.id) }),
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
  // No name and no component: this parent only groups the owner's pages under its meta, so
  // it matches no URL of its own and its children render straight into App's RouterView.
  { path: '/', meta: { requiresOwner: true }, children: ownerRoutes },
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
    path: '/not-allowed',
    name: 'not-allowed',
    component: () => import('../views/NotAllowedView.vue'),
    meta: { title: 'Not allowed' },
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue'), meta: { title: 'Page not found' } },
])

/** The routes as vue-router takes them; assigning the table here checks it against vue-router's own type. */
export const routes: Readonly<RouteRecordRaw[]> = routeTable

/** Every named route with its path and params, for vue-router's typed routes. */
export type ShopRouteNamedMap = RouteNamedMapOf<typeof routeTable>
