/**
 * `field-dependency report` against sources that answer what a healthy one does not, on real HTTP servers on
 * 127.0.0.1: label values holding control characters (ESC, BEL, CR, OSC 52) are escaped in the text output and in
 * messages, and kept as they are in JSON; a malformed Prometheus answer exits 2 naming what was wrong, never a stack.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { startHttpServer, type TestHttpServer } from './support/httpServer.js';

let servers: TestHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function serve(handle: Parameters<typeof startHttpServer>[0]): Promise<TestHttpServer> {
  const server = await startHttpServer(handle);
  servers.push(server);
  return server;
}

/** An owner that clears the screen and rings the bell, a reason that writes the clipboard, a field that rewrites its line. */
const OWNER = 'shop\u001b[2J\u0007ping';
const REASON = 'timeout\u001b]52;c;ZXZpbA==\u0007';
const FIELD = 'cart\rEVERYTHING IS FINE\u009b2K';

/** Every character a terminal acts on, but the line feed: none may reach it. */
function controlCharacters(text: string): string[] {
  return [...text].filter((character) => character !== '\n' && (character < ' ' || (character >= '\u007f' && character <= '\u009f')));
}

/** A /metrics page in the Prometheus text format whose counters grow by 10 per scrape. */
async function hostileService(): Promise<TestHttpServer> {
  let scrapes = 0;
  const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return serve((_request, response) => {
    scrapes += 1;
    const count = scrapes * 10;
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(
      [
        `field_dependency_calls_total{owner="${label(OWNER)}",field="${label(FIELD)}",critical="false",outcome="degraded"} ${count}`,
        `field_dependency_calls_total{owner="${label(OWNER)}",field="${label(FIELD)}",critical="false",outcome="success"} ${count}`,
        `field_dependency_degradations_total{owner="${label(OWNER)}",field="${label(FIELD)}",reason="${label(REASON)}"} ${count}`,
        `field_dependency_breaker_state{owner="${label(OWNER)}",field="${label(FIELD)}"} 2`,
        `field_dependency_decider_percent{owner="${label(OWNER)}",field="${label(FIELD)}"} 0`,
        '',
      ].join('\n'),
    );
  });
}

describe('report: control characters in label values', () => {
  it('report --url escapes them in the text table, and keeps them as they are in JSON', async () => {
    const service = await hostileService();
    const text = await runCliInProcess(['report', '--url', `${service.url}/metrics`, '--interval', '10ms']);

    expect(text.stderr).toBe('');
    expect(text.status).toBe(0);
    expect(controlCharacters(text.stdout)).toEqual([]);
    const row = text.stdout.split('\n').find((line) => line.startsWith('shop'));
    expect(row).toMatch(/^shop\\u001b\[2J\\u0007ping +\d+\.\d\d +50\.0% +timeout\\u001b\]52;c;ZXZpbA==\\u0007 \d+\.\d\d\/s +cart\\u000dEVERYTHING IS FINE\\u009b2K +0\.00$/);
    expect(text.stdout).toContain('  shop\\u001b[2J\\u0007ping/cart\\u000dEVERYTHING IS FINE\\u009b2K  0% (switched off)');

    const json = await runCliInProcess(['report', '--url', `${service.url}/metrics`, '--interval', '10ms', '--format', 'json']);
    const report = JSON.parse(json.stdout) as { owners: { owner: string; topReasons: { reason: string }[]; openBreakers: string[] }[] };
    expect(report.owners[0]).toMatchObject({ owner: OWNER, topReasons: [{ reason: REASON }], openBreakers: [FIELD] });
  });

  it("escapes them in a message quoting a server's answer", async () => {
    const prometheus = await serve((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error\r\u001b[2Kall good\u0007' }));
    });
    const run = await runCliInProcess(['report', '--prometheus', prometheus.url]);

    expect(run.status).toBe(2);
    expect(controlCharacters(run.stderr)).toEqual([]);
    expect(run.stderr).toContain('rejected the query (bad_data: parse error\\u000d\\u001b[2Kall good\\u0007)');
  });
});

describe('report --prometheus: a malformed answer exits 2 naming what was wrong, without a stack', () => {
  const answer = (data: unknown) => JSON.stringify({ status: 'success', data });
  it.each([
    ['data that is null', answer(null), 'is not a Prometheus HTTP API: GET /api/v1/query answered HTTP 200 application/json, status "success"'],
    ['a series that is null', answer({ resultType: 'vector', result: [null] }), 'with a malformed vector: data.result[0] is null, not a series object'],
    ['a label that is not a string', answer({ resultType: 'vector', result: [{ metric: { owner: ['shopping'] }, value: [1, '2'] }] }), 'data.result[0].metric["owner"] is ["shopping"], not a string'],
    ['a value that is not a pair', answer({ resultType: 'vector', result: [{ metric: { owner: 'shopping' }, value: '2' }] }), 'data.result[0].value is "2", not a [time, "value"] pair'],
  ])('%s', async (_case, body, message) => {
    const prometheus = await serve((_request, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end(body));
    const run = await runCliInProcess(['report', '--prometheus', prometheus.url]);

    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr.split('\n')).toHaveLength(2);
  });
});
