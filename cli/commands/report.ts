import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { OWNER_REPORT_FORMATS, type OwnerReportFormat } from '../report/formatOwnerReport.js';
import { reportFromPrometheus } from '../report/prometheusReport.js';
import { reportFromScrapes } from '../report/scrapeReport.js';
import { UsageError } from '../UsageError.js';
import { parseCommandArguments } from '../parseCommandArguments.js';

const USAGE = `Usage: field-dependency report --url http://host:port/metrics [--interval 10s] [--format text|json]
       field-dependency report --prometheus http://host:9090 [--format text|json]

Prints one line per owner, the most degraded first: calls per second, degraded % (degraded or failed
calls over all calls but those the brownout shed), the top degradation reasons, open circuit breakers,
failed calls of critical fields per second. Then the deciders below 100, the brownout level in force (when
the services run one) and the fields it shed, with their share of calls. Exit code 0, or 2 when the source
cannot be read (the message says why).

Options:
  --url <url>            a service's metrics endpoint, scraped twice; rates from the difference
  --interval <duration>  time between the two scrapes, 10ms to 1h (default: 10s)
  --prometheus <url>     a Prometheus that scrapes the services; rates over the last 5 minutes
  --timeout <duration>   how long to wait for each answer, 1ms to 10m (default: 10s)
  --format <format>      text (default) or json
  -h, --help             show this help
`;

const DEFAULT_INTERVAL_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 10_000;

/** `field-dependency report`: the per-owner picture, from a service's metrics or from Prometheus. */
export const reportCommand: Command = {
  async run(args: readonly string[], io: CliIo): Promise<ExitCode> {
    const parsed = parseReportArguments(args);
    const report =
      parsed.source.kind === 'url'
        ? await reportFromScrapes({ url: parsed.source.url, intervalMs: parsed.source.intervalMs, timeoutMs: parsed.timeoutMs })
        : await reportFromPrometheus({ url: parsed.source.url, timeoutMs: parsed.timeoutMs });
    io.stdout.write(OWNER_REPORT_FORMATS[parsed.format](report));
    return ExitCode.clean;
  },
};

type ReportSource = { kind: 'url'; url: string; intervalMs: number } | { kind: 'prometheus'; url: string };

function parseReportArguments(args: readonly string[]): { source: ReportSource; timeoutMs: number; format: OwnerReportFormat } {
  const values = parseCommandArguments(
    args,
    {
      url: { type: 'string' },
      interval: { type: 'duration', min: '10ms', max: '1h' },
      prometheus: { type: 'string' },
      timeout: { type: 'duration', min: '1ms', max: '10m' },
      format: { type: 'choice', choices: OWNER_REPORT_FORMATS, default: 'text' },
      help: { type: 'help' },
    },
    USAGE,
  );
  const format = values.format;
  const timeoutMs = values.timeout ?? DEFAULT_TIMEOUT_MS;
  if ((values.url === undefined) === (values.prometheus === undefined)) {
    throw new UsageError(`give either --url (a service's /metrics) or --prometheus (a Prometheus server), not ${values.url === undefined ? 'neither' : 'both'}\n\n${USAGE}`);
  }
  if (values.prometheus !== undefined) {
    if (values.interval !== undefined) throw new UsageError('--interval applies to --url only: with --prometheus the rates are over the last 5 minutes');
    return { source: { kind: 'prometheus', url: values.prometheus }, timeoutMs, format };
  }
  const url = values.url as string;
  if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--url must be an http:// or https:// URL, such as http://127.0.0.1:8080/metrics; received '${url}'`);
  return { source: { kind: 'url', url, intervalMs: values.interval ?? DEFAULT_INTERVAL_MS }, timeoutMs, format };
}
