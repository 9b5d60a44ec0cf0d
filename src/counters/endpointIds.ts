/** The `endpoint` label value that stands for every endpoint past the cap. */
export const OTHER_ENDPOINT = '__other__';

/** How many distinct endpoints get a label of their own before the rest share {@link OTHER_ENDPOINT}. */
export const DEFAULT_MAX_ENDPOINTS = 200;

const names: string[] = [OTHER_ENDPOINT];
const ids = new Map<string, number>([[OTHER_ENDPOINT, 0]]);
let maxEndpoints = DEFAULT_MAX_ENDPOINTS;

/**
 * A small integer for an endpoint (route template), assigned once per distinct endpoint, so the hot
 * path counts by array index. Past the cap every new endpoint maps to {@link OTHER_ENDPOINT}.
 */
export function endpointId(endpoint: string): number {
  const known = ids.get(endpoint);
  if (known !== undefined) return known;
  if (names.length > maxEndpoints) return 0;
  const id = names.length;
  names.push(endpoint);
  ids.set(endpoint, id);
  return id;
}

/** The endpoint an id stands for. */
export function endpointName(id: number): string {
  return names[id] ?? OTHER_ENDPOINT;
}

/** Changes the cap for endpoints not seen yet. */
export function setMaxEndpoints(max: number): void {
  maxEndpoints = max;
}

/** Forgets every endpoint (tests). */
export function resetEndpointIds(): void {
  names.length = 1;
  ids.clear();
  ids.set(OTHER_ENDPOINT, 0);
}
