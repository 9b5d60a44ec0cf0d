import { setTimeout as sleep } from 'node:timers/promises';
import { shutdownFieldDependencies } from 'field-dependency';
import { httpGet } from '../../load/httpGet.js';
import { INCIDENT_PHASES, type IncidentPhase } from '../../pins-api/incidentPhases.js';
import { startUpstreams } from '../../pins-api/upstreams/startUpstreams.js';
import { startPinsGraphQL, type PinsGraphQL } from '../../pins-graphql/startPinsGraphQL.js';
import type { DemoOptions } from '../options.js';
import { clientTimeoutMs, demoBreaker } from '../runDemo.js';
import { formatGraphQLPhase, graphqlPhaseStats, type GraphQLPhaseStats, type GraphQLSample } from './graphqlPhaseStats.js';

/** The operation the demo clients send: a pin page touching the four upstreams. */
export const PIN_PAGE_QUERY = 'query PinPage($id: ID!) { pin(id: $id) { id shopping { price } comments { count } board { name } images { url } } }';

/** The incident's phases the GraphQL demo plays: those driven by upstream faults (the decider and overload phases are the REST demo's). */
export const GRAPHQL_PHASES: readonly IncidentPhase[] = INCIDENT_PHASES.filter((phase) => phase.deciders === undefined && phase.overload === undefined);

/** What a GraphQL demo run measured, per phase and mode. */
export interface GraphQLDemoRecord {
  readonly phases: readonly { readonly phase: IncidentPhase; readonly library: GraphQLPhaseStats; readonly naive: GraphQLPhaseStats; readonly example: unknown }[];
  readonly interrupted: boolean;
}

/**
 * `npm run demo -- --graphql`: the GraphQL twin of the pins API (graphql-yoga), with the library and
 * without it, under the same traffic while the upstreams go through the incident's fault phases. Prints,
 * per phase, how many operations got their pin, errors, went unanswered, and what
 * `extensions.degradedFields` said, with one library answer as an example. Closes everything before
 * returning, also when `signal` aborts.
 */
export async function runGraphQLDemo(options: DemoOptions, out: NodeJS.WritableStream, signal: AbortSignal): Promise<GraphQLDemoRecord> {
  const timeoutMs = clientTimeoutMs(options.phaseSeconds);
  const upstreams = await startUpstreams();
  const apis: PinsGraphQL[] = [];
  const phases: GraphQLDemoRecord['phases'][number][] = [];
  let interrupted = false;
  try {
    const library = await startPinsGraphQL({ mode: 'library', upstreams: upstreams.urls, breaker: demoBreaker(options.phaseSeconds) });
    apis.push(library);
    const naive = await startPinsGraphQL({ mode: 'naive', upstreams: upstreams.urls });
    apis.push(naive);
    out.write(
      [
        'field-dependency demo: the pins API over GraphQL (graphql-yoga) under upstream faults',
        `  library mode  ${library.url}  useFieldDependency(), the loaders as field dependencies`,
        `  naive mode    ${naive.url}  the same server and loaders without the library`,
        `  traffic       ${options.ratePerSecond} operations/s to each (${PIN_PAGE_QUERY.slice(0, 38)}…); clients give up after ${timeoutMs} ms`,
        `  phases        ${GRAPHQL_PHASES.length} × ${options.phaseSeconds} s: ${GRAPHQL_PHASES.map((phase) => phase.title).join(' → ')}`,
        '',
      ].join('\n'),
    );
    // The first calls pay for connections and JIT: keep them out of the phases (and the comments timeout).
    for (let id = 1; id <= 8; id++) await Promise.all(apis.map((api) => ask(api, String(id), timeoutMs)));

    for (const [index, phase] of GRAPHQL_PHASES.entries()) {
      signal.throwIfAborted();
      await upstreams.setFaults(phase.faults);
      out.write(`\n== ${index + 1}/${GRAPHQL_PHASES.length} ${phase.title} ==\n`);
      const samples = { library: [] as GraphQLSample[], naive: [] as GraphQLSample[] };
      // One library answer to show: the first that says something degraded or failed, else the first.
      let example: unknown;
      let exampleShowsDegradation = false;
      const pending: Promise<void>[] = [];
      const end = performance.now() + options.phaseSeconds * 1000;
      for (let sequence = 0; performance.now() < end; sequence++) {
        const id = String((sequence % 64) + 1);
        pending.push(
          ask(library, id, timeoutMs).then(({ sample, body }) => {
            samples.library.push(sample);
            const showsDegradation = sample.degradedFields.length > 0 || sample.errors > 0;
            if (example === undefined || (showsDegradation && !exampleShowsDegradation)) {
              example = body;
              exampleShowsDegradation = showsDegradation;
            }
          }),
          ask(naive, id, timeoutMs).then(({ sample }) => void samples.naive.push(sample)),
        );
        await sleep(1000 / options.ratePerSecond, undefined, { signal });
      }
      await Promise.all(pending);
      const record = { phase, library: graphqlPhaseStats(samples.library), naive: graphqlPhaseStats(samples.naive), example };
      phases.push(record);
      out.write(`${formatGraphQLPhase('library', record.library)}\n${formatGraphQLPhase('naive', record.naive)}\n`);
      out.write(`  a library answer: ${JSON.stringify(example)}\n`);
    }
  } catch (error) {
    if (!signal.aborted) throw error;
    interrupted = true;
  } finally {
    await Promise.all(apis.map((api) => api.close()));
    await upstreams.close();
    shutdownFieldDependencies();
  }
  return { phases, interrupted };
}

/** One pin page over GraphQL (GET, a connection of its own), as a sample. */
async function ask(api: PinsGraphQL, id: string, timeoutMs: number): Promise<{ sample: GraphQLSample; body: unknown }> {
  const url = `${api.url}?operationName=PinPage&query=${encodeURIComponent(PIN_PAGE_QUERY)}&variables=${encodeURIComponent(JSON.stringify({ id }))}`;
  const started = performance.now();
  try {
    const answer = await httpGet(url, AbortSignal.timeout(timeoutMs));
    const body = answer.json<{ data?: { pin?: unknown } | null; errors?: unknown[]; extensions?: { degradedFields?: string[] } }>();
    return {
      sample: {
        ms: performance.now() - started,
        unanswered: false,
        pin: body.data?.pin != null,
        errors: body.errors?.length ?? 0,
        degradedFields: body.extensions?.degradedFields ?? [],
      },
      body,
    };
  } catch (error) {
    return { sample: { ms: performance.now() - started, unanswered: true, pin: false, errors: 0, degradedFields: [] }, body: { clientError: String(error) } };
  }
}
