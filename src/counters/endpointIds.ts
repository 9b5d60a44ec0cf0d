import { OTHER_ENDPOINT } from '../contract/endpointSentinels.js';

/** How many distinct endpoints of one source get a label of their own before the rest share {@link OTHER_ENDPOINT}. */
export const DEFAULT_MAX_ENDPOINTS = 200;

/**
 * Where an endpoint's name comes from; each source has a cap of its own, so names clients choose cannot
 * use up the labels of the server's own routes:
 * - `route`: chosen by the server: route templates (Express, Fastify) and `degradationScope`'s `endpoint`;
 * - `operation`: chosen by clients: GraphQL operation names (when no allowlist keeps them to the server's own).
 */
export type EndpointSource = 'route' | 'operation';

/** A path position may always fan out this far, however small the cap. */
const MIN_FAN_OUT = 8;

/** One path position of the endpoints admitted so far: its distinct next segments. */
type PathNode = Map<string, PathNode>;

const names: string[] = [OTHER_ENDPOINT];
const ids = new Map<string, number>([[OTHER_ENDPOINT, 0]]);
let paths: PathNode = new Map();
let maxEndpoints = DEFAULT_MAX_ENDPOINTS;
/** How many endpoints each source has been given a label for. */
const admitted: Record<EndpointSource, number> = { route: 0, operation: 0 };

/**
 * A small integer for an endpoint (route template), assigned once per distinct endpoint, so the hot
 * path counts by array index. Past its source's cap (see {@link EndpointSource}) every new endpoint
 * maps to {@link OTHER_ENDPOINT}: 300 operation names a client made up leave the routes' labels alone.
 *
 * One noisy source cannot use the whole cap: a path position (`/users/…`) may fan out to at most a
 * quarter of the cap (at least 8) in distinct literal segments; `:param` segments of a template count once. Raw ids
 * that reach the label (`/users/1/posts`, `/users/2/posts`, …) so stop at a quarter, and routes seen
 * later still get their own label. Endpoints that are not paths (GraphQL operation names) are capped
 * only as a whole.
 */
export function endpointId(endpoint: string, source: EndpointSource = 'route'): number {
  const known = ids.get(endpoint);
  if (known !== undefined) return known;
  if (admitted[source] >= maxEndpoints) return 0;
  if (endpoint.startsWith('/') && !admitPath(endpoint)) return 0;
  const id = names.length;
  names.push(endpoint);
  ids.set(endpoint, id);
  admitted[source]++;
  return id;
}

/** Records the endpoint's path segments, unless one of its positions has fanned out to its share already. */
function admitPath(endpoint: string): boolean {
  const fanOut = Math.max(MIN_FAN_OUT, Math.ceil(maxEndpoints / 4));
  const segments = endpoint.split('/');
  let node = paths;
  for (let index = 1; index < segments.length; index++) {
    const segment = segments[index] as string;
    const next = node.get(segment);
    if (next === undefined && !segment.startsWith(':') && literalChildren(node) >= fanOut) return false;
    node = next ?? new Map();
  }
  node = paths;
  for (let index = 1; index < segments.length; index++) {
    const segment = segments[index] as string;
    let next = node.get(segment);
    if (next === undefined) node.set(segment, (next = new Map()));
    node = next;
  }
  return true;
}

function literalChildren(node: PathNode): number {
  let count = 0;
  for (const segment of node.keys()) if (!segment.startsWith(':')) count++;
  return count;
}

/** The endpoint an id stands for. */
export function endpointName(id: number): string {
  return names[id] ?? OTHER_ENDPOINT;
}

/** Changes the cap (per source) for endpoints not seen yet. */
export function setMaxEndpoints(max: number): void {
  maxEndpoints = max;
}

/** Forgets every endpoint (tests). */
export function resetEndpointIds(): void {
  names.length = 1;
  ids.clear();
  ids.set(OTHER_ENDPOINT, 0);
  paths = new Map();
  admitted.route = 0;
  admitted.operation = 0;
}
