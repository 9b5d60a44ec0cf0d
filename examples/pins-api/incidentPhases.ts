import type { DeciderPercents } from './deciders/writeDeciderFlags.js';
import type { UpstreamFault } from './upstreams/UpstreamFault.js';
import type { UpstreamName } from './upstreams/UpstreamName.js';

/** One step of the incident the demo and the benchmark play: which upstreams misbehave. */
export interface IncidentPhase {
  /** A stable key, for reports and tests. */
  readonly id: 'healthy' | 'shopping-down' | 'comments-hang' | 'images-flaky' | 'shopping-switched-off' | 'overload' | 'recovery';
  readonly title: string;
  /** The upstreams' faults; those not named are healthy. */
  readonly faults: Partial<Record<UpstreamName, UpstreamFault>>;
  /** The deciders written to the library API's flag file; fields not named serve 100. */
  readonly deciders?: DeciderPercents;
  /**
   * A traffic spike: the library API is also sent this many times the requests per second it can serve
   * (measured when the demo starts), in an open loop, a share of them low-priority prefetches.
   */
  readonly overload?: number;
  /** What the library promises in this phase. */
  readonly promise: string;
}

/** The incident, phase by phase. */
export const INCIDENT_PHASES: readonly IncidentPhase[] = [
  { id: 'healthy', title: 'healthy', faults: {}, promise: 'every field filled, nothing degraded' },
  {
    id: 'shopping-down',
    title: 'shopping fails every call',
    faults: { shopping: { errorRate: 1 } },
    promise: 'pages still 200, without shopping (x-degraded-fields: shopping); the breaker opens and stops calling shopping',
  },
  {
    id: 'comments-hang',
    title: 'comments hang',
    faults: { comments: { hang: true } },
    promise: 'pages answered within the 100 ms comments timeout, without comments; the breaker opens',
  },
  {
    id: 'images-flaky',
    title: 'images fail 20%',
    faults: { images: { errorRate: 0.2 } },
    promise: 'images are critical: 20% of pages answer 503, with a short JSON error; the rest are whole',
  },
  {
    id: 'overload',
    title: 'traffic spike: 1.5× capacity',
    faults: {},
    overload: 1.5,
    promise:
      'every upstream healthy, but the library API gets 1.5 times what it can serve: its brownout controller sheds comments (tier 3), then shopping and board (tier 2), from prefetches first, never images, and restores them when the spike is over',
  },
  {
    id: 'shopping-switched-off',
    title: 'shopping switched off by its decider',
    faults: {},
    deciders: { shopping: 0 },
    promise: 'the on-call engineer sets shopping\'s decider to 0 in the flag file: within a second every library page goes without shopping (disabled), and the shopping upstream gets no call',
  },
  { id: 'recovery', title: 'recovery', faults: {}, promise: 'deciders back to 100, breakers close after a probe, brownout back to full service; nothing degraded' },
];
