/** The upstream services behind the pins API, one per owning team. */
export const UPSTREAM_NAMES = ['shopping', 'comments', 'boards', 'images'] as const;

/** The name of one upstream service (and of the team that owns it). */
export type UpstreamName = (typeof UPSTREAM_NAMES)[number];

/** The base URL of every upstream, by name (`http://127.0.0.1:<port>`). */
export type UpstreamUrls = Readonly<Record<UpstreamName, string>>;

/** Whether `value` names an upstream. */
export function isUpstreamName(value: unknown): value is UpstreamName {
  return (UPSTREAM_NAMES as readonly unknown[]).includes(value);
}
