/**
 * Reading the series of a Prometheus HTTP API answer (`/api/v1/query`, `/api/v1/query_range`) defensively:
 * an answer is checked before it is used, and what is wrong in it is named, so that a server answering
 * something else is a message, never a `TypeError` from deep inside a command.
 */

/** A sample value as Prometheus writes it (`"0.25"`, `"1e-05"`, `"+Inf"`, `"-Inf"`, `"NaN"`) as a number; undefined for anything else. */
export function sampleValue(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}

/**
 * The labels (`metric`) of `item`, one series of an answer's `data.result`.
 * @returns the labels, or a description of what is wrong (`.metric["owner"] is 7, not a string`), to follow the series' place.
 */
export function seriesLabels(item: unknown): Readonly<Record<string, string>> | string {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return ` is ${describeAnswerValue(item)}, not a series object`;
  const { metric = {} } = item as { metric?: unknown };
  if (typeof metric !== 'object' || metric === null || Array.isArray(metric)) return `.metric is ${describeAnswerValue(metric)}, not an object of labels`;
  for (const [name, value] of Object.entries(metric)) {
    if (typeof value !== 'string') return `.metric[${JSON.stringify(name)}] is ${describeAnswerValue(value)}, not a string`;
  }
  return metric as Record<string, string>;
}

/** A `[time, "value"]` pair of an answer as numbers, or undefined when it is not one. */
export function samplePair(pair: unknown): { readonly time: number; readonly value: number } | undefined {
  if (!Array.isArray(pair) || pair.length !== 2) return undefined;
  const [time, text] = pair as unknown[];
  const value = sampleValue(text);
  return typeof time === 'number' && Number.isFinite(time) && value !== undefined ? { time, value } : undefined;
}

/** A value of an answer, shortened for a message: `null`, `5`, `"abc"`, `[1796392800,"lots"]`, `an object ({"a":…)`; at most about 60 characters. */
export function describeAnswerValue(value: unknown): string {
  if (value === undefined) return 'missing';
  const json = JSON.stringify(value);
  if (json.length <= 60) return json;
  if (typeof value === 'object' && value !== null) return `${Array.isArray(value) ? 'a list' : 'an object'} (${json.slice(0, 40)}…)`;
  return `${json.slice(0, 57)}…`;
}
