/**
 * `npm run bench:graphql`: what `useFieldDependency` costs per GraphQL operation, side by side with the
 * same graphql-yoga server without it. The query reads 8 pins through four DataLoaders whose batch
 * functions are wrapped with `fieldDependency` in both servers (the runtime's own cost is `npm run
 * bench`'s); the loaders answer at once, in process, so the plugin's cost is not hidden behind I/O.
 * Requests go through `yoga.fetch` (Yoga's whole HTTP pipeline: parsing the request, parse/validate
 * caches, execution, serialization) without sockets. Prints markdown for BENCHMARKS.md; nothing here is a test.
 */
import DataLoader from 'dataloader';
import { parse } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { fieldDependency, shutdownFieldDependencies } from '../src/index.js';
import { useFieldDependency } from '../src/graphql/index.js';
import { describeMachine } from './machine.js';
import { markdownTable } from './markdownTable.js';
import { medianDifference, sampleStats } from './sampleStats.js';

const ROUNDS = 15;
const OPERATIONS_PER_SAMPLE = 300;
const WARMUP_OPERATIONS = 2_000;

let commentsDown = false;
const options = { breaker: false } as const;
const batchShopping = fieldDependency([null], { owner: 'shopping', name: 'shopping', ...options })(
  async (ids: readonly string[]): Promise<({ price: number } | null)[]> => ids.map((id) => ({ price: id.length })),
);
const batchComments = fieldDependency([null], { owner: 'comments', name: 'comments', ...options })(async (ids: readonly string[]): Promise<({ count: number } | null)[]> => {
  if (commentsDown) throw new Error('comments are down');
  return ids.map(() => ({ count: 3 }));
});
const batchBoards = fieldDependency([null], { owner: 'boards', name: 'board', ...options })(
  async (ids: readonly string[]): Promise<({ name: string } | null)[]> => ids.map((id) => ({ name: `Board ${id}` })),
);
const batchImages = fieldDependency([Array], { owner: 'images', name: 'images', critical: true })(async (ids: readonly string[]) =>
  ids.map((id) => [{ url: `https://i.example.com/${id}.jpg` }]),
);

interface Context {
  readonly loaders: {
    readonly shopping: DataLoader<string, { price: number } | null>;
    readonly comments: DataLoader<string, { count: number } | null>;
    readonly board: DataLoader<string, { name: string } | null>;
    readonly images: DataLoader<string, { url: string }[]>;
  };
}

const schema = createSchema<Context>({
  typeDefs: /* GraphQL */ `
    type Query { pins(ids: [ID!]!): [Pin!]! }
    type Pin { id: ID! shopping: Shopping comments: Comments board: Board images: [Image!]! }
    type Shopping { price: Int! }
    type Comments { count: Int! }
    type Board { name: String! }
    type Image { url: String! }
  `,
  resolvers: {
    Query: { pins: (_: unknown, { ids }: { ids: string[] }) => ids.map((id) => ({ id })) },
    Pin: {
      shopping: (pin: { id: string }, _: unknown, { loaders }: Context) => loaders.shopping.load(pin.id),
      comments: (pin: { id: string }, _: unknown, { loaders }: Context) => loaders.comments.load(pin.id),
      board: (pin: { id: string }, _: unknown, { loaders }: Context) => loaders.board.load(pin.id),
      images: (pin: { id: string }, _: unknown, { loaders }: Context) => loaders.images.load(pin.id),
    },
  },
});

function server(withPlugin: boolean) {
  return createYoga({
    schema,
    logging: false,
    graphiql: false,
    context: (): Context => ({
      loaders: {
        shopping: new DataLoader(batchShopping),
        comments: new DataLoader(batchComments),
        board: new DataLoader(batchBoards),
        images: new DataLoader(batchImages),
      },
    }),
    plugins: withPlugin ? [useFieldDependency()] : [],
  });
}

const BODY = JSON.stringify({
  query: 'query PinPage($ids: [ID!]!) { pins(ids: $ids) { id shopping { price } comments { count } board { name } images { url } } }',
  variables: { ids: ['1', '2', '3', '4', '5', '6', '7', '8'] },
});

interface Variant {
  readonly label: string;
  readonly yoga: ReturnType<typeof server>;
  readonly commentsDown: boolean;
  readonly expectDegraded: boolean;
}

const VARIANTS: readonly Variant[] = [
  { label: 'Yoga, no plugin', yoga: server(false), commentsDown: false, expectDegraded: false },
  { label: 'Yoga + useFieldDependency', yoga: server(true), commentsDown: false, expectDegraded: false },
  { label: 'Yoga + useFieldDependency, comments failing', yoga: server(true), commentsDown: true, expectDegraded: true },
];

