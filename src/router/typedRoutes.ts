/**
 * vue-router's typed routes for a route table written by hand: the map of route names to
 * paths and params (vue-router's RouteNamedMap) is derived from the table itself, so a
 * route is declared once and `router.push({ name: 'typo' })` or a RouterLink to it fails
 * the type-check. Only types here; nothing of it reaches the bundle.
 */
import type {
  ParamValue,
  ParamValueOneOrMore,
  ParamValueZeroOrMore,
  ParamValueZeroOrOne,
  RouteComponent,
  RouteLocationNormalizedGeneric,
  RouteMeta,
  RouteParamsGeneric,
  RouteParamsRawGeneric,
  RouteRecordInfo,
} from 'vue-router'

/**
 * The part of vue-router's RouteRecordRaw the shop uses, in types that do not depend on the
 * route map: the map is derived from the table, so checking the table against types made
 * from the map would make the table's type depend on itself.
 */
export interface RouteNode {
  path: string
  name?: string
  component?: RouteComponent | (() => Promise<RouteComponent>)
  props?: boolean | ((route: RouteLocationNormalizedGeneric) => Record<string, unknown>)
  meta?: RouteMeta
  children?: RouteNode[]
}

/** Keeps a route table's literal names and paths for the types (see RouteNamedMapOf). */
export function defineRoutes<const T extends RouteNode[]>(routes: T): T {
  return routes
}

/** A child's full path: absolute as written, or relative to its parent's. */
type JoinPath<Parent extends string, Child extends string> = Child extends `/${string}`
  ? Child
  : Parent extends `${infer Base}/`
    ? `${Base}/${Child}`
    : Child extends ''
      ? Parent
      : `${Parent}/${Child}`

/** One `:param(regex)modifier` segment of a path, as { name, modifier }. */
type ParamOf<Segment extends string> = Segment extends `:${infer Rest}`
  ? Rest extends `${infer Name}(${string})${infer Modifier}`
    ? { name: Name; modifier: Modifier }
    : Rest extends `${infer Name}${'?' | '*' | '+'}`
      ? { name: Name; modifier: Rest extends `${Name}${infer Modifier}` ? Modifier : '' }
      : { name: Rest; modifier: '' }
  : never

type ParamsOfPath<Path extends string> = Path extends `${infer Segment}/${infer Rest}` ? ParamOf<Segment> | ParamsOfPath<Rest> : ParamOf<Path>

type Value<Modifier, IsRaw extends boolean> = Modifier extends '?'
  ? ParamValueZeroOrOne<IsRaw>
  : Modifier extends '*'
    ? ParamValueZeroOrMore<IsRaw>
    : Modifier extends '+'
      ? ParamValueOneOrMore<IsRaw>
      : ParamValue<IsRaw>

/** A path's params as router.push takes them (optional ones may be left out) or as the route gives them. */
type Params<Path extends string, IsRaw extends boolean> = {
  [P in ParamsOfPath<Path> as P['modifier'] extends '?' | '*' ? never : P['name']]: Value<P['modifier'], IsRaw>
} & {
  [P in ParamsOfPath<Path> as P['modifier'] extends '?' | '*' ? P['name'] : never]?: Value<P['modifier'], IsRaw>
}

type Simplify<T> = { [K in keyof T]: T[K] } & {}

/** Every named route of a subtree. */
type NamesOf<Nodes> = Nodes extends RouteNode[] ? (Nodes[number]['name'] & string) | NamesOf<Nodes[number]['children']> : never

/** A route with its full path and its descendants' names, then the same for each child. */
type Entries<Node, Parent extends string> = Node extends RouteNode
  ?
      | { name: Node['name']; path: JoinPath<Parent, Node['path']>; children: NamesOf<Node['children']> }
      | (Node['children'] extends RouteNode[] ? Entries<Node['children'][number], JoinPath<Parent, Node['path']>> : never)
  : never

type InfoOf<E> = E extends { name: infer Name extends string; path: infer Path extends string; children: infer Children extends string }
  ? [Simplify<Params<Path, true>>, Simplify<Params<Path, false>>] extends [infer Raw extends RouteParamsRawGeneric, infer Normal extends RouteParamsGeneric]
    ? RouteRecordInfo<Name, Path, Raw, Normal, Children>
    : never
  : never

/** vue-router's RouteNamedMap of a route table made with defineRoutes. */
export type RouteNamedMapOf<Nodes extends RouteNode[]> = {
  [E in Entries<Nodes[number], ''> as E extends { name: infer Name extends string } ? Name : never]: InfoOf<E>
}
