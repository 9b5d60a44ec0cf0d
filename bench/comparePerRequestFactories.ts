/**
 * Two builds of the runtime side by side on the per-request loader factories of `bench/perRequestFactory.ts`:
 * both loaded in one process (each publishing on its own prom-client registry), the same generated factories,
 * every variant of every build rotating round by round, so that load changing between rounds cancels out. Prints
 * the CPU µs each wrapped loader adds per request over the unwrapped factory of the same round (median over
 * rounds), per build, and each build's difference to the first one. Timings only mean something pinned
 * (`taskset -c 1`) and repeated; nothing here is a test.
 *
 *   npm run build   # then, with the other build's dist/ copied aside (its own node_modules reachable):
 *   taskset -c 1 node --import tsx bench/comparePerRequestFactories.ts before=/tmp/before/dist/src/index.js after=dist/src/index.js [--site] [--rounds 21]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Registry } from 'prom-client';
import { factorySource, type FactoryVariant } from './perRequestFactory.js';
import { sampleStats } from './sampleStats.js';

type Factory = () => Record<string, { load(key: number): Promise<unknown> }>;

interface Measured {
  readonly loaders: number;
  readonly build: string | undefined;
  readonly variant: FactoryVariant;
  readonly create: Factory;
  /** CPU µs per request, one per round. */
  readonly rounds: number[];
}

const SIZES = [1, 20, 100];
const REQUESTS_PER_ROUND = 300;

const argv = process.argv.slice(2);
const roundsAt = argv.indexOf('--rounds');
const rounds = roundsAt < 0 ? 21 : Number(argv[roundsAt + 1]);
const builds = argv
  .filter((argument) => argument.includes('='))
  .map((argument) => {
    const [label = '', file = ''] = argument.split('=');
    return { label, url: pathToFileURL(path.resolve(file)).href };
  });
if (builds.length < 2 || !Number.isInteger(rounds) || rounds < 1) {
  throw new TypeError('usage: comparePerRequestFactories.ts <label>=<dist/src/index.js> <label>=<…> [--site] [--rounds N]');
}
const variants: FactoryVariant[] = ['wrapped once, at module level', 'wrapped, with name', ...(argv.includes('--site') ? (['wrapped'] as const) : [])];

for (const build of builds) {
  const runtime = (await import(build.url)) as { configure(options: { registry: Registry }): void };
  runtime.configure({ registry: new Registry() });
}

const directory = mkdtempSync(path.join(tmpdir(), 'field-dependency-factory-compare-'));
const measured: Measured[] = [];
try {
  for (const loaders of SIZES) {
    const planned: { build: (typeof builds)[number] | undefined; variant: FactoryVariant }[] = [
      { build: undefined, variant: 'unwrapped' },
      ...builds.flatMap((build) => variants.map((variant) => ({ build, variant }))),
    ];
    for (const [index, { build, variant }] of planned.entries()) {
      const file = path.join(directory, `factory-${loaders}-${index}.mjs`);
      writeFileSync(file, factorySource(loaders, variant, (build ?? (builds[0] as (typeof builds)[number])).url));
      const module = (await import(pathToFileURL(file).href)) as { createLoaders: Factory };
      measured.push({ loaders, build: build?.label, variant, create: module.createLoaders, rounds: [] });
    }
  }
  const request = async (create: Factory): Promise<void> => {
    await Promise.all(Object.values(create()).map((loader) => loader.load(1)));
  };
  for (const factory of measured) for (let index = 0; index < REQUESTS_PER_ROUND; index++) await request(factory.create);
  for (let round = 0; round < rounds; round++) {
    for (let offset = 0; offset < measured.length; offset++) {
      const factory = measured[(round + offset) % measured.length] as Measured;
      const before = process.cpuUsage();
      for (let index = 0; index < REQUESTS_PER_ROUND; index++) await request(factory.create);
      const used = process.cpuUsage(before);
      factory.rounds.push((used.user + used.system) / REQUESTS_PER_ROUND);
    }
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}

/** The median over rounds of `(a − b) / loaders`. */
const medianPerLoader = (a: Measured, b: Measured): number => sampleStats(a.rounds.map((value, round) => (value - (b.rounds[round] as number)) / a.loaders)).p50;

for (const loaders of SIZES) {
  const group = measured.filter((factory) => factory.loaders === loaders);
  const unwrapped = group.find((factory) => factory.build === undefined) as Measured;
  console.log(`${loaders} loaders: unwrapped ${sampleStats(unwrapped.rounds).p50.toFixed(1)} µs per request`);
  for (const variant of variants) {
    const [first, ...others] = builds.map((build) => group.find((factory) => factory.build === build.label && factory.variant === variant) as Measured);
    const added = [first, ...others].map((factory) => `${factory?.build} +${medianPerLoader(factory as Measured, unwrapped).toFixed(2)}`);
    const differences = others.map((factory) => `${factory.build} − ${first?.build} ${medianPerLoader(factory, first as Measured).toFixed(2)}`);
    console.log(`  ${variant}: µs per loader ${added.join(', ')}; paired ${differences.join(', ')}`);
  }
}
