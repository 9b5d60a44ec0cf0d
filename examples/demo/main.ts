/**
 * `npm run demo`: the pins API, with the library and without it, side by side under the same traffic
 * while its upstreams fail — healthy; shopping failing every call; comments hanging; images (critical)
 * failing 20%; a traffic spike past the library API's capacity, which browns out; shopping switched off by
 * its decider; recovery. A live per-owner table while it runs, then a summary per phase and mode, and
 * an HTML report (reports/demo-report.html). About a minute and a half; `--phase-seconds 1` for a quick run.
 * Ctrl-C stops it cleanly (exit code 130). `--graphql`: the same story for the GraphQL twin of the pins
 * API (graphql-yoga, examples/pins-graphql), with what `extensions.degradedFields` said in each phase.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { COMMENTS_TIMEOUT_MS } from '../pins-api/fields.js';
import { parseDemoOptions, UsageError, USAGE } from './options.js';
import { renderReport } from './report/renderReport.js';
import { runGraphQLDemo } from './graphql/runGraphQLDemo.js';
import { DEMO_GOODPUT, runDemo } from './runDemo.js';
import { formatOverloadSummary, overloadSummary } from './overloadSummary.js';
import { formatSummary, summarize } from './summary.js';

const DEFAULT_REPORT = path.resolve(import.meta.dirname, '../../reports/demo-report.html');

let options;
try {
  options = parseDemoOptions(process.argv.slice(2), process.env, DEFAULT_REPORT);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}

const stop = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  // The first Ctrl-C stops the demo cleanly; a second one does not wait.
  if (++interrupts > 1) process.exit(130);
  process.stdout.write('\ninterrupted: closing the APIs and the upstreams…\n');
  stop.abort();
});

if (options.graphql === true) {
  const graphqlRecord = await runGraphQLDemo(options, process.stdout, stop.signal);
  console.log(graphqlRecord.interrupted ? '\nstopped early; every API, upstream and breaker closed' : '\ndone: every API, upstream and breaker closed');
  process.exit(graphqlRecord.interrupted ? 130 : 0);
}

const record = await runDemo(options, process.stdout, stop.signal);
const summary = summarize(record.windows, record.samples);
console.log(`\n== summary ==\n${formatSummary(summary, record.windows, record.transitions)}`);
const overload = overloadSummary(record.windows, record.samples, record.levels, DEMO_GOODPUT);
if (overload !== undefined) console.log(`\n${formatOverloadSummary(overload)}`);

const html = renderReport({
  generatedAt: new Date(),
  settings: [
    ['phases', `${record.windows.length} of ${options.phaseSeconds} s`],
    ['traffic', `${options.ratePerSecond} requests/s to each API; clients give up after ${record.clientTimeoutMs} ms`],
    ['comments timeoutMs', String(COMMENTS_TIMEOUT_MS)],
    ['breaker (non-critical fields)', JSON.stringify(record.breaker)],
    ['brownout (library API)', JSON.stringify(record.brownout)],
    ['capacity', record.capacity === undefined ? 'not measured' : `${record.capacity.requestsPerSecond} requests/s (the library API alone, ${record.capacity.seconds} s, ${record.capacity.connections} connections)`],
    ['goodput', `2xx within ${DEMO_GOODPUT.sloMs} ms with ${DEMO_GOODPUT.criticalFields.join(', ')} present, of the page requests`],
    ['Node.js', process.version],
  ],
  windows: record.windows,
  timeline: record.timeline,
  summary,
  transitions: record.transitions,
  levels: record.levels,
  overload,
  interrupted: record.interrupted,
});
await mkdir(path.dirname(options.reportPath), { recursive: true });
await writeFile(options.reportPath, html);
console.log(`\nreport: ${path.relative(process.cwd(), options.reportPath) || options.reportPath}`);
console.log(record.interrupted ? 'stopped early; every API, upstream and breaker closed' : 'done: every API, upstream and breaker closed');
process.exitCode = record.interrupted ? 130 : 0;
