/** What this reads of an Express 5 (router 2) layer: its route, its handler, its path template, its matcher. */
interface LayerLike {
  readonly route?: unknown;
  readonly handle?: unknown;
  readonly rawPath?: unknown;
  match?(path: string): { readonly path: string; readonly pattern?: unknown } | false;
}

/** A router, or an app's router: its layers. */
interface RouterLike {
  readonly stack?: readonly LayerLike[];
}

/** The template shown when the mount path of a route cannot be read (Express 4, a mounted sub-app). */
export const UNKNOWN_MOUNT = '/*';

/** Per route: the chains of mount layers from the app's router down to the router that holds it. */
const chainsByRoute = new WeakMap<object, readonly (readonly LayerLike[])[]>();

/**
 * The full route template of an Express request: the template of every router mount path it came
 * through (`/users/:userId`) followed by the route's own (`/posts/:postId`), read from the app's router
 * tree, never from `req.baseUrl` (which holds the matched values, ids included). Routers are found once
 * per route; when one router is mounted at several paths, the chain whose mount paths match
 * `req.baseUrl` is used. When no chain can be read, the mount path shows as {@link UNKNOWN_MOUNT}.
 */
export function expressRouteTemplate(appRouter: RouterLike | undefined, route: { readonly path?: unknown }, baseUrl: string): string | undefined {
  const routePath = route.path;
  if (typeof routePath !== 'string') return undefined;
  if (baseUrl === '') return routePath;
  let chains = chainsByRoute.get(route);
  if (chains === undefined) {
    chains = appRouter === undefined ? [] : chainsTo(appRouter, route, 0);
    chainsByRoute.set(route, chains);
  }
  for (const chain of chains) {
    const mount = mountTemplate(chain, baseUrl, chains.length === 1);
    if (mount !== undefined) return `${mount}${routePath}`;
  }
  return `${UNKNOWN_MOUNT}${routePath}`;
}

function chainsTo(router: RouterLike, route: object, depth: number): LayerLike[][] {
  const found: LayerLike[][] = [];
  if (depth > 32 || !Array.isArray(router.stack)) return found;
  for (const layer of router.stack) {
    if (layer.route === route) found.push([]);
    else if (layer.route === undefined && isRouter(layer.handle)) for (const chain of chainsTo(layer.handle, route, depth + 1)) found.push([layer, ...chain]);
  }
  return found;
}

/** The mount paths of `chain` as one template; with `trusted` (the only chain) without matching `baseUrl` when every layer has one path. */
function mountTemplate(chain: readonly LayerLike[], baseUrl: string, trusted: boolean): string | undefined {
  let template = '';
  let rest = baseUrl;
  for (const layer of chain) {
    let pattern: unknown = layer.rawPath;
    if (!trusted || Array.isArray(pattern)) {
      const matched = typeof layer.match === 'function' ? layer.match(rest) : false;
      if (!matched) return undefined;
      rest = rest.slice(matched.path.length);
      pattern = matched.pattern;
    }
    if (typeof pattern !== 'string') return undefined;
    template += pattern === '/' ? '' : pattern.replace(/\/$/, '');
  }
  return !trusted && rest !== '' && rest !== '/' ? undefined : template;
}

function isRouter(value: unknown): value is RouterLike {
  return typeof value === 'function' && Array.isArray((value as RouterLike).stack);
}