async function operation(variant: Variant): Promise<void> {
  const response = await variant.yoga.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
  const body = (await response.json()) as { data?: { pins?: unknown[] }; errors?: unknown; extensions?: { degradedFields?: string[] } };
  // Guard against measuring the wrong thing: every answer must be whole (or degraded exactly as planned).
  if (response.status !== 200 || body.errors !== undefined || body.data?.pins?.length !== 8) throw new Error(`unexpected answer: ${JSON.stringify(body)}`);
  const degraded = body.extensions?.degradedFields;
  if (variant.expectDegraded ? degraded?.join() !== 'comments' : degraded !== undefined) throw new Error(`unexpected degradedFields: ${JSON.stringify(degraded)}`);
}

/** Microseconds per operation over `OPERATIONS_PER_SAMPLE` sequential operations. */
async function sample(variant: Variant, count = OPERATIONS_PER_SAMPLE): Promise<number> {
  commentsDown = variant.commentsDown;
  const started = performance.now();
  for (let index = 0; index < count; index++) await operation(variant);
  return ((performance.now() - started) * 1000) / count;
}

/**
 * The plugin's own work per operation, without Yoga or graphql: the execute wrapper around an execute
 * that answers a settled promise, against that execute called directly (ns per operation, median of rounds).
 */
async function ownWorkNs(): Promise<{ direct: number; wrapped: number }> {
  const plugin = useFieldDependency();
  const result = { data: { pins: [] } };
  const execute = (): Promise<typeof result> => Promise.resolve(result);
  let wrapped: ((args: unknown) => unknown) | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the hook's payload, reduced to what the plugin reads
  (plugin.onExecute as any)({ executeFn: execute, setExecuteFn: (fn: (args: unknown) => unknown) => (wrapped = fn) });
  if (wrapped === undefined) throw new Error('useFieldDependency did not wrap execute');
  const args = { document: parse('query PinPage { pins(ids: ["1"]) { id } }'), contextValue: { request: {} } };
  const calls = 20_000;
  const time = async (run: () => unknown): Promise<number> => {
    const started = performance.now();
    for (let index = 0; index < calls; index++) await run();
    return ((performance.now() - started) * 1e6) / calls;
  };
  const direct: number[] = [];
  const viaPlugin: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    direct.push(await time(execute));
    viaPlugin.push(await time(() => wrapped!(args)));
  }
  return { direct: sampleStats(direct).p50, wrapped: sampleStats(viaPlugin).p50 };
}

console.log(`# GraphQL integration benchmark\n\n${new Date().toISOString()} · ${describeMachine()}\n`);
for (const variant of VARIANTS) await sample(variant, WARMUP_OPERATIONS);
const perRound = new Map<string, number[]>(VARIANTS.map((variant) => [variant.label, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order every round so that none always runs first (or last) on a busy machine.
  for (let index = 0; index < VARIANTS.length; index++) {
    const variant = VARIANTS[(round + index) % VARIANTS.length] as Variant;
    perRound.get(variant.label)?.push(await sample(variant));
  }
}
const own = await ownWorkNs();
shutdownFieldDependencies();

const baseline = perRound.get(VARIANTS[0]!.label)!;
console.log(
  `${ROUNDS} rounds, variants rotated each round; a sample is the mean of ${OPERATIONS_PER_SAMPLE} sequential operations through \`yoga.fetch\` ` +
    `(after ${WARMUP_OPERATIONS} warm-up operations each). "Cost over no plugin" is the median over rounds of the per-round difference.\n`,
);
console.log(
  markdownTable(
    ['server', 'µs/op (median)', 'µs/op (p99 of rounds)', 'ops/s (median)', 'cost over no plugin µs/op', 'throughput vs no plugin'],
    VARIANTS.map((variant) => {
      const rounds = perRound.get(variant.label)!;
      const stats = sampleStats(rounds);
      const cost = medianDifference(rounds, baseline);
      const loss = sampleStats(rounds.map((value, round) => (baseline[round] as number) / value - 1)).p50;
      return [
        variant.label,
        stats.p50.toFixed(1),
        stats.p99.toFixed(1),
        Math.round(1e6 / stats.p50).toLocaleString('en-US'),
        variant === VARIANTS[0] ? '–' : cost.toFixed(1),
        variant === VARIANTS[0] ? '–' : `${(loss * 100).toFixed(1)}%`,
      ];
    }),
  ),
);

console.log(
  `\nThe plugin's own work per operation (the execute wrapper: operation name, scope, result; no Yoga, no loaders), ` +
    `${ROUNDS} rounds of 20,000 operations: ${own.wrapped.toFixed(0)} ns through the wrapper vs ${own.direct.toFixed(0)} ns for the bare execute, ` +
    `${(own.wrapped - own.direct).toFixed(0)} ns per operation.`,
);
