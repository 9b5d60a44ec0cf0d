import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { canaryEngineDocument, DEFAULT_PROMETHEUS_ADDRESS, type CanaryEngine } from '../canary/canaryEngineDocument.js';
import { ExitCode } from '../ExitCode.js';
import { generateSloDocument, SLO_FORMATS, type SloFormat } from '../slo/generateSloDocument.js';
import { resolveSloSettings, type SloArguments } from '../slo/resolveSloSettings.js';
import { parseCommandArguments } from '../parseCommandArguments.js';
import { UsageError } from '../UsageError.js';
import { METRIC_NAMES } from '../../src/contract/metricNames.js';

const USAGE = `Usage: field-dependency rules [--objective 99.5] [--owners a,b] [--exclude-owners c] [--breaker-open-for 5m] [--decider-below-100-for 1h]
                              [--brownout-for 10m] [--concurrency-limited-for 15m] [--format prometheus|sloth|pyrra]
       field-dependency rules --argo-rollouts|--flagger [--prometheus http://prometheus:9090]

Prints the Prometheus rules for the per-owner degradation objective: recording rules (degradation ratio
and call rate per owner and per field over 5m, 30m, 1h, 6h and 3d; p99 latency per field), multi-window
multi-burn-rate alerts per owner (14.4x over 1h and 5m, 6x over 6h and 30m: page; 1x over 3d and 6h:
ticket), a failing critical dependency (page), a breaker left open (ticket), a decider left below 100 (ticket),
a dependency held at its concurrency limit (ticket) and, without --owners, the API browning out (a page for
the API's owner, without an owner label). Or the same SLO as a Sloth or Pyrra spec. Degradation ratio:
${METRIC_NAMES.calls} with outcome degraded or failed, over all but shed (the brownout's, not the upstream's).

Options:
  --objective <percent>       calls that must not degrade, over 30 days (default: 99.5)
  --owners <a,b>              only these owners (default: every owner)
  --exclude-owners <a,b>      every owner but these (for the file beside a team's own objective)
  --breaker-open-for <dur>    how long a breaker stays open before it alerts (default: 5m)
  --decider-below-100-for <dur>
                              how long a decider stays below 100 before it alerts (default: 1h)
  --brownout-for <dur>        how long the API sheds optional fields before it pages (default: 10m)
  --concurrency-limited-for <dur>
                              how long calls fill a concurrency limit before it alerts (default: 15m)
  --format <format>           prometheus (default: a rule file), sloth or pyrra
  --argo-rollouts             instead: an Argo Rollouts AnalysisTemplate judging a canary against its
                              baseline per owner, as \`field-dependency canary\` does (docs/canary.md)
  --flagger                   instead: the same as Flagger MetricTemplates and an analysis.metrics snippet
  --prometheus <url>          the Prometheus address written into those (default: ${DEFAULT_PROMETHEUS_ADDRESS})
  -h, --help                  show this help
`;

/** `field-dependency rules`: the alerting and recording rules for a team's own objective. */
export const rulesCommand: Command = {
  async run(args: readonly string[], io: CliIo): Promise<ExitCode> {
    const parsed = parseRulesArguments(args);
    if ('engine' in parsed) {
      io.stdout.write(canaryEngineDocument(parsed.engine, parsed.prometheus));
      return ExitCode.clean;
    }
    io.stdout.write(generateSloDocument(resolveSloSettings(parsed), parsed.format));
    return ExitCode.clean;
  },
};

function parseRulesArguments(args: readonly string[]): (SloArguments & { format: SloFormat }) | { engine: CanaryEngine; prometheus: string } {
  const values = parseCommandArguments(
    args,
    {
      objective: { type: 'string' },
      owners: { type: 'string' },
      'exclude-owners': { type: 'string' },
      'breaker-open-for': { type: 'string' },
      'decider-below-100-for': { type: 'string' },
      'brownout-for': { type: 'string' },
      'concurrency-limited-for': { type: 'string' },
      format: { type: 'choice', choices: SLO_FORMATS },
      'argo-rollouts': { type: 'boolean' },
      flagger: { type: 'boolean' },
      prometheus: { type: 'string' },
      help: { type: 'help' },
    },
    USAGE,
  );
  const engines = (['argo-rollouts', 'flagger'] as const).filter((engine) => values[engine] === true);
  if (engines.length > 1) throw new UsageError('give --argo-rollouts or --flagger, not both: each prints its own templates');
  const [engine] = engines;
  if (engine !== undefined) {
    const slo = (['objective', 'owners', 'exclude-owners', 'breaker-open-for', 'decider-below-100-for', 'brownout-for', 'concurrency-limited-for', 'format'] as const).filter((name) => values[name] !== undefined);
    if (slo.length > 0) throw new UsageError(`--${slo.map((name) => name).join(', --')} ${slo.length === 1 ? 'applies' : 'apply'} to the SLO rules, not to --${engine}`);
    const prometheus = values.prometheus ?? DEFAULT_PROMETHEUS_ADDRESS;
    if (!/^https?:\/\/[^/]/.test(prometheus)) throw new UsageError(`--prometheus must be an http:// or https:// URL, such as ${DEFAULT_PROMETHEUS_ADDRESS}; received '${prometheus}'`);
    return { engine, prometheus };
  }
  if (values.prometheus !== undefined) throw new UsageError('--prometheus applies to --argo-rollouts and --flagger only');
  const format = values.format ?? 'prometheus';
  return {
    objective: values.objective,
    owners: values.owners,
    excludeOwners: values['exclude-owners'],
    breakerOpenFor: values['breaker-open-for'],
    deciderBelow100For: values['decider-below-100-for'],
    brownoutFor: values['brownout-for'],
    concurrencyLimitedFor: values['concurrency-limited-for'],
    format,
  };
}
