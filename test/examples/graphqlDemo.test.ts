/**
 * `npm run demo -- --graphql` for real: the GraphQL twin of the pins API with and without the library,
 * short phases over real sockets, and what the run printed and measured.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatGraphQLPhase, graphqlPhaseStats } from '../../examples/demo/graphql/graphqlPhaseStats.js';
import { GRAPHQL_PHASES, runGraphQLDemo } from '../../examples/demo/graphql/runGraphQLDemo.js';
import { parseDemoOptions } from '../../examples/demo/options.js';

describe('npm run demo -- --graphql', () => {
  it('parses --graphql', () => {
    expect(parseDemoOptions(['--graphql', '--phase-seconds', '1'], {}, 'r.html')).toMatchObject({ graphql: true, phaseSeconds: 1 });
    expect(parseDemoOptions([], {}, 'r.html').graphql).toBeUndefined();
  });

  it('keeps the GraphQL API answering through the incident and shows degradedFields; the naive twin errs and hangs', { timeout: 60_000 }, async () => {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk: Buffer) => (printed += chunk.toString()));

    // 2 s phases: clients then wait up to 1 s (clientTimeoutMs), so a busy machine does not turn slow library answers into missing ones.
    const record = await runGraphQLDemo({ phaseSeconds: 2, ratePerSecond: 10, reportPath: 'unused.html', graphql: true }, out, new AbortController().signal);

    expect(record.interrupted).toBe(false);
    expect(record.phases.map(({ phase }) => phase.id)).toEqual(GRAPHQL_PHASES.map((phase) => phase.id));
    const byId = Object.fromEntries(record.phases.map((entry) => [entry.phase.id, entry]));
    for (const entry of record.phases) {
      expect(entry.library.requests, entry.phase.id).toBeGreaterThan(0);
      expect(entry.library.unansweredPercent, entry.phase.id).toBe(0);
    }
    const shoppingDown = byId['shopping-down'];
    expect(shoppingDown?.library).toMatchObject({ pinPercent: 100, errorPercent: 0, degraded: { shopping: shoppingDown?.library.requests } });
    expect(shoppingDown?.naive).toMatchObject({ pinPercent: 100, errorPercent: 100, degraded: {} });
    const commentsHang = byId['comments-hang'];
    expect(commentsHang?.library).toMatchObject({ pinPercent: 100, errorPercent: 0 });
    expect(commentsHang?.library.degraded.comments).toBe(commentsHang?.library.requests);
    expect(commentsHang?.naive).toMatchObject({ pinPercent: 0, unansweredPercent: 100 });
    expect(byId.recovery?.library.pinPercent).toBe(100);
    expect(printed).toContain('== 2/5 shopping fails every call ==');
    expect(printed).toMatch(/a library answer: .*"extensions":\{"degradedFields":\["shopping"\]\}/);
  });

  it('formats a phase line', () => {
    const stats = graphqlPhaseStats([
      { ms: 10, unanswered: false, pin: true, errors: 0, degradedFields: ['shopping'] },
      { ms: 20, unanswered: false, pin: false, errors: 1, degradedFields: ['shopping', 'images'] },
      { ms: 500, unanswered: true, pin: false, errors: 0, degradedFields: [] },
      { ms: 30, unanswered: false, pin: true, errors: 0, degradedFields: [] },
    ]);

    expect(stats).toEqual({ requests: 4, pinPercent: 50, errorPercent: 25, unansweredPercent: 25, p99: 30, degraded: { shopping: 2, images: 1 } });
    expect(formatGraphQLPhase('library', stats)).toBe('library      4 ops  pin  50%  errors  25%  no answer  25%  p99 30 ms    degradedFields shopping ×2, images ×1');
  });
});
