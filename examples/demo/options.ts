import { parseArgs } from 'node:util';

/** How the demo runs. */
export interface DemoOptions {
  /** Each phase's length, in seconds. */
  readonly phaseSeconds: number;
  /** Requests per second sent to each API. */
  readonly ratePerSecond: number;
  /** Where the HTML report is written. */
  readonly reportPath: string;
  /** `--graphql`: run the GraphQL twin of the pins API (examples/pins-graphql) instead of the REST one. */
  readonly graphql?: true;
}

/** A phase length that makes the whole demo last about a minute. */
export const DEFAULT_PHASE_SECONDS = 11;
/** Requests per second to each API: enough for smooth percentages, light on a shared machine. */
export const DEFAULT_RATE = 80;

/** The command line is wrong: the message says how. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The usage line. */
export const USAGE = 'usage: npm run demo -- [--graphql] [--phase-seconds N (or DEMO_PHASE_SECONDS=N)] [--rate N] [--report path.html]';

/**
 * Reads the demo's options from the command line and the environment (`DEMO_PHASE_SECONDS`; the flag wins).
 * @throws UsageError naming the bad option.
 */
export function parseDemoOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, defaultReportPath: string): DemoOptions {
  let values: { 'phase-seconds'?: string | undefined; rate?: string | undefined; report?: string | undefined; graphql?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { 'phase-seconds': { type: 'string' }, rate: { type: 'string' }, report: { type: 'string' }, graphql: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const phaseSeconds = number('--phase-seconds', values['phase-seconds'] ?? env.DEMO_PHASE_SECONDS, DEFAULT_PHASE_SECONDS, 0.5, 600);
  const ratePerSecond = number('--rate', values.rate, DEFAULT_RATE, 1, 1000);
  const reportPath = values.report ?? defaultReportPath;
  if (reportPath === '') throw new UsageError('--report must name a file');
  return { phaseSeconds, ratePerSecond, reportPath, ...(values.graphql === true ? { graphql: true as const } : {}) };
}

function number(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) throw new UsageError(`${name} must be a number from ${min} to ${max}; received ${JSON.stringify(raw)}`);
  return value;
}
