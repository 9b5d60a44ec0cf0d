import { Counter, Gauge, Histogram, Registry, Summary, register, type MetricValue, type OpenMetricsContentType } from 'prom-client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

type Runtime = typeof import('field-dependency') & typeof import('field-dependency/testing');

const METRIC_NAMES = [
  'field_dependency_calls_total',
  'field_dependency_degradations_total',
  'field_dependency_keys_total',
  'field_dependency_duration_seconds',
  'field_dependency_breaker_state',
  'field_dependency_concurrency_limit',
  'field_dependency_in_flight',
  'field_dependency_endpoint_calls_total',
  'field_dependency_info',
] as const;

/**
 * A fresh copy of the runtime (its own dependency list and registry choice, no metrics registered yet),
 * so each test sees only the dependencies it declares and starts on prom-client's default registry.
 */
async function freshRuntime(): Promise<Runtime> {
  vi.resetModules();
  const runtime = await import('field-dependency');
  const testing = await import('field-dependency/testing');
  return { ...runtime, ...testing };
}

noUnhandledRejections();

let fd: Runtime;

beforeEach(async () => {
  fd = await freshRuntime();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  // Nothing of this file stays on the process-wide default registry.
  for (const name of METRIC_NAMES) register.removeSingleMetric(name);
});

