import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sampleStats } from './sampleStats.js';

/** How {@link measurePerRequestFactories} measures. */
export interface FactoryPlan {
  /** Rounds over all variants, the order rotating. */
  readonly rounds: number;
  /** Factory calls (requests) per variant and round. */
  readonly requestsPerRound: number;
  /**
   * The module the factories import `fieldDependency` from, as a path or URL: the source by default; `dist/src/index.js`
   * (after `npm run build`) measures the compiled package, without the `name` redefinition tsx adds to every function.
   */
  readonly runtime?: string;
}

/** One variant of a per-request loader factory and its median CPU time per request. */
export interface FactoryCost {
  readonly loaders: number;
  readonly variant: FactoryVariant;
  readonly medianNs: number;
}

/**
 * The factory unwrapped, wrapped as the README shows (names from the site), wrapped with `name` (as the codemod
 * writes), or with batch functions wrapped once at module level and only the DataLoaders built per request: the
 * wrapped calls without the per-request declarations, so the difference to it is what declaring per request costs.
 */
export type FactoryVariant = 'unwrapped' | 'wrapped' | 'wrapped, with name' | 'wrapped once, at module level';

type Factory = () => Record<string, { load(key: number): Promise<unknown> }>;

const sourceRuntime = pathToFileURL(fileURLToPath(new URL('../src/index.ts', import.meta.url))).href;
const dataloader = import.meta.resolve('dataloader');

/**
 * The source of a factory of `count` loaders, each on a line of its own as teams write them (so each is
 * a definition site of its own), built afresh per request: the DataLoaders, and the wrapped batch
 * functions for the wrapped variants; `fieldDependency` is imported from `runtime` (a module URL).
 */
export function factorySource(count: number, variant: FactoryVariant, runtime: string): string {
  const once = variant === 'wrapped once, at module level';
  const lines = Array.from({ length: count }, (_, index) => {
    const batch = `async (ids) => ids.map((id) => id * ${index + 2})`;
    if (variant === 'unwrapped') return `    field${index}: new DataLoader(${batch}),`;
    if (once) return `    field${index}: new DataLoader(batch${index}),`;
    const name = variant === 'wrapped' ? '' : `, name: 'field${index}'`;
    return `    field${index}: new DataLoader(fieldDependency([null], { owner: 'bench_factory_${count}_${variant === 'wrapped' ? 'site' : 'named'}'${name} })(${batch})),`;
  });
  return [
    `import DataLoader from ${JSON.stringify(dataloader)};`,
    `import { fieldDependency } from ${JSON.stringify(runtime)};`,
    ...(once
      ? Array.from({ length: count }, (_, index) => `const batch${index} = fieldDependency([null], { owner: 'bench_factory_${count}_once' })(async (ids) => ids.map((id) => id * ${index + 2}));`)
      : []),
    'export function createLoaders() {',
    '  return {',
    ...lines,
    '  };',
    '}',
    '',
  ].join('\n');
}

/**
 * What a per-request factory of 1, 20 or 100 DataLoaders costs per request, unwrapped and wrapped: each
 * request calls the factory, then loads one key through every loader (one batch each), as a request that
 * uses every field would. CPU time per request, rounds rotating over the variants; the median over rounds.
 * The factories are generated modules (one line per loader, so each wrapped loader is a site of its own).
 */
export async function measurePerRequestFactories(sizes: readonly number[], plan: FactoryPlan): Promise<FactoryCost[]> {
  const directory = mkdtempSync(path.join(tmpdir(), 'field-dependency-factory-bench-'));
  const runtime = plan.runtime === undefined ? sourceRuntime : /^[a-z]+:/.test(plan.runtime) ? plan.runtime : pathToFileURL(path.resolve(plan.runtime)).href;
  try {
    const variants: FactoryVariant[] = ['unwrapped', 'wrapped once, at module level', 'wrapped', 'wrapped, with name'];
    const factories: { loaders: number; variant: FactoryVariant; create: Factory }[] = [];
    for (const loaders of sizes) {
      for (const variant of variants) {
        const file = path.join(directory, `factory-${loaders}-${variant.replace(/\W+/g, '-')}.mjs`);
        writeFileSync(file, factorySource(loaders, variant, runtime));
        const module = (await import(pathToFileURL(file).href)) as { createLoaders: Factory };
        factories.push({ loaders, variant, create: module.createLoaders });
      }
    }
    const request = async (create: Factory): Promise<void> => {
      const loaders = Object.values(create());
      await Promise.all(loaders.map((loader) => loader.load(1)));
    };
    const rounds = new Map(factories.map((factory) => [factory, [] as number[]]));
    for (const factory of factories) for (let index = 0; index < plan.requestsPerRound; index++) await request(factory.create);
    for (let round = 0; round < plan.rounds; round++) {
      for (let offset = 0; offset < factories.length; offset++) {
        const factory = factories[(round + offset) % factories.length] as (typeof factories)[number];
        const before = process.cpuUsage();
        for (let index = 0; index < plan.requestsPerRound; index++) await request(factory.create);
        const used = process.cpuUsage(before);
        rounds.get(factory)?.push(((used.user + used.system) * 1000) / plan.requestsPerRound);
      }
    }
    return factories.map(({ loaders, variant }, index) => ({ loaders, variant, medianNs: sampleStats(rounds.get(factories[index] as (typeof factories)[number]) ?? []).p50 }));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
