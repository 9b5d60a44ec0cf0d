import { describe } from '../fallback/emptyValues.js';
import { headerName, targetingKeyOf } from '../integrations/degradedFieldsHeader.js';
import { priorityReader } from '../brownout/requestPriority.js';
import type { RequestPriority } from '../contract/brownoutClasses.js';
import { endpointOfOperation, type OperationNameAllowlist } from './operationEndpoint.js';

/** Options of the GraphQL integrations (`useFieldDependency`, `fieldDependencyApolloPlugin`, `fieldDependencyMercurius`). */
export interface GraphQLIntegrationOptions {
  /**
   * The operation names that get an `endpoint` label of their own; every other name counts as
   * `__other__`. Operation names are chosen by clients, so a public API should list its own. An array of
   * names, or a predicate. Unnamed operations always count as `anonymous`. Without an allowlist, every
   * name counts as itself up to the endpoint cap (`configure({ maxEndpoints })`, kept for operation names
   * apart from the routes'), and as `__other__` past it.
   * @default undefined (every name, up to the cap)
   */
  readonly operationNames?: readonly string[] | ((operationName: string) => boolean) | undefined;
  /**
   * Whether responses carry `extensions.degradedFields` (the names of the fields left out, once each, in
   * the order they degraded; absent when nothing degraded).
   * @default true
   */
  readonly exposeDegradedFields?: boolean | undefined;
  /**
   * The response header listing degraded fields (comma-separated), or `false` for none. Set where the
   * server owns the HTTP response (Yoga, Apollo Server, Mercurius); for a batched request it lists the
   * union of every operation's degraded fields.
   * @default 'x-degraded-fields'
   */
  readonly header?: string | false | undefined;
  /**
   * The operation's targeting key for deciders below 100 (docs/deciders.md): a user or session id read
   * from your GraphQL context, so that the same key gets the same answer on every operation. Called once
   * per operation; a function that throws or returns a non-string leaves the operation without a key
   * (gated at random), it never fails it. Never becomes a metric label.
   * @example { targetingKey: (context: MyContext) => context.user?.id }
   * @default none: calls are gated at random
   */
  targetingKey?(context: unknown): string | undefined;
  /**
   * How important the operation is (`'high'`: user-initiated, `'low'`: prefetch or background), read from
   * your GraphQL context: under brownout (docs/brownout.md) a low-priority operation loses its optional
   * fields first. Called once per operation; an answer that is not `'high'`, `'normal'`, `'low'` or
   * `undefined` (or a throw) counts as `'normal'`, with a process warning naming it (once).
   * @example { priority: (context: MyContext) => (context.prefetch ? 'low' : 'high') }
   * @default every operation is `'normal'`
   */
  priority?(context: unknown): RequestPriority | undefined;
}

/** The options, validated and resolved once when the plugin is created. */
export interface ResolvedGraphQLOptions {
  /** The `endpoint` label for an operation name (`undefined` or `null` for an unnamed operation). */
  readonly endpointOf: (operationName: string | null | undefined) => string;
  readonly exposeDegradedFields: boolean;
  readonly header: string | false;
  /** The operation's targeting key, from its context; never throws. */
  readonly targetingKeyOf: (context: unknown) => string | undefined;
  /** The operation's priority, from its context; never throws. */
  readonly priorityOf: (context: unknown) => RequestPriority;
}

/**
 * Validates the options of `integration`, with a `TypeError` naming the option, what was expected and
 * what was received.
 */
export function resolveGraphQLOptions(integration: string, options: GraphQLIntegrationOptions | undefined): ResolvedGraphQLOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`${integration}: the options must be an object such as { operationNames: ['PinPage'] }; received ${describe(options)}`);
  }
  const expose = options?.exposeDegradedFields ?? true;
  if (typeof expose !== 'boolean') {
    throw new TypeError(`${integration}: option \`exposeDegradedFields\` must be a boolean; received ${describe(expose)}`);
  }
  let header: string | false;
  try {
    header = headerName({ header: options?.header });
  } catch (error) {
    throw new TypeError(`${integration}: ${(error as Error).message.replace(/^field-dependency: /, '')}`, { cause: error });
  }
  let targetingKey: (context: unknown) => string | undefined;
  try {
    targetingKey = targetingKeyOf<unknown>(options);
  } catch (error) {
    throw new TypeError(`${integration}: ${(error as Error).message.replace(/^field-dependency: /, '')}`, { cause: error });
  }
  return {
    endpointOf: endpointOfOperation(integration, allowlistOf(integration, options?.operationNames)),
    exposeDegradedFields: expose,
    header,
    targetingKeyOf: targetingKey,
    priorityOf: priorityReader(integration, options?.priority, 'context'),
  };
}

function allowlistOf(integration: string, names: GraphQLIntegrationOptions['operationNames']): OperationNameAllowlist | undefined {
  if (names === undefined || typeof names === 'function') return names;
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string' || name === '')) {
    throw new TypeError(
      `${integration}: option \`operationNames\` must be an array of operation names or a predicate (name) => boolean; received ${describe(names)}`,
    );
  }
  const allowed = new Set<string>(names);
  return (name) => allowed.has(name);
}
