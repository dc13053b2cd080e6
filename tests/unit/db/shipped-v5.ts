/**
 * Version 5's schema exactly as it shipped (src/db/database.ts, versions 1 to 5 together), for
 * the tests that upgrade a version-5 database. Never change it: it is what devices hold.
 */
export const SHIPPED_V5_SCHEMA = {
  users: '++id, &usernameKey, role',
  products: '++id, &sku, category, [listed+stockGap+id]',
  listings:
    'id, *nameWords, [listed+nameKey+id], [category+listed+nameKey+id], [listed+price+id], [category+listed+price+id], ' +
    '[listed+createdAt+id], [category+listed+createdAt+id], [stocked+nameKey+id], [category+stocked+nameKey+id], [stocked+price+id], ' +
    '[category+stocked+price+id], [stocked+createdAt+id], [category+stocked+createdAt+id]',
  stockLedger: '++id, [productId+id]',
  cartItems: '[userId+productId], userId',
  orders: 'id, &number, userId, [userId+createdAt], createdAt, status, [status+createdAt]',
  sessions: 'key',
  meta: 'key',
  payments: 'id, orderId, createdAt',
}