/** The series name of a histogram sample (`…_bucket`, `…_sum`, `…_count`), which prom-client's JSON type leaves out. */
function metricNameOf(sample: MetricValue<string>): string | undefined {
  return (sample as { metricName?: string }).metricName;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts `call`, lets exactly `ms` of fake time pass, and returns how it settled. */
async function settleAfter<T>(ms: number, call: () => Promise<T>): Promise<{ value?: T; error?: unknown }> {
  const pending = call().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.advanceTimersByTimeAsync(ms);
  return pending;
}

describe('the exposition after a scripted sequence of calls', () => {
  test('every metric, exactly', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
    const registry = fd.useFreshMetricsRegistry();

    let mode: 'ok' | 'error' | 'hang' | 'invalid' | 'partial' = 'ok';
    let delay = 0;
    async function upstream<T>(make: () => T): Promise<T> {
      if (delay > 0) await sleep(delay);
      if (mode === 'error') throw new Error('upstream failed for /v3/pins/12345?token=secret');
      if (mode === 'hang') return new Promise<T>(() => {});
      if (mode === 'invalid') return 'not the declared type' as unknown as T;
      return make();
    }

    const profile = fd.fieldDependency(Map, { owner: 'users', name: 'profile', timeoutMs: 100 })((ids: readonly string[]) =>
      upstream(() => new Map(ids.map((id) => [id, { id }]))),
    );
    const shopping = fd.fieldDependency(Object, { owner: 'shopping', name: 'shopping', breaker: { volumeThreshold: 1 } })((ids: readonly string[]) =>
      upstream(() => Object.fromEntries(ids.map((id) => [id, true]))),
    );
    const comments = fd.fieldDependency([null], { owner: 'comments', name: 'comments', breaker: false, concurrencyLimit: 4 })(
      (ids: readonly string[]): Promise<(string | Error | null)[]> =>
        upstream(() => ids.map((id, index) => (mode === 'partial' && index === 1 ? new Error(`no comments for ${id}`) : `comments of ${id}`))),
    );
    const images = fd.fieldDependency(Array, { owner: 'images', name: 'images', critical: true })((ids: readonly string[]) =>
      upstream(() => ids.map((id) => `image ${id}`)),
    );

    const step = async (nextMode: typeof mode, ms: number, call: () => Promise<unknown>) => {
      mode = nextMode;
      delay = nextMode === 'hang' || nextMode === 'invalid' ? 0 : ms;
      return settleAfter(ms, call);
    };

    await fd.degradationScope(
      async () => {
        expect(await step('ok', 3, () => profile(['p1']))).toEqual({ value: new Map([['p1', { id: 'p1' }]]) });
        expect(await step('error', 20, () => profile(['p1', 'p2']))).toEqual({ value: new Map() });
        expect(await step('error', 1, () => shopping(['p1']))).toEqual({ value: {} });
        expect(await step('ok', 0, () => shopping(['p1']))).toEqual({ value: {} });
        expect(await step('ok', 5, () => comments(['p1', 'p2', 'p3']))).toEqual({ value: ['comments of p1', 'comments of p2', 'comments of p3'] });
        expect(await step('partial', 250, () => comments(['p1', 'p2', 'p3', 'p4']))).toEqual({
          value: ['comments of p1', null, 'comments of p3', 'comments of p4'],
        });
        expect(await step('ok', 2, () => images(['p1']))).toEqual({ value: ['image p1'] });
        const failure = await step('error', 2_000, () => images(['p1', 'p2']));
        expect(fd.isFieldDependencyError(failure.error)).toBe(true);
      },
      { endpoint: '/v3/pins/:id' },
    );
    await fd.degradationScope(
      async () => {
        expect(await step('hang', 100, () => profile(['p1']))).toEqual({ value: new Map() });
      },
      { endpoint: '/v3/users/:id' },
    );
    // Outside any scope: counted everywhere but in the endpoint metric.
    expect(await step('invalid', 0, () => profile(['p1']))).toEqual({ value: new Map() });
    fd.disableDependency('profile', 'users');
    expect(await step('ok', 0, () => profile(['p1', 'p2', 'p3']))).toEqual({ value: new Map() });
    fd.enableDependency('profile', 'users');

    expect(await registry.metrics()).toBe(`# HELP field_dependency_calls_total Calls of field dependency loaders, by outcome: success, degraded (fell back), failed (critical), shed (left out by brownout).
# TYPE field_dependency_calls_total counter
field_dependency_calls_total{field="profile",owner="users",critical="false",outcome="success"} 1
field_dependency_calls_total{field="profile",owner="users",critical="false",outcome="degraded"} 4
field_dependency_calls_total{field="shopping",owner="shopping",critical="false",outcome="success"} 0
field_dependency_calls_total{field="shopping",owner="shopping",critical="false",outcome="degraded"} 2
field_dependency_calls_total{field="comments",owner="comments",critical="false",outcome="success"} 1
field_dependency_calls_total{field="comments",owner="comments",critical="false",outcome="degraded"} 1
field_dependency_calls_total{field="images",owner="images",critical="true",outcome="success"} 1
field_dependency_calls_total{field="images",owner="images",critical="true",outcome="failed"} 1

# HELP field_dependency_degradations_total Degradations (critical: failures) of field dependencies, by reason.
# TYPE field_dependency_degradations_total counter
field_dependency_degradations_total{field="profile",owner="users",reason="error"} 1
field_dependency_degradations_total{field="profile",owner="users",reason="timeout"} 1
field_dependency_degradations_total{field="profile",owner="users",reason="breaker_open"} 0
field_dependency_degradations_total{field="profile",owner="users",reason="invalid_result"} 1
field_dependency_degradations_total{field="profile",owner="users",reason="partial"} 0
field_dependency_degradations_total{field="profile",owner="users",reason="disabled"} 1
field_dependency_degradations_total{field="profile",owner="users",reason="shed"} 0
field_dependency_degradations_total{field="shopping",owner="shopping",reason="error"} 1
field_dependency_degradations_total{field="shopping",owner="shopping",reason="timeout"} 0
field_dependency_degradations_total{field="shopping",owner="shopping",reason="breaker_open"} 1
field_dependency_degradations_total{field="shopping",owner="shopping",reason="invalid_result"} 0
field_dependency_degradations_total{field="shopping",owner="shopping",reason="partial"} 0
field_dependency_degradations_total{field="shopping",owner="shopping",reason="disabled"} 0
field_dependency_degradations_total{field="shopping",owner="shopping",reason="shed"} 0
field_dependency_degradations_total{field="comments",owner="comments",reason="error"} 0
field_dependency_degradations_total{field="comments",owner="comments",reason="timeout"} 0
field_dependency_degradations_total{field="comments",owner="comments",reason="breaker_open"} 0
field_dependency_degradations_total{field="comments",owner="comments",reason="invalid_result"} 0
field_dependency_degradations_total{field="comments",owner="comments",reason="partial"} 1
field_dependency_degradations_total{field="comments",owner="comments",reason="disabled"} 0
field_dependency_degradations_total{field="comments",owner="comments",reason="shed"} 0
field_dependency_degradations_total{field="images",owner="images",reason="error"} 1
field_dependency_degradations_total{field="images",owner="images",reason="timeout"} 0
field_dependency_degradations_total{field="images",owner="images",reason="breaker_open"} 0
field_dependency_degradations_total{field="images",owner="images",reason="invalid_result"} 0
field_dependency_degradations_total{field="images",owner="images",reason="partial"} 0
field_dependency_degradations_total{field="images",owner="images",reason="disabled"} 0
field_dependency_degradations_total{field="images",owner="images",reason="shed"} 0

# HELP field_dependency_keys_total Keys asked of batch loaders, by outcome: ok (real data) or degraded (empty value).
# TYPE field_dependency_keys_total counter
field_dependency_keys_total{field="profile",owner="users",outcome="ok"} 1
field_dependency_keys_total{field="profile",owner="users",outcome="degraded"} 7
field_dependency_keys_total{field="shopping",owner="shopping",outcome="ok"} 0
field_dependency_keys_total{field="shopping",owner="shopping",outcome="degraded"} 2
field_dependency_keys_total{field="comments",owner="comments",outcome="ok"} 6
field_dependency_keys_total{field="comments",owner="comments",outcome="degraded"} 1
field_dependency_keys_total{field="images",owner="images",outcome="ok"} 1
field_dependency_keys_total{field="images",owner="images",outcome="degraded"} 2

# HELP field_dependency_duration_seconds Latency of field dependency calls, until the value or the fallback was ready.
# TYPE field_dependency_duration_seconds histogram
field_dependency_duration_seconds_bucket{field="profile",owner="users",le="0.001"} 2
field_dependency_duration_seconds_bucket{field="profile",owner="users",le="0.0025"} 2
field_dependency_duration_seconds_bucket{field="profile",owner="users",le="0.005"} 3
field_dependency_duration_seconds_bucket{field="profile",owner="users",le="0.01"} 3
field_dependency_duration_seconds_bucket{field="profile",owner="users",le="0.025"} 4
field_dependency_duration_seconds_bucket{field="profile",owner="users",le="0.05"} 4
field_dependency_duration_seconds_bucket{field="profile",owner="users",le="0.1"} 5
field_dependency_duration_seconds_bucket{field="profile",owner="users",le="0.25"} 5
field_dependency_duration_seconds_bucket{field="profile",owner="users",le="0.5"} 5
field_dependency_duration_seconds_bucket{field="profile",owner="users",le="1"} 5
field_dependency_duration_seconds_bucket{field="profile",owner="users",le="2.5"} 5
field_dependency_duration_seconds_bucket{field="profile",owner="users",le="5"} 5
field_dependency_duration_seconds_bucket{field="profile",owner="users",le="10"} 5
field_dependency_duration_seconds_bucket{field="profile",owner="users",le="+Inf"} 5
field_dependency_duration_seconds_sum{field="profile",owner="users"} 0.123
field_dependency_duration_seconds_count{field="profile",owner="users"} 5
field_dependency_duration_seconds_bucket{field="shopping",owner="shopping",le="0.001"} 2
field_dependency_duration_seconds_bucket{field="shopping",owner="shopping",le="0.0025"} 2
field_dependency_duration_seconds_bucket{field="shopping",owner="shopping",le="0.005"} 2
field_dependency_duration_seconds_bucket{field="shopping",owner="shopping",le="0.01"} 2
field_dependency_duration_seconds_bucket{field="shopping",owner="shopping",le="0.025"} 2
field_dependency_duration_seconds_bucket{field="shopping",owner="shopping",le="0.05"} 2
field_dependency_duration_seconds_bucket{field="shopping",owner="shopping",le="0.1"} 2
field_dependency_duration_seconds_bucket{field="shopping",owner="shopping",le="0.25"} 2
field_dependency_duration_seconds_bucket{field="shopping",owner="shopping",le="0.5"} 2
field_dependency_duration_seconds_bucket{field="shopping",owner="shopping",le="1"} 2
field_dependency_duration_seconds_bucket{field="shopping",owner="shopping",le="2.5"} 2
field_dependency_duration_seconds_bucket{field="shopping",owner="shopping",le="5"} 2
field_dependency_duration_seconds_bucket{field="shopping",owner="shopping",le="10"} 2
field_dependency_duration_seconds_bucket{field="shopping",owner="shopping",le="+Inf"} 2
field_dependency_duration_seconds_sum{field="shopping",owner="shopping"} 0.001
field_dependency_duration_seconds_count{field="shopping",owner="shopping"} 2
field_dependency_duration_seconds_bucket{field="comments",owner="comments",le="0.001"} 0
field_dependency_duration_seconds_bucket{field="comments",owner="comments",le="0.0025"} 0
field_dependency_duration_seconds_bucket{field="comments",owner="comments",le="0.005"} 1
field_dependency_duration_seconds_bucket{field="comments",owner="comments",le="0.01"} 1
field_dependency_duration_seconds_bucket{field="comments",owner="comments",le="0.025"} 1
field_dependency_duration_seconds_bucket{field="comments",owner="comments",le="0.05"} 1
field_dependency_duration_seconds_bucket{field="comments",owner="comments",le="0.1"} 1
field_dependency_duration_seconds_bucket{field="comments",owner="comments",le="0.25"} 2
field_dependency_duration_seconds_bucket{field="comments",owner="comments",le="0.5"} 2
field_dependency_duration_seconds_bucket{field="comments",owner="comments",le="1"} 2
field_dependency_duration_seconds_bucket{field="comments",owner="comments",le="2.5"} 2
field_dependency_duration_seconds_bucket{field="comments",owner="comments",le="5"} 2
field_dependency_duration_seconds_bucket{field="comments",owner="comments",le="10"} 2
field_dependency_duration_seconds_bucket{field="comments",owner="comments",le="+Inf"} 2
field_dependency_duration_seconds_sum{field="comments",owner="comments"} 0.255
field_dependency_duration_seconds_count{field="comments",owner="comments"} 2
field_dependency_duration_seconds_bucket{field="images",owner="images",le="0.001"} 0
field_dependency_duration_seconds_bucket{field="images",owner="images",le="0.0025"} 1
field_dependency_duration_seconds_bucket{field="images",owner="images",le="0.005"} 1
field_dependency_duration_seconds_bucket{field="images",owner="images",le="0.01"} 1
field_dependency_duration_seconds_bucket{field="images",owner="images",le="0.025"} 1
field_dependency_duration_seconds_bucket{field="images",owner="images",le="0.05"} 1
field_dependency_duration_seconds_bucket{field="images",owner="images",le="0.1"} 1
field_dependency_duration_seconds_bucket{field="images",owner="images",le="0.25"} 1
field_dependency_duration_seconds_bucket{field="images",owner="images",le="0.5"} 1
field_dependency_duration_seconds_bucket{field="images",owner="images",le="1"} 1
field_dependency_duration_seconds_bucket{field="images",owner="images",le="2.5"} 2
field_dependency_duration_seconds_bucket{field="images",owner="images",le="5"} 2
field_dependency_duration_seconds_bucket{field="images",owner="images",le="10"} 2
field_dependency_duration_seconds_bucket{field="images",owner="images",le="+Inf"} 2
field_dependency_duration_seconds_sum{field="images",owner="images"} 2.002
field_dependency_duration_seconds_count{field="images",owner="images"} 2

# HELP field_dependency_breaker_state Circuit breaker state per field dependency: 0 closed, 1 half-open, 2 open.
# TYPE field_dependency_breaker_state gauge
field_dependency_breaker_state{field="profile",owner="users"} 0
field_dependency_breaker_state{field="shopping",owner="shopping"} 2

# HELP field_dependency_concurrency_limit The concurrency limit in force (calls in flight at once) per field dependency that has one; adaptive limits fall when the latency rises.
# TYPE field_dependency_concurrency_limit gauge
field_dependency_concurrency_limit{field="comments",owner="comments"} 4

# HELP field_dependency_in_flight Calls in flight now per field dependency that has a concurrency limit.
# TYPE field_dependency_in_flight gauge
field_dependency_in_flight{field="comments",owner="comments"} 0

# HELP field_dependency_endpoint_calls_total Calls of field dependency loaders per API endpoint (route template; rare endpoints past the cap are __other__).
# TYPE field_dependency_endpoint_calls_total counter
field_dependency_endpoint_calls_total{field="profile",owner="users",endpoint="/v3/pins/:id"} 2
field_dependency_endpoint_calls_total{field="profile",owner="users",endpoint="/v3/users/:id"} 1
field_dependency_endpoint_calls_total{field="shopping",owner="shopping",endpoint="/v3/pins/:id"} 2
field_dependency_endpoint_calls_total{field="comments",owner="comments",endpoint="/v3/pins/:id"} 2
field_dependency_endpoint_calls_total{field="images",owner="images",endpoint="/v3/pins/:id"} 2

# HELP field_dependency_info Declared field dependencies (always 1): owner, criticality and fallback type.
# TYPE field_dependency_info gauge
field_dependency_info{field="profile",owner="users",critical="false",type="Map"} 1
field_dependency_info{field="shopping",owner="shopping",critical="false",type="Object"} 1
field_dependency_info{field="comments",owner="comments",critical="false",type="[null]"} 1
field_dependency_info{field="images",owner="images",critical="true",type="Array"} 1
`);
  });
});

