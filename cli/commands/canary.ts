import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { CLASSIFICATION_TOLERANCES } from '../canary/classifyMetric.js';
import { formatCanaryJson } from '../canary/formatCanaryJson.js';
import { formatCanaryText } from '../canary/formatCanaryText.js';
import { judgeCanary, type CanaryOptions } from '../canary/judgeCanary.js';
import { parseCommandArguments } from '../parseCommandArguments.js';
import { parseDuration } from '../parseDuration.js';
import { UsageError } from '../UsageError.js';

const USAGE = `Usage: field-dependency canary --prometheus URL --canary SELECTOR --baseline SELECTOR [--window 10m] [--step 30s]
                               [--end TIME] [--pass 95] [--marginal 75] [--format text|json] [--timeout 30s]
                               [--deadline 1m]

Compares a canary with its baseline on this library's metrics, per owner and per field: degradation ratio
(of the calls not shed by brownout), critical failure ratio, p99 latency, and, where brownout shed calls on
either fleet, the share it shed; one sample per step (a rate over that step), with a Mann-Whitney U
test and the ratio of means (Kayenta's judge). Each metric is pass, high (the canary is worse), low (better:
fine) or nodata (fewer than ${CLASSIFICATION_TOLERANCES.minimumSamples} steps with traffic, or values that are not finite numbers, such as
+Inf: never a pass). The score is the mean of the owners' scores (passing ÷
judged metrics × 100); the verdict is the score's, but no better than the worst owner's, and a high
critical failure ratio fails the run. See docs/canary.md.

Exit code 0 when the score and every owner's reach --pass, 1 otherwise (marginal or fail), 2 for a usage error, an
unreachable or unusable Prometheus (a malformed answer, or no answer within --deadline), a selector that
matches nothing, or a window without samples.

Options:
  --prometheus <url>     the Prometheus that scrapes both fleets, e.g. http://127.0.0.1:9090
  --canary <selector>    label matchers of the canary's series, e.g. 'track="canary"'
  --baseline <selector>  label matchers of the baseline's series, e.g. 'track="baseline"'
  --window <duration>    how far back from --end to judge (default: 10m)
  --step <duration>      one sample per step; at least twice the scrape interval (default: 30s)
  --end <time>           end of the window: RFC 3339 or Unix seconds (default: now)
  --pass <score>         lowest passing score, 0-100 (default: 95)
  --marginal <score>     lowest marginal score, 0-100, at most --pass (default: 75)
  --format <format>      text (default) or json (one object, docs/canary.md)
  --timeout <duration>   how long to wait for each Prometheus answer (default: 30s)
  --deadline <duration>  how long to wait for all of them, 10ms to 1h (default: 1m): exit 2 once it passes
  -h, --help             show this help
`;

/** How long a run waits for Prometheus, every query included, unless --deadline says otherwise. */
const DEFAULT_DEADLINE_MS = 60_000;

/** Prometheus answers at most 11,000 points per series. */
const MAX_STEPS = 11_000;

/** `field-dependency canary`: the canary's verdict against its baseline, per owner. */
export const canaryCommand: Command = {
  async run(args: readonly string[], io: CliIo): Promise<ExitCode> {
    const parsed = parseCanaryArguments(args);
    const judgement = await judgeCanary(parsed.options);
    io.stdout.write(parsed.format === 'json' ? formatCanaryJson(judgement) : formatCanaryText(judgement));
    return judgement.verdict === 'pass' ? ExitCode.clean : ExitCode.violations;
  },
};

function parseCanaryArguments(args: readonly string[]): { options: CanaryOptions; format: 'text' | 'json' } {
  const values = parseCommandArguments(
    args,
    {
      prometheus: { type: 'string' },
      canary: { type: 'string' },
      baseline: { type: 'string' },
      window: { type: 'string' },
      step: { type: 'string' },
      end: { type: 'string' },
      pass: { type: 'string' },
      marginal: { type: 'string' },
      format: { type: 'choice', choices: ['text', 'json'], default: 'text' },
      timeout: { type: 'string' },
      deadline: { type: 'duration', min: '10ms', max: '1h' },
      help: { type: 'help' },
    },
    USAGE,
  );
  const missing = (['prometheus', 'canary', 'baseline'] as const).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((name) => `--${name}`).join(', ')}\n\n${USAGE}`);
  const prometheus = values.prometheus as string;
  if (!/^https?:\/\/[^/]/.test(prometheus)) throw new UsageError(`--prometheus must be an http:// or https:// URL, such as http://127.0.0.1:9090; received '${prometheus}'`);
  for (const name of ['canary', 'baseline'] as const) {
    const selector = (values[name] as string).trim();
    if (selector === '' || selector.startsWith('{') || !/[=~]/.test(selector)) {
      throw new UsageError(`--${name} must be PromQL label matchers without braces, such as 'track="${name}"'; received '${values[name] as string}'`);
    }
  }
  if (values.canary?.trim() === values.baseline?.trim()) throw new UsageError(`--canary and --baseline are the same selector ('${values.canary as string}'): the canary would be judged against itself`);
  const format = values.format;

  const windowSeconds = parseDuration('--window', values.window ?? '10m') / 1000;
  const stepSeconds = parseDuration('--step', values.step ?? '30s') / 1000;
  if (stepSeconds < 1) throw new UsageError(`--step must be at least 1s (a rate needs two scrapes inside it); received '${values.step as string}'`);
  const steps = windowSeconds / stepSeconds;
  const { minimumSamples } = CLASSIFICATION_TOLERANCES;
  if (steps < minimumSamples) {
    throw new UsageError(`--window ${values.window ?? '10m'} holds ${Math.floor(steps)} steps of ${values.step ?? '30s'}; a judgement needs at least ${minimumSamples}: widen --window or shorten --step`);
  }
  if (steps > MAX_STEPS) throw new UsageError(`--window ${values.window ?? '10m'} holds ${Math.floor(steps)} steps of ${values.step ?? '30s'}; Prometheus answers at most ${MAX_STEPS}: lengthen --step`);
  const pass = parseScore('--pass', values.pass ?? '95');
  const marginal = parseScore('--marginal', values.marginal ?? '75');
  if (marginal > pass) throw new UsageError(`--marginal ${marginal} is above --pass ${pass}: a marginal score lies between them`);
  return {
    options: {
      prometheus,
      canary: (values.canary as string).trim(),
      baseline: (values.baseline as string).trim(),
      end: values.end === undefined ? Math.floor(Date.now() / 1000) : parseTime(values.end),
      windowSeconds,
      stepSeconds,
      thresholds: { pass, marginal },
      timeoutMs: parseDuration('--timeout', values.timeout ?? '30s'),
      deadlineMs: values.deadline ?? DEFAULT_DEADLINE_MS,
    },
    format,
  };
}

function parseScore(option: string, text: string): number {
  const score = Number(text);
  if (text.trim() === '' || !(score >= 0 && score <= 100)) throw new UsageError(`${option} must be a score from 0 to 100, such as 95; received '${text}'`);
  return score;
}

/** RFC 3339 (`2026-11-30T14:00:00Z`) or Unix seconds (`1796392800`), to Unix seconds. */
function parseTime(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
  const milliseconds = Date.parse(text);
  if (!rfc3339.test(text) || Number.isNaN(milliseconds)) {
    throw new UsageError(`--end must be an RFC 3339 time such as 2026-11-30T14:00:00Z or Unix seconds such as 1796392800; received '${text}'`);
  }
  return milliseconds / 1000;
}
