import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { runPromtool } from '../../operations/support/prometheusBinaries.js';

/** One field of a synthetic fleet: its traffic and how it behaves. */
export interface SyntheticField {
  readonly owner: string;
  readonly field: string;
  readonly critical: boolean;
  readonly callsPerSecond: number;
  /** Share of the calls made (not shed) that degrade (or, when critical, fail). */
  readonly degradedRatio: number;
  /**
   * Share of calls shed by the process's brownout (outcome `shed`, answered at once, and not in the duration
   * histogram, as the runtime records them). Undefined: no `shed` series (brownout not configured); 0: brownout on but idle.
   */
  readonly shedRatio?: number;
  /** Typical latency, seconds: over 99% of calls fall in its histogram bucket, the rest in the next one. */
  readonly latencySeconds: number;
}

/** A fleet: its `track` label and its fields. */
export interface SyntheticFleet {
  readonly track: string;
  readonly fields: readonly SyntheticField[];
}

/** The histogram buckets written (a short list: the data sets are large). */
export const SYNTHETIC_BUCKETS = [0.025, 0.05, 0.1, 0.25] as const;

/**
 * Writes the fleets' `field_dependency_calls_total` and `field_dependency_duration_seconds_bucket` series
 * as OpenMetrics text, one sample every `scrapeSeconds` from `start` to `end` (Unix seconds), with a
 * deterministic wobble on every rate so that no two steps are alike, and turns it into TSDB blocks under
 * `dataDirectory` with `promtool tsdb create-blocks-from openmetrics`.
 */
export async function createSyntheticTsdb(
  fleets: readonly SyntheticFleet[],
  options: { readonly start: number; readonly end: number; readonly scrapeSeconds: number; readonly workDirectory: string; readonly dataDirectory: string },
): Promise<void> {
  const file = path.join(options.workDirectory, 'fleets.om.txt');
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const times: number[] = [];
  for (let time = options.start; time <= options.end; time += options.scrapeSeconds) times.push(time);
  let seed = 12_345;
  const noise = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };

  /** Per field and scrape: calls, degraded calls, calls per bucket (cumulative counters, computed once). */
  const series = new Map<string, number[]>();
  const add = (key: string, index: number, amount: number) => {
    let values = series.get(key);
    if (values === undefined) series.set(key, (values = new Array<number>(times.length).fill(0)));
    values[index] = (index === 0 ? 0 : (values[index - 1] as number)) + amount;
  };
  for (const fleet of fleets) {
    for (const item of fleet.fields) {
      const labels = `owner="${item.owner}",field="${item.field}",critical="${item.critical}",track="${fleet.track}"`;
      const bucket = SYNTHETIC_BUCKETS.findIndex((le) => item.latencySeconds <= le);
      for (let index = 0; index < times.length; index++) {
        const offered = Math.round(item.callsPerSecond * options.scrapeSeconds * (0.8 + 0.4 * noise()));
        const shed = Math.round(offered * (item.shedRatio ?? 0));
        const calls = offered - shed;
        const degraded = Math.min(calls, Math.round(calls * item.degradedRatio * (0.6 + 0.8 * noise())));
        add(`field_dependency_calls_total{${labels},outcome="success"}`, index, calls - degraded);
        add(`field_dependency_calls_total{${labels},outcome="${item.critical ? 'failed' : 'degraded'}"}`, index, degraded);
        if (item.shedRatio !== undefined) add(`field_dependency_calls_total{${labels},outcome="shed"}`, index, shed);
        // 99.2% to 99.9% of the calls made within the typical latency's bucket: the p99 stays in it (shed calls are not observed)
        const inBucket = Math.round(calls * (0.992 + 0.007 * noise()));
        SYNTHETIC_BUCKETS.forEach((le, position) => {
          const below = bucket === -1 || position < bucket ? 0 : position === bucket ? inBucket : calls;
          add(`field_dependency_duration_seconds_bucket{${labels},le="${le}"}`, index, below);
        });
        add(`field_dependency_duration_seconds_bucket{${labels},le="+Inf"}`, index, calls);
      }
    }
  }
  for (const family of ['field_dependency_calls_total', 'field_dependency_duration_seconds_bucket']) {
    await write(`# TYPE ${family} unknown\n`);
    for (const [key, values] of series) {
      if (!key.startsWith(`${family}{`)) continue;
      let text = '';
      for (let index = 0; index < times.length; index++) text += `${key} ${values[index]} ${times[index]}\n`;
      await write(text);
    }
  }
  await write('# EOF\n');
  out.end();
  await once(out, 'close');
  const run = runPromtool(['tsdb', 'create-blocks-from', 'openmetrics', file, options.dataDirectory]);
  if (run.status !== 0) throw new Error(`promtool tsdb create-blocks-from openmetrics failed:\n${run.output}`);
}
