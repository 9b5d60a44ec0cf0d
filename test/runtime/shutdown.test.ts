import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

type Runtime = typeof import('field-dependency') & typeof import('field-dependency/testing');

/**
 * A fresh copy of the runtime for each test: `shutdownFieldDependencies()` stops every breaker declared
 * so far in the process, so tests must not share dependencies.
 */
async function freshRuntime(): Promise<Runtime> {
  vi.resetModules();
  const runtime = await import('field-dependency');
  const testing = await import('field-dependency/testing');
  return { ...runtime, ...testing };
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const runtimeEntry = pathToFileURL(fileURLToPath(new URL('../../src/index.ts', import.meta.url))).href;

noUnhandledRejections();

let fd: Runtime;
let registry: Registry;

beforeEach(async () => {
  fd = await freshRuntime();
  registry = fd.useFreshMetricsRegistry();
});

afterEach(() => {
  vi.useRealTimers();
});

async function breakerStates(): Promise<Record<string, number>> {
  const { values } = await registry.getSingleMetric('field_dependency_breaker_state')!.get();
  return Object.fromEntries(values.map((sample) => [String(sample.labels.field), sample.value]));
}

function timeouts(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

describe('shutdownFieldDependencies()', () => {
  test('stops every breaker timer (rolling window and reset timeout): the timer count is back to its baseline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const baseline = vi.getTimerCount();

    let failing = true;
    const shopping = fd.fieldDependency(Map, { owner: 'shopping', name: 'shutdown-timers-a', breaker: { volumeThreshold: 1, resetTimeout: 60_000 } })(
      async () => {
        if (failing) throw new Error('down');
        return new Map([['a', 1]]);
      },
    );
    fd.fieldDependency(Set, { owner: 'boards', name: 'shutdown-timers-b' })(async () => new Set());
    fd.fieldDependency(Array, { owner: 'images', name: 'shutdown-timers-critical', critical: true })(async () => []);
    // One rolling-window interval per breaker; the critical dependency has none.
    expect(vi.getTimerCount()).toBe(baseline + 2);

    await shopping();
    expect((await breakerStates())['shutdown-timers-a']).toBe(2);
    // The open breaker's reset timeout.
    expect(vi.getTimerCount()).toBe(baseline + 3);

    fd.shutdownFieldDependencies();
    expect(vi.getTimerCount()).toBe(baseline);

    // Calls still work, and go to the loader, even the one whose breaker was open.
    failing = false;
    expect(await shopping()).toEqual(new Map([['a', 1]]));
    expect(vi.getTimerCount()).toBe(baseline);
  });

  test('after it, calls go to the loader however often they fail, and still never reject', async () => {
    let calls = 0;
    const load = fd.fieldDependency(Map, { owner: 'shopping', name: 'shutdown-calls', breaker: { volumeThreshold: 2 } })(
      async (): Promise<Map<string, number>> => {
        calls++;
        throw new Error('down');
      },
    );
    await load();
    await load();
    expect(await load()).toEqual(new Map());
    expect(calls).toBe(2);

    fd.shutdownFieldDependencies();
    for (let index = 0; index < 10; index++) expect(await load()).toEqual(new Map());
    expect(calls).toBe(12);
    const { values } = await registry.getSingleMetric('field_dependency_degradations_total')!.get();
    const byReason = Object.fromEntries(values.map((sample) => [sample.labels.reason, sample.value]));
    expect(byReason).toMatchObject({ error: 12, breaker_open: 1 });
  });

  test('a breaker that was open when shut down is no longer published as open, since calls pass', async () => {
    const load = fd.fieldDependency(Map, { owner: 'shopping', name: 'shutdown-state', breaker: { volumeThreshold: 1 } })(
      async (): Promise<Map<string, number>> => {
        throw new Error('down');
      },
    );
    await load();
    expect(await breakerStates()).toEqual({ 'shutdown-state': 2 });
    fd.shutdownFieldDependencies();
    expect(await breakerStates()).toEqual({ 'shutdown-state': 0 });
  });

  test('a sync loader stays sync after it, its throws still become the fallback, even after resetFieldDependencies()', () => {
    let calls = 0;
    let failing = false;
    const load = fd.fieldDependency(Array, { owner: 'boards', name: 'shutdown-sync' })((ids: readonly string[]): string[] => {
      calls++;
      if (failing) throw new Error('down');
      return ids.map((id) => `board ${id}`);
    });
    expect(load(['a'])).toEqual(['board a']);
    fd.shutdownFieldDependencies();
    expect(load(['b'])).toEqual(['board b']);
    failing = true;
    expect(load(['c'])).toEqual([]);

    // A test suite's beforeEach resetting state must not bring the stopped breaker half back.
    fd.resetFieldDependencies();
    expect(() => load(['d'])).not.toThrow();
    expect(load(['e'])).toEqual([]);
    failing = false;
    expect(load(['f'])).toEqual(['board f']);
    expect(calls).toBe(6);
  });

  test('dependencies declared after it get a working breaker of their own', async () => {
    fd.shutdownFieldDependencies();
    let calls = 0;
    const load = fd.fieldDependency(Map, { owner: 'shopping', name: 'shutdown-later', breaker: { volumeThreshold: 1 } })(
      async (): Promise<Map<string, number>> => {
        calls++;
        throw new Error('down');
      },
    );
    await load();
    expect(await load()).toEqual(new Map());
    expect(calls).toBe(1);
    expect(await breakerStates()).toEqual({ 'shutdown-later': 2 });
  });

  test('calling it twice, or with no dependency declared, is harmless', () => {
    expect(() => fd.shutdownFieldDependencies()).not.toThrow();
    fd.fieldDependency(Map, { owner: 'shopping', name: 'shutdown-twice' })(async () => new Map());
    fd.shutdownFieldDependencies();
    expect(() => fd.shutdownFieldDependencies()).not.toThrow();
  });
});

describe('breaker timers never keep the process alive', () => {
  test('with real timers, no breaker timer shows among the active resources, before or after shutdown', async () => {
    const before = timeouts();
    const load = fd.fieldDependency(Map, { owner: 'shopping', name: 'unref-in-process', breaker: { volumeThreshold: 1, resetTimeout: 60_000 } })(
      async (): Promise<Map<string, number>> => {
        throw new Error('down');
      },
    );
    await load();
    expect((await breakerStates())['unref-in-process']).toBe(2);
    // Both the rolling-window interval and the open breaker's reset timeout exist, unref'd.
    expect(timeouts()).toBe(before);
    fd.shutdownFieldDependencies();
    expect(timeouts()).toBe(before);
  });

  test('a process that declares a dependency with a breaker, opens it and makes calls exits on its own', async () => {
    const script = `
      import { fieldDependency, metricsRegistry } from ${JSON.stringify(runtimeEntry)};
      const timeouts = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
      const before = timeouts();
      let fail = true;
      const load = fieldDependency(Map, { owner: 'shopping', name: 'child', breaker: { volumeThreshold: 1, resetTimeout: 60000 } })(async (ids) => {
        if (fail) throw new Error('down');
        return new Map(ids.map((id) => [id, id]));
      });
      const degraded = await load(['a']);
      fail = false;
      const refused = await load(['a']);
      const state = (await metricsRegistry().getSingleMetric('field_dependency_breaker_state').get()).values[0].value;
      process.stdout.write(JSON.stringify({ before, after: timeouts(), degraded: degraded.size, refused: refused.size, state }));
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

    // A liveness bound, not a speed check: with a ref'd breaker timer (a 1 s interval, a 60 s reset
    // timeout) the child would never exit before it.
    const deadline = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (...args) => resolve(args)));
    clearTimeout(deadline);

    expect(signal, `the child was killed: it did not exit on its own.\nstderr: ${stderr}`).toBeNull();
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ before: 0, after: 0, degraded: 0, refused: 0, state: 2 });
  });
});