describe('where the metrics are registered', () => {
  test('on the default prom-client registry when not configured, once, however many dependencies are declared', async () => {
    for (const name of METRIC_NAMES) expect(register.getSingleMetric(name)).toBeUndefined();
    const load = fd.fieldDependency(Map, { owner: 'users', name: 'registry-default' })(async () => new Map([['a', 1]]));
    fd.fieldDependency(Set, { owner: 'users', name: 'registry-default-second' })(async () => new Set());
    expect(fd.metricsRegistry()).toBe(register);
    for (const name of METRIC_NAMES) expect(register.getSingleMetric(name), name).toBeDefined();

    await load();
    const { values } = await register.getSingleMetric('field_dependency_calls_total')!.get();
    expect(values).toContainEqual({ labels: { field: 'registry-default', owner: 'users', critical: 'false', outcome: 'success' }, value: 1 });
    expect(await register.metrics()).toContain('field_dependency_info{field="registry-default-second",owner="users",critical="false",type="Set"} 1');
  });

  test('configure({ registry }) moves them to another registry and removes them from the old one', async () => {
    const load = fd.fieldDependency(Map, { owner: 'users', name: 'registry-moved' })(async () => new Map([['a', 1]]));
    await load();
    const other = new Registry();
    fd.configure({ registry: other });
    expect(fd.metricsRegistry()).toBe(other);
    for (const name of METRIC_NAMES) {
      expect(register.getSingleMetric(name), name).toBeUndefined();
      expect(other.getSingleMetric(name), name).toBeDefined();
    }
    expect(await register.metrics()).not.toContain('field_dependency');
    expect(await other.metrics()).toContain('field_dependency_calls_total{field="registry-moved",owner="users",critical="false",outcome="success"} 1');

    // And on again: configure() can be called any number of times.
    const third = new Registry();
    fd.configure({ registry: third });
    expect(other.getMetricsAsArray()).toEqual([]);
    expect(third.getMetricsAsArray()).toHaveLength(METRIC_NAMES.length);
  });

  test('configure({ registry }) before any dependency is declared: they are registered there, never on the default', async () => {
    const chosen = new Registry();
    fd.configure({ registry: chosen });
    fd.fieldDependency(Map, { owner: 'users', name: 'registry-early' })(async () => new Map());
    for (const name of METRIC_NAMES) {
      expect(chosen.getSingleMetric(name), name).toBeDefined();
      expect(register.getSingleMetric(name), name).toBeUndefined();
    }
  });

  test('configuring the same registry twice is harmless', async () => {
    const chosen = new Registry();
    fd.configure({ registry: chosen });
    fd.fieldDependency(Map, { owner: 'users', name: 'registry-same' })(async () => new Map());
    fd.configure({ registry: chosen });
    expect(chosen.getMetricsAsArray()).toHaveLength(METRIC_NAMES.length);
  });

  test('configure() rejects bad input with TypeErrors naming the option and what it received, and changes nothing', async () => {
    const chosen = fd.useFreshMetricsRegistry();
    fd.fieldDependency(Map, { owner: 'users', name: 'configure-bad' })(async () => new Map());
    const cases: [unknown, RegExp][] = [
      [undefined, /configure: options must be an object; received undefined/],
      [null, /configure: options must be an object; received null/],
      ['registry', /configure: options must be an object; received "registry"/],
      [{ maxEndpoints: 0 }, /option `maxEndpoints` must be a whole number of at least 1; received number 0/],
      [{ maxEndpoints: 2.5 }, /option `maxEndpoints` must be a whole number of at least 1; received number 2\.5/],
      [{ maxEndpoints: '10' }, /option `maxEndpoints` must be a whole number of at least 1; received "10"/],
      [{ maxEndpoints: Number.NaN }, /option `maxEndpoints` .*received number NaN/],
      [{ registry: {} }, /option `registry` must be a prom-client Registry; received an object \(Object\)/],
      [{ registry: 'default' }, /option `registry` must be a prom-client Registry; received "default"/],
      [{ registry: null }, /option `registry` must be a prom-client Registry; received null/],
      [{ registry: new Registry(), maxEndpoints: -1 }, /option `maxEndpoints`/],
    ];
    for (const [options, message] of cases) {
      expect(() => fd.configure(options as never), String(message)).toThrow(TypeError);
      expect(() => fd.configure(options as never)).toThrow(message);
    }
    expect(fd.metricsRegistry()).toBe(chosen);
    expect(chosen.getMetricsAsArray()).toHaveLength(METRIC_NAMES.length);
  });

  test('a rejected configure() leaves the endpoint cap as it was', async () => {
    fd.useFreshMetricsRegistry();
    fd.configure({ maxEndpoints: 1 });
    expect(() => fd.configure({ maxEndpoints: 5, registry: {} as never })).toThrow(TypeError);
    const chosen = fd.metricsRegistry();
    const load = fd.fieldDependency(Map, { owner: 'users', name: 'configure-atomic' })(async () => new Map());
    for (const endpoint of ['/a', '/b', '/c']) await fd.degradationScope(() => load(), { endpoint });
    const { values } = await chosen.getSingleMetric('field_dependency_endpoint_calls_total')!.get();
    expect(values.map((sample) => [sample.labels.endpoint, sample.value])).toEqual([
      ['__other__', 2],
      ['/a', 1],
    ]);
  });
});

