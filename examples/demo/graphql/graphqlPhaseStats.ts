import { percentile } from '../../load/percentile.js';

/** What one GraphQL operation got, as a demo client sees it. */
export interface GraphQLSample {
  /** Milliseconds until the whole answer, or until the client gave up. */
  readonly ms: number;
  /** The client gave up (timeout) or the connection failed. */
  readonly unanswered: boolean;
  /** The pin came back (`data.pin` not null). */
  readonly pin: boolean;
  /** The answer carried errors. */
  readonly errors: number;
  /** `extensions.degradedFields`. */
  readonly degradedFields: readonly string[];
}

/** One phase of one API, summed up. */
export interface GraphQLPhaseStats {
  readonly requests: number;
  readonly pinPercent: number;
  readonly errorPercent: number;
  readonly unansweredPercent: number;
  readonly p99: number | undefined;
  /** How many answers named each degraded field. */
  readonly degraded: Readonly<Record<string, number>>;
}

/** Sums up a phase's samples. */
export function graphqlPhaseStats(samples: readonly GraphQLSample[]): GraphQLPhaseStats {
  const requests = samples.length;
  const percent = (count: number): number => (requests === 0 ? 0 : Math.round((count / requests) * 100));
  const degraded: Record<string, number> = {};
  for (const sample of samples) for (const field of sample.degradedFields) degraded[field] = (degraded[field] ?? 0) + 1;
  const answered = samples.filter((sample) => !sample.unanswered).map((sample) => sample.ms);
  return {
    requests,
    pinPercent: percent(samples.filter((sample) => sample.pin).length),
    errorPercent: percent(samples.filter((sample) => sample.errors > 0).length),
    unansweredPercent: percent(samples.filter((sample) => sample.unanswered).length),
    p99: percentile(answered, 99),
    degraded,
  };
}

/** One line of the GraphQL demo's output: `library  120 ops  pin 100%  errors 0%  no answer 0%  p99 14 ms  degradedFields shopping ×120`. */
export function formatGraphQLPhase(mode: string, stats: GraphQLPhaseStats): string {
  const degraded = Object.entries(stats.degraded).map(([field, count]) => `${field} ×${count}`);
  return [
    mode.padEnd(8),
    `${String(stats.requests).padStart(4)} ops`,
    `pin ${String(stats.pinPercent).padStart(3)}%`,
    `errors ${String(stats.errorPercent).padStart(3)}%`,
    `no answer ${String(stats.unansweredPercent).padStart(3)}%`,
    `p99 ${stats.p99 === undefined ? '–' : `${Math.round(stats.p99)} ms`}`.padEnd(11),
    `degradedFields ${degraded.length === 0 ? '–' : degraded.join(', ')}`,
  ].join('  ');
}
