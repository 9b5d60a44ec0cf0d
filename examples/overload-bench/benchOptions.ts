/** The scenarios of `npm run bench:overload`, in the order they run. */
export const SCENARIOS = ['overload', 'slow-upstream', 'healthy-cost'] as const;

/** One of {@link SCENARIOS}. */
export type Scenario = (typeof SCENARIOS)[number];

/** The command-line flags, for `parseArgs` (every value a string). */
export const BENCH_FLAGS = {
  seconds: { type: 'string', default: '60' },
  'recovery-seconds': { type: 'string', default: '20' },
  'warm-seconds': { type: 'string', default: '5' },
  multipliers: { type: 'string', default: '1.5,2' },
  saturation: { type: 'string' },
  'saturation-seconds': { type: 'string', default: '10' },
  'slo-ms': { type: 'string' },
  'low-share': { type: 'string', default: '0.25' },
  'slow-seconds': { type: 'string', default: '30' },
  'slow-load': { type: 'string', default: '0.8' },
  'upstream-latency-ms': { type: 'string', default: '5' },
  'field-work-us': { type: 'string', default: '100' },
  rounds: { type: 'string', default: '5' },
  'round-seconds': { type: 'string', default: '5' },
  only: { type: 'string', default: SCENARIOS.join(',') },
  pin: { type: 'boolean', default: false },
} as const;

/** What `npm run bench:overload` runs. */
export interface BenchOptions {
  /** How long each overload lasts. */
  readonly seconds: number;
  readonly recoverySeconds: number;
  readonly warmSeconds: number;
  /** The offered loads, as multiples of the saturation throughput. */
  readonly multipliers: readonly number[];
  /** The saturation throughput, req/s; `undefined`: measured. */
  readonly saturation: number | undefined;
  readonly saturationSeconds: number;
  /** The SLO; `undefined`: 4× the healthy p99. */
  readonly sloMs: number | undefined;
  /** The share of requests sent as low-priority prefetches. */
  readonly lowShare: number;
  readonly slowSeconds: number;
  /** The offered load of the slow-upstream scenario, as a multiple of the saturation throughput. */
  readonly slowLoad: number;
  /** Every upstream's latency in the slow-upstream scenario, before one of them is made 10× slower. */
  readonly upstreamLatencyMs: number;
  /**
   * CPU the API spends per field value it hydrates (`startPinsApi`'s `fieldWorkMicros`), in the overload and
   * slow-upstream scenarios: so that the API saturates before the load generator and the upstreams sharing
   * the other CPUs, and a page without its optional fields costs less, as in a real API.
   */
  readonly fieldWorkMicros: number;
  readonly rounds: number;
  readonly roundSeconds: number;
  readonly only: readonly Scenario[];
  /**
   * Pin each API process to a CPU of its own, the upstreams and the load generator to the others (see
   * `cpuPinning`): steadier on a quiet machine; on a busy one the scheduler does better unpinned.
   */
  readonly pin: boolean;
}

/**
 * The options from `parseArgs`'s values. Prints which flag is wrong and how, and exits with code 2, on
 * the first bad one.
 */
export function benchOptions(values: Readonly<Record<string, string | boolean | undefined>>): BenchOptions {
  try {
    return {
      seconds: number(values, 'seconds', 1),
      recoverySeconds: number(values, 'recovery-seconds', 1),
      warmSeconds: number(values, 'warm-seconds', 1),
      multipliers: String(values.multipliers ?? '').split(',').map((part) => positive('multipliers', part)),
      saturation: values.saturation === undefined ? undefined : number(values, 'saturation', 1),
      saturationSeconds: number(values, 'saturation-seconds', 1),
      sloMs: values['slo-ms'] === undefined ? undefined : number(values, 'slo-ms', 1),
      lowShare: share(values['low-share'] as string | undefined),
      slowSeconds: number(values, 'slow-seconds', 1),
      slowLoad: positive('slow-load', String(values['slow-load'] ?? '')),
      upstreamLatencyMs: number(values, 'upstream-latency-ms', 1),
      fieldWorkMicros: number(values, 'field-work-us', 0),
      rounds: number(values, 'rounds', 1),
      roundSeconds: number(values, 'round-seconds', 1),
      only: String(values.only ?? '').split(',').map(scenario),
      pin: values.pin === true,
    };
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}

function number(values: Readonly<Record<string, string | boolean | undefined>>, name: string, atLeast: number): number {
  const raw = typeof values[name] === 'string' ? values[name] : undefined;
  const value = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isFinite(value) || value < atLeast) throw new TypeError(`--${name} must be a number of at least ${atLeast}; received ${JSON.stringify(raw)}`);
  return value;
}

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !(value > 0) || !Number.isFinite(value)) throw new TypeError(`--${name} must be a number above 0 (or, for --multipliers, numbers comma-separated, such as 1.5,2); received ${JSON.stringify(raw)}`);
  return value;
}

function share(raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || raw.trim() === '' || !(value >= 0 && value <= 1)) throw new TypeError(`--low-share must be a number from 0 to 1; received ${JSON.stringify(raw)}`);
  return value;
}

function scenario(raw: string): Scenario {
  const found = SCENARIOS.find((name) => name === raw.trim());
  if (found === undefined) throw new TypeError(`--only must name scenarios among ${SCENARIOS.join(', ')}, comma-separated; received ${JSON.stringify(raw)}`);
  return found;
}