describe('registry features', () => {
  test('registry.resetMetrics() zeroes the counters and the histogram; info and breaker state stay', async () => {
    const registry = fd.useFreshMetricsRegistry();
    let fail = false;
    const load = fd.fieldDependency([null], { owner: 'users', name: 'reset-metrics' })(async (ids: readonly string[]): Promise<(string | null)[]> => {
      if (fail) throw new Error('down');
      return ids.map(String);
    });
    await fd.degradationScope(() => load(['a', 'b']), { endpoint: '/x' });
    fail = true;
    await load(['a']);

    registry.resetMetrics();
    const json = await registry.getMetricsAsJSON();
    const byName = new Map(json.map((metric) => [metric.name, metric.values]));
    for (const name of ['field_dependency_calls_total', 'field_dependency_degradations_total', 'field_dependency_keys_total', 'field_dependency_duration_seconds']) {
      const values = byName.get(name) ?? [];
      expect(values.length, name).toBeGreaterThan(0);
      for (const sample of values) expect(sample.value, `${name} ${JSON.stringify(sample.labels)}`).toBe(0);
    }
    expect(byName.get('field_dependency_endpoint_calls_total')).toEqual([]);
    expect(byName.get('field_dependency_breaker_state')).toEqual([{ labels: { field: 'reset-metrics', owner: 'users' }, value: 0 }]);
    expect(byName.get('field_dependency_info')).toEqual([
      { labels: { field: 'reset-metrics', owner: 'users', critical: 'false', type: '[null]' }, value: 1 },
    ]);

    // Counting goes on from zero.
    fail = false;
    await load(['a']);
    const { values } = await registry.getSingleMetric('field_dependency_calls_total')!.get();
    expect(values.find((sample) => sample.labels.outcome === 'success')?.value).toBe(1);
  });

  test('registry.getMetricsAsJSON() lists every metric with its type, labels and values', async () => {
    const registry = fd.useFreshMetricsRegistry();
    const load = fd.fieldDependency(Map, { owner: 'users', name: 'json', critical: true })(async () => new Map([['a', 1]]));
    await load();
    const json = await registry.getMetricsAsJSON();
    expect(json.map(({ name, type }) => [name, type])).toEqual([
      ['field_dependency_calls_total', 'counter'],
      ['field_dependency_degradations_total', 'counter'],
      ['field_dependency_keys_total', 'counter'],
      ['field_dependency_duration_seconds', 'histogram'],
      ['field_dependency_breaker_state', 'gauge'],
      ['field_dependency_concurrency_limit', 'gauge'],
      ['field_dependency_in_flight', 'gauge'],
      ['field_dependency_endpoint_calls_total', 'counter'],
      ['field_dependency_info', 'gauge'],
    ]);
    const calls = json.find((metric) => metric.name === 'field_dependency_calls_total');
    expect(calls?.values).toEqual([
      { labels: { field: 'json', owner: 'users', critical: 'true', outcome: 'success' }, value: 1 },
      { labels: { field: 'json', owner: 'users', critical: 'true', outcome: 'failed' }, value: 0 },
    ]);
    const duration = json.find((metric) => metric.name === 'field_dependency_duration_seconds');
    expect(duration?.values.filter((sample) => metricNameOf(sample) === 'field_dependency_duration_seconds_count')).toEqual([
      { metricName: 'field_dependency_duration_seconds_count', labels: { field: 'json', owner: 'users' }, value: 1 },
    ]);
    for (const metric of json) expect(typeof metric.help).toBe('string');
  });

  test('an OpenMetrics registry exposes valid counter names, scrape after scrape, and they come back intact when moved', async () => {
    // prom-client's types omit the constructor's content-type parameter; setContentType() is the typed equivalent.
    const openMetrics = new Registry<OpenMetricsContentType>();
    openMetrics.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    fd.configure({ registry: openMetrics });
    const load = fd.fieldDependency(Map, { owner: 'users', name: 'open-metrics' })(async () => new Map([['a', 1]]));
    await load();

    for (let scrape = 0; scrape < 2; scrape++) {
      const text = await openMetrics.metrics();
      expect(text.endsWith('# EOF\n')).toBe(true);
      for (const counter of ['calls', 'degradations', 'keys', 'endpoint_calls']) {
        // The family is named without _total; its samples with it.
        expect(text).toContain(`# TYPE field_dependency_${counter} counter\n`);
        expect(text).not.toContain(`field_dependency_${counter}_total_total`);
      }
      expect(text).toContain('field_dependency_calls_total{field="open-metrics",owner="users",critical="false",outcome="success"} 1\n');
      expect(text).toContain('# TYPE field_dependency_duration_seconds histogram\n');
      expect(text).toContain('# TYPE field_dependency_info gauge\n');
      for (const line of text.split('\n')) {
        if (line === '' || line.startsWith('#')) continue;
        expect(line).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? \S+$/);
      }
    }

    const prometheus = new Registry();
    fd.configure({ registry: prometheus });
    expect(openMetrics.getMetricsAsArray()).toEqual([]);
    for (const name of METRIC_NAMES) expect(prometheus.getSingleMetric(name), name).toBeDefined();
    const text = await prometheus.metrics();
    expect(text).toContain('# TYPE field_dependency_calls_total counter\n');
    expect(text).toContain('field_dependency_calls_total{field="open-metrics",owner="users",critical="false",outcome="success"} 1\n');
  });
});

