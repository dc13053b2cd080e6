/**
 * Type-level tests of the typed routes, checked by `npm run typecheck` (vue-tsc over
 * tests/**): each `@ts-expect-error` fails the check if its line stops being an error,
 * so a route name that the types no longer catch shows up here. Never run, only compiled.
 */
import type { RouteLocationRaw, Router, RouterLinkProps, RouteLocationNormalizedLoaded } from 'vue-router'
import type { ShopRouteNamedMap } from '../../src/router/routes'

export function typedRouteNames(router: Router) {
  void router.push({ name: 'catalog' })
  void router.push({ name: 'product', params: { id: 7 } })
  void router.push({ name: 'inventory-product', params: { id: '3' }, query: { created: '1' } })
  void router.push({ name: 'login', query: { redirect: '/cart' } })
  // @ts-expect-error a name that is not a route
  void router.push({ name: 'typo' })
  // @ts-expect-error the product page's param is `id`
  void router.push({ name: 'product', params: { productId: 7 } })
  // @ts-expect-error a param is a string or a number
  void router.replace({ name: 'order', params: { id: true } })

  const link: RouterLinkProps['to'] = { name: 'inventory-csv' }
  // @ts-expect-error what <RouterLink :to="{ name: 'typo' }"> checks
  const typo: RouterLinkProps['to'] = { name: 'typo' }
  // @ts-expect-error an owner page under its old-style name
  const raw: RouteLocationRaw = { name: 'admin_orders' }
  return [link, typo, raw]
}

export function typedParams(route: RouteLocationNormalizedLoaded<'order'>, product: RouteLocationNormalizedLoaded<'inventory-product'>) {
  const id: string = route.params.id
  const productId: string = product.params.id
  // @ts-expect-error the order page has no such param
  void route.params.number
  return [id, productId]
}

/** The owner's pages are in the map under their full paths, though written relative to their parent. */
type Path<Name extends keyof ShopRouteNamedMap> = ShopRouteNamedMap[Name]['path']
export const ownerPaths: [Path<'settings'>, Path<'inventory-product'>, Path<'admin-users'>, Path<'not-found'>] = [
  '/settings',
  '/inventory/products/:id([-0-9A-Za-z_]{13}|\\d+)',
  '/admin/users',
  '/:pathMatch(.*)*',
]
// @ts-expect-error the parent's path is not joined twice
export const notDoubled: Path<'settings'> = '//settings'
