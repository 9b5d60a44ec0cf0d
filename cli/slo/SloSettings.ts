/** What `field-dependency rules` generates the Prometheus rules and SLO specs for. */
export interface SloSettings {
  /**
   * The objective, in percent of calls that are not degraded (a critical dependency's failures count as
   * degraded), over the 30-day SLO period. The error budget is `100 - objective` percent.
   * @default 99.5
   */
  readonly objective: number;
  /**
   * Owners the generated rules are restricted to (`owner=~"a|b"`); empty: every owner.
   * @default []
   */
  readonly owners: readonly string[];
  /**
   * Owners left out (`owner!~"a|b"`), for the file that covers everyone but the teams with their own objective.
   * @default []
   */
  readonly excludeOwners: readonly string[];
  /**
   * How long a circuit breaker stays open before `FieldDependencyBreakerOpen` fires: a Prometheus duration.
   * @default '5m'
   */
  readonly breakerOpenFor: string;
  /**
   * How long a decider stays below 100 before `FieldDependencyDeciderBelow100` fires (a kill switch
   * forgotten after the incident): a Prometheus duration.
   * @default '1h'
   */
  readonly deciderBelow100For: string;
  /**
   * How long the process's brownout must keep shedding before `FieldDependencyBrownout` pages the API's
   * owner: a Prometheus duration.
   * @default '10m'
   */
  readonly brownoutFor: string;
  /**
   * How long a dependency's calls must fill its concurrency limit before `FieldDependencyConcurrencyLimited`
   * opens a ticket for its owner: a Prometheus duration.
   * @default '15m'
   */
  readonly concurrencyLimitedFor: string;
}

/** The settings the shipped files under `observability/` are generated with. */
export const DEFAULT_SLO_SETTINGS: SloSettings = Object.freeze({
  objective: 99.5,
  owners: Object.freeze([]),
  excludeOwners: Object.freeze([]),
  breakerOpenFor: '5m',
  deciderBelow100For: '1h',
  brownoutFor: '10m',
  concurrencyLimitedFor: '15m',
});
