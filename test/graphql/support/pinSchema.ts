/**
 * The schema the GraphQL integration tests serve, over {@link startPinUpstreams}: per-request DataLoaders
 * in the context, each batch function wrapped with `fieldDependency` as a user would.
 */
import DataLoader from 'dataloader';
import { createSchema } from 'graphql-yoga';
import { currentSignal, fieldDependency } from 'field-dependency';

export const typeDefs = /* GraphQL */ `
  type Query {
    pin(id: ID!): Pin
    pins(ids: [ID!]!): [Pin!]!
    "The images of several pins at once, through DataLoader's loadMany (failed keys come back as Errors)."
    imagesOf(ids: [ID!]!): [[String!]]
    "The same, as a list of load() promises (failed keys reject)."
    imagesEach(ids: [ID!]!): [[String!]]
  }
  type Pin {
    id: ID!
    board: Board
    shopping: Shopping
    commentCount: Int
    images: [String!]
    "Non-null on purpose: a degraded stock nulls the pin (the trap the integrations report)."
    stock: Int!
  }
  type Board {
    id: ID!
    title: String!
  }
  type Shopping {
    price: Float!
  }
`;

interface Board {
  readonly id: string;
  readonly title: string;
}
interface Shopping {
  readonly price: number;
}

let upstreamBase = '';
/** Points the loaders at the upstreams. */
export function useUpstreams(base: string): void {
  upstreamBase = base;
}

async function fetchService<T>(service: string, ids: readonly string[]): Promise<T[]> {
  const response = await fetch(`${upstreamBase}/${service}?ids=${ids.map(encodeURIComponent).join(',')}`, { signal: currentSignal() ?? null });
  if (!response.ok) throw new Error(`${service} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T[];
}

// Breakers off: a breaker opening mid-file would change the next test's outcome.
const batchBoards = fieldDependency([null], { owner: 'boards', name: 'board', breaker: false })(
  (ids: readonly string[]): Promise<(Board | null)[]> => fetchService<Board>('boards', ids),
);
const batchShopping = fieldDependency([null], { owner: 'shopping', name: 'shopping', breaker: false })(
  (ids: readonly string[]): Promise<(Shopping | null)[]> => fetchService<Shopping>('shopping', ids),
);
const batchComments = fieldDependency([null], { owner: 'comments', name: 'comments', timeoutMs: 1000, breaker: false })(
  (ids: readonly string[]): Promise<(number | null)[]> => fetchService<number>('comments', ids),
);
const batchImages = fieldDependency([Array], { owner: 'images', name: 'images', critical: true })(
  (ids: readonly string[]): Promise<string[][]> => fetchService<string[]>('images', ids),
);
// The trap: `[null]` behind `stock: Int!`.
const batchStock = fieldDependency([null], { owner: 'inventory', name: 'stock', breaker: false })(
  (ids: readonly string[]): Promise<(number | null)[]> => fetchService<number>('inventory', ids),
);

/** One set of DataLoaders per request: a DataLoader's cache must never outlive its request. */
export function createLoaders() {
  return {
    board: new DataLoader(batchBoards),
    shopping: new DataLoader(batchShopping),
    comments: new DataLoader(batchComments),
    images: new DataLoader(batchImages),
    stock: new DataLoader(batchStock),
  };
}

/** The context every server builds per request. */
export interface PinContext {
  readonly loaders: ReturnType<typeof createLoaders>;
  /** The request's `x-session` header: the targeting key of the deciders test. */
  readonly session?: string | undefined;
  /** The request's `x-purpose` header (`prefetch` for a low-priority request): the priority of the brownout test. */
  readonly purpose?: string | undefined;
}

/**
 * Builds a request's context from its headers, as every server under test does: fresh loaders, the
 * `x-session` header as `session`, the `x-purpose` header as `purpose`, and, when the request sends `x-context-pin`, that pin's images loaded
 * (a critical loader) while the context is built, as an app loading the viewer in its context does.
 */
export async function createPinContext(header: (name: string) => string | undefined): Promise<PinContext> {
  const loaders = createLoaders();
  const contextPin = header('x-context-pin');
  if (contextPin !== undefined) await loaders.images.load(contextPin);
  return { loaders, session: header('x-session'), purpose: header('x-purpose') };
}

interface PinParent {
  readonly id: string;
}

export const resolvers = {
  Query: {
    pin: (_: unknown, { id }: { id: string }): PinParent => ({ id }),
    pins: (_: unknown, { ids }: { ids: string[] }): PinParent[] => ids.map((id) => ({ id })),
    // loadMany resolves (never rejects) with an Error in place of each failed key: returned, not thrown.
    imagesOf: (_: unknown, { ids }: { ids: string[] }, { loaders }: PinContext) => loaders.images.loadMany(ids),
    imagesEach: (_: unknown, { ids }: { ids: string[] }, { loaders }: PinContext) => ids.map((id) => loaders.images.load(id)),
  },
  Pin: {
    board: (pin: PinParent, _: unknown, { loaders }: PinContext) => loaders.board.load(pin.id),
    shopping: (pin: PinParent, _: unknown, { loaders }: PinContext) => loaders.shopping.load(pin.id),
    commentCount: (pin: PinParent, _: unknown, { loaders }: PinContext) => loaders.comments.load(pin.id),
    images: (pin: PinParent, _: unknown, { loaders }: PinContext) => loaders.images.load(pin.id),
    stock: (pin: PinParent, _: unknown, { loaders }: PinContext) => loaders.stock.load(pin.id),
  },
};

/** The executable schema (graphql-js, resolvers attached), for servers that take a schema. */
export const schema = createSchema<PinContext>({ typeDefs, resolvers });
