import type { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { startHttpServer, type TestHttpServer } from '../operations/support/httpServer.js';
import { inMemoryDeciders } from './support.js';

type Runtime = typeof import('field-dependency') & typeof import('field-dependency/testing');

let fd: Runtime;
let registry: Registry;
let service: TestHttpServer | undefined;

beforeEach(async () => {
  vi.resetModules();
  fd = { ...(await import('field-dependency')), ...(await import('field-dependency/testing')) };
  registry = fd.useFreshMetricsRegistry();
});

afterEach(async () => {
  fd.shutdownFieldDependencies();
  await service?.close();
  service = undefined;
});

describe('field-dependency report --url shows the deciders below 100', () => {
  it('scrapes a real service whose deciders come from an OpenFeature client', async () => {
    fd.fieldDependency(Map, { owner: 'shopping', name: 'shopping' })(async () => new Map());
    fd.fieldDependency(Map, { owner: 'shopping', name: 'shipping' })(async () => new Map());
    fd.fieldDependency(Map, { owner: 'comments', name: 'comments' })(async () => new Map());
    const { client } = await inMemoryDeciders({
      'field-dependency.shopping.shopping': false,
      'field-dependency.shopping.shipping': 37,
      'field-dependency.comments.comments': 100,
    });
    fd.configure({ deciders: client });
    await vi.waitFor(async () => expect((await registry.getSingleMetric('field_dependency_decider_percent')!.get()).values.map((sample) => sample.value)).toEqual([0, 37, 100]));
    service = await startHttpServer(async (_request, response) => {
      response.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
    });

    const run = await runCliInProcess(['report', '--url', `${service.url}/metrics`, '--interval', '50ms']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /\n\nDeciders below 100 \(the other calls answer with the fallback, reason disabled\):\n {2}shopping\/shopping {2}0% \(switched off\)\n {2}shopping\/shipping {2}37%\n$/,
    );
    const json = await runCliInProcess(['report', '--url', `${service.url}/metrics`, '--interval', '50ms', '--format', 'json']);
    expect(JSON.parse(json.stdout).deciders).toEqual([
      { owner: 'shopping', field: 'shopping', percent: 0 },
      { owner: 'shopping', field: 'shipping', percent: 37 },
    ]);
  });
});
