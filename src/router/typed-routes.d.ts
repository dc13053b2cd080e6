// vue-router's typed routes: every name, path and param of the shop's routes (routes.ts),
// so router.push, RouterLink's `to` and useRoute() know them and a misspelt name fails.
import type { ShopRouteNamedMap } from './routes'

declare module 'vue-router' {
  interface TypesConfig {
    RouteNamedMap: ShopRouteNamedMap
  }
}
