import { UsageError } from '../UsageError.js';
import { BURN_RATE_ALERTS } from './burnRateAlerts.js';
import { DEFAULT_SLO_SETTINGS, type SloSettings } from './SloSettings.js';
import { OWNER_PATTERN } from '../../src/contract/ownerPattern.js';

/** `rules` options as typed on the command line; absent ones take {@link DEFAULT_SLO_SETTINGS}. */
export interface SloArguments {
  readonly objective?: string | undefined;
  readonly owners?: string | undefined;
  readonly excludeOwners?: string | undefined;
  readonly breakerOpenFor?: string | undefined;
  readonly deciderBelow100For?: string | undefined;
  readonly brownoutFor?: string | undefined;
  readonly concurrencyLimitedFor?: string | undefined;
}

const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/;
const NUMBER = /^\d+(?:\.\d+)?$/;

/**
 * Checks the `rules` options and turns them into settings. Throws a {@link UsageError} naming the option,
 * what was expected and what was received.
 */
export function resolveSloSettings(args: SloArguments): SloSettings {
  const objective = args.objective === undefined ? DEFAULT_SLO_SETTINGS.objective : parseObjective(args.objective);
  const owners = args.owners === undefined ? DEFAULT_SLO_SETTINGS.owners : parseOwners('--owners', args.owners);
  const excludeOwners = args.excludeOwners === undefined ? DEFAULT_SLO_SETTINGS.excludeOwners : parseOwners('--exclude-owners', args.excludeOwners);
  const both = owners.filter((owner) => excludeOwners.includes(owner));
  if (both.length > 0) throw new UsageError(`--owners and --exclude-owners both name ${both.map((owner) => `'${owner}'`).join(', ')}`);
  const breakerOpenFor = args.breakerOpenFor ?? DEFAULT_SLO_SETTINGS.breakerOpenFor;
  if (!DURATION.test(breakerOpenFor)) {
    throw new UsageError(`--breaker-open-for must be a Prometheus duration such as 5m or 1h30m; received '${breakerOpenFor}'`);
  }
  const deciderBelow100For = args.deciderBelow100For ?? DEFAULT_SLO_SETTINGS.deciderBelow100For;
  if (!DURATION.test(deciderBelow100For)) {
    throw new UsageError(`--decider-below-100-for must be a Prometheus duration such as 1h or 30m; received '${deciderBelow100For}'`);
  }
  const brownoutFor = parseFor('--brownout-for', args.brownoutFor, DEFAULT_SLO_SETTINGS.brownoutFor);
  const concurrencyLimitedFor = parseFor('--concurrency-limited-for', args.concurrencyLimitedFor, DEFAULT_SLO_SETTINGS.concurrencyLimitedFor);
  return { objective, owners, excludeOwners, breakerOpenFor, deciderBelow100For, brownoutFor, concurrencyLimitedFor };
}

function parseFor(option: string, text: string | undefined, fallback: string): string {
  if (text === undefined) return fallback;
  if (!DURATION.test(text)) throw new UsageError(`${option} must be a Prometheus duration such as 10m or 1h; received '${text}'`);
  return text;
}

function parseObjective(text: string): number {
  const objective = Number(text);
  if (!NUMBER.test(text) || !(objective > 0 && objective < 100)) {
    throw new UsageError(`--objective must be a percentage between 0 and 100 (exclusive), such as 99.5; received '${text}'`);
  }
  const fastest = Math.max(...BURN_RATE_ALERTS.map((burn) => burn.burnRate));
  const lowest = 100 - 100 / fastest;
  if (objective <= lowest) {
    throw new UsageError(
      `--objective ${text} leaves a ${Number((100 - objective).toPrecision(12))}% error budget: the ${fastest}x burn-rate page could only fire ` +
        `with more than 100% of calls degraded; use an objective above ${lowest.toFixed(2)}`,
    );
  }
  return objective;
}

function parseOwners(option: string, text: string): string[] {
  const owners = text.split(',').map((owner) => owner.trim());
  const bad = owners.find((owner) => !OWNER_PATTERN.test(owner));
  if (bad !== undefined) {
    throw new UsageError(`${option} must be a comma-separated list of owners matching ${OWNER_PATTERN.source} (case-insensitive); received '${text}'`);
  }
  return [...new Set(owners)];
}
