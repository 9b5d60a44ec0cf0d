/**
 * The pieces of `npm run bench:api:profile`: a server child profiles itself on command, and a profile's
 * samples are grouped by what they were in. (The benchmark's figures are not tested; they go to BENCHMARKS.md.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuProfileShares, PROFILE_CATEGORIES } from '../../examples/api-bench/cpuProfileShares.js';
import { ServerChild } from '../../examples/api-bench/ServerChild.js';

const ROOT = '/repo';
let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'api-bench-profile-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

/** A profile with one node per call frame, each sampled for `micros` (idle included). */
async function profileOf(frames: readonly { functionName: string; url: string; micros: number }[]): Promise<string> {
  const nodes = frames.map(({ functionName, url }, index) => ({ id: index + 1, callFrame: { functionName, url, scriptId: '0', lineNumber: 0, columnNumber: 0 } }));
  const file = path.join(directory, `synthetic-${frames.length}.cpuprofile`);
  await writeFile(file, JSON.stringify({ nodes, samples: nodes.map(({ id }) => id), timeDeltas: frames.map(({ micros }) => micros), startTime: 0, endTime: 1 }));
  return file;
}

describe('cpuProfileShares', () => {
  it('groups self time by where it was spent, and leaves idle time out', async () => {
    const file = await profileOf([
      { functionName: 'guardedCall', url: `file://${ROOT}/src/guard/guardedCall.ts`, micros: 5 },
      { functionName: 'call', url: `file://${ROOT}/node_modules/opossum/lib/circuit.js`, micros: 7 },
      { functionName: 'addEventListener', url: 'node:internal/event_target', micros: 11 },
      { functionName: 'run', url: 'node:internal/async_local_storage/async_context_frame', micros: 13 },
      { functionName: 'insert', url: 'node:internal/timers', micros: 17 },
      { functionName: '(garbage collector)', url: '', micros: 19 },
      { functionName: 'runMicrotasks', url: '', micros: 23 },
      { functionName: 'hydratePins', url: `file://${ROOT}/examples/pins-api/hydratePins.ts`, micros: 29 },
      { functionName: 'load', url: `file://${ROOT}/node_modules/dataloader/index.js`, micros: 31 },
      { functionName: 'route', url: `file://${ROOT}/node_modules/fastify/lib/route.js`, micros: 37 },
      { functionName: 'ClientRequest', url: 'node:_http_client', micros: 41 },
      { functionName: 'writeUtf8String', url: '', micros: 43 },
      { functionName: 'compileFunction', url: 'node:vm', micros: 47 },
      { functionName: '(idle)', url: '', micros: 1000 },
    ]);

    const shares = await cpuProfileShares(file, ROOT);

    expect([...shares.keys()]).toEqual([...PROFILE_CATEGORIES]);
    expect(Object.fromEntries(shares)).toEqual({
      'field-dependency runtime': 5,
      opossum: 7,
      'AbortSignal and its listeners': 11,
      AsyncLocalStorage: 13,
      timers: 17,
      'garbage collector': 19,
      'promise jobs (microtask queue)': 23,
      'the app (pins API, DataLoader)': 60,
      Fastify: 37,
      'HTTP and sockets': 84,
      'other (V8, Node internals, tsx)': 47,
    });
  });

  it('counts the installed package as the runtime too', async () => {
    const file = await profileOf([{ functionName: 'guarded', url: 'file:///app/node_modules/field-dependency/dist/guard/guardLoader.js', micros: 3 }]);
    expect((await cpuProfileShares(file, ROOT)).get('field-dependency runtime')).toBe(3);
  });
});

describe('a server child profiling itself', () => {
  it('starts and stops its CPU profiler on command and writes the profile where it is told', async () => {
    const upstreams = await ServerChild.start<{ urls: Record<string, string> }>(['upstreams']);
    try {
      const file = path.join(directory, 'upstreams.cpuprofile');
      await upstreams.startProfile();
      await expect(upstreams.startProfile()).rejects.toThrow('already running');
      await fetch(`${upstreams.info.urls.comments}/v1/comments?ids=1,2`).then((response) => response.text());
      await upstreams.stopProfile(file);

      const profile = JSON.parse(await readFile(file, 'utf8')) as { nodes: unknown[]; samples: unknown[] };
      expect(profile.nodes.length).toBeGreaterThan(0);
      expect(Array.isArray(profile.samples)).toBe(true);
      await expect(upstreams.stopProfile(file)).rejects.toThrow('not running');
      expect(await upstreams.cpuMicros()).toBeGreaterThan(0);
    } finally {
      await upstreams.stop();
    }
  });
});

describe('a server child started with node flags', () => {
  it('passes them to the child and sets the lines it prints besides its answers aside', async () => {
    const other: string[] = [];
    const upstreams = await ServerChild.start<{ urls: Record<string, string> }>(['upstreams'], { nodeFlags: ['--trace-gc'], otherLine: (line) => other.push(line) });
    try {
      expect(Object.keys(upstreams.info.urls)).toContain('comments');
      expect(await upstreams.cpuMicros()).toBeGreaterThan(0);
    } finally {
      await upstreams.stop();
    }
    expect(other.length).toBeGreaterThan(0);
    expect(other.every((line) => /Scavenge|Mark-Compact|Mark-Sweep/.test(line))).toBe(true);
  });
});

describe('the benchmarks\' options', () => {
  it.each([
    ['profile.ts', ['--rounds', '0'], '--rounds must be a whole number of at least 1; received "0"'],
    ['main.ts', ['--rate', 'fast'], '--rate must be a whole number of at least 1; received "fast"'],
    ['processStates.ts', ['--modes', 'library,fast'], '--modes: unknown mode "fast"; use a comma-separated list of library, library-off, naive, handwritten'],
    ['processStates.ts', ['--variant', 'no-colon'], '--variant must be "<name>:<node flags>"; received "no-colon"'],
    ['processStates.ts', ['--profile'], '--node-flags, --variant and --profile write files: give --out DIR'],
  ])('%s %j exits 2 naming the option, before starting anything', (script, args, message) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join('examples/api-bench', script), ...args], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(message);
  });
});