describe('the hot path', () => {
  test('1000 loader calls make no prom-client call; the numbers are right when scraped', async () => {
    const registry = fd.useFreshMetricsRegistry();
    let index = 0;
    const load = fd.fieldDependency([null], { owner: 'users', name: 'hot-path', breaker: false })(async (ids: readonly string[]): Promise<(string | Error | null)[]> => {
      index++;
      if (index % 10 === 0) throw new Error('every tenth call fails');
      return ids.map((id) => (index % 10 === 5 && id === 'b' ? new Error('partial') : id));
    });
    // prom-client's Counter and Histogram pick `inc` / `observe` per instance from these prototype methods.
    const spies = [
      vi.spyOn(Counter.prototype as unknown as { incWithoutExemplar: () => void }, 'incWithoutExemplar'),
      vi.spyOn(Counter.prototype as unknown as { incWithExemplar: () => void }, 'incWithExemplar'),
      vi.spyOn(Gauge.prototype, 'set'),
      vi.spyOn(Gauge.prototype, 'inc'),
      vi.spyOn(Gauge.prototype, 'dec'),
      vi.spyOn(Histogram.prototype as unknown as { observeWithoutExemplar: () => void }, 'observeWithoutExemplar'),
      vi.spyOn(Histogram.prototype as unknown as { observeWithExemplar: () => void }, 'observeWithExemplar'),
      vi.spyOn(Summary.prototype, 'observe'),
    ];
    // The spies do catch prom-client calls:
    new Counter({ name: 'spy_check_total', help: 'spy check', registers: [] }).inc();
    new Histogram({ name: 'spy_check_seconds', help: 'spy check', registers: [] }).observe(1);
    expect(spies[0]).toHaveBeenCalledTimes(1);
    expect(spies[5]).toHaveBeenCalledTimes(1);
    for (const spy of spies) spy.mockClear();

    await fd.degradationScope(
      async () => {
        for (let call = 0; call < 1000; call++) await load(['a', 'b']);
      },
      { endpoint: '/hot' },
    );
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();

    const json = await registry.getMetricsAsJSON();
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    const values = (name: string) => json.find((metric) => metric.name === name)?.values ?? [];
    expect(values('field_dependency_calls_total').map((sample) => sample.value)).toEqual([800, 200]);
    expect(values('field_dependency_degradations_total').find((sample) => sample.labels.reason === 'error')?.value).toBe(100);
    expect(values('field_dependency_degradations_total').find((sample) => sample.labels.reason === 'partial')?.value).toBe(100);
    expect(values('field_dependency_endpoint_calls_total')).toEqual([{ labels: { field: 'hot-path', owner: 'users', endpoint: '/hot' }, value: 1000 }]);
    expect(values('field_dependency_duration_seconds').find((sample) => metricNameOf(sample) === 'field_dependency_duration_seconds_count')?.value).toBe(
      1000,
    );
  });
});
