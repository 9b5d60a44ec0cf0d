import type { EmptyValueConstructor, FallbackType, ScalarFallbackType } from './FallbackType.js';

/** How one scalar type is made empty and checked. */
interface ScalarShape {
  /** The name shown in metrics (`type` label) and messages. */
  readonly label: string;
  /** A fresh empty value; never a shared object. */
  readonly empty: () => unknown;
  /** True when a loader's value fits the type. */
  readonly accepts: (value: unknown) => boolean;
}

const scalarShapes = new Map<EmptyValueConstructor, ScalarShape>([
  [Map, { label: 'Map', empty: () => new Map(), accepts: (value) => value instanceof Map }],
  [Set, { label: 'Set', empty: () => new Set(), accepts: (value) => value instanceof Set }],
  [Array, { label: 'Array', empty: () => [], accepts: Array.isArray }],
  [Object, { label: 'Object', empty: () => ({}), accepts: (value) => typeof value === 'object' && value !== null }],
  [String, { label: 'String', empty: () => '', accepts: (value) => typeof value === 'string' }],
  [Number, { label: 'Number', empty: () => 0, accepts: (value) => typeof value === 'number' }],
  [Boolean, { label: 'Boolean', empty: () => false, accepts: (value) => typeof value === 'boolean' }],
]);

const nullShape: ScalarShape = { label: 'null', empty: () => null, accepts: () => true };

/** The runtime view of a declared `type`: how to build its empty value and how to check a result against it. */
export interface EmptyValues {
  /** `Map`, `[null]`, …: the declared type, as shown in metrics and reports. */
  readonly label: string;
  /** True for `[T]`: one value per key, keys being the loader's first argument. */
  readonly aligned: boolean;
  /** A fresh empty value for the whole result. `keys` is the loader's first argument. */
  readonly whole: (keys: unknown) => unknown;
  /** A fresh empty value for one key (`[T]` mode). */
  readonly perKey: () => unknown;
  /** Why `result` breaks the declared type, or `undefined` when it fits. */
  readonly problemWith: (result: unknown, keys: unknown) => string | undefined;
}

/**
 * Resolves a declared `type` to its {@link EmptyValues}, or throws a `TypeError` naming what was received.
 */
export function emptyValuesOf(type: FallbackType): EmptyValues {
  if (Array.isArray(type)) {
    if (type.length !== 1) {
      throw new TypeError(
        `fieldDependency: \`type\` as an array must hold exactly one element type, like [null] or [Map]; received an array of ${type.length}`,
      );
    }
    const element = scalarShapeOf(type[0] as ScalarFallbackType);
    return {
      label: `[${element.label}]`,
      aligned: true,
      whole: (keys) => (Array.isArray(keys) ? Array.from(keys, element.empty) : []),
      perKey: element.empty,
      problemWith: (result, keys) => alignedProblem(result, keys),
    };
  }
  const shape = scalarShapeOf(type as ScalarFallbackType);
  return {
    label: shape.label,
    aligned: false,
    whole: shape.empty,
    perKey: shape.empty,
    problemWith: (result) => (shape.accepts(result) ? undefined : `expected ${shape.label}, got ${describe(result)}`),
  };
}

function scalarShapeOf(type: ScalarFallbackType): ScalarShape {
  if (type === null) return nullShape;
  const shape = scalarShapes.get(type);
  if (shape === undefined) {
    throw new TypeError(
      `fieldDependency: \`type\` must be one of Map, Set, Array, Object, String, Number, Boolean, null, or [T] of one of them; received ${describe(type)}`,
    );
  }
  return shape;
}

function alignedProblem(result: unknown, keys: unknown): string | undefined {
  if (!Array.isArray(keys)) {
    return `a [T] dependency takes its keys as the first argument, an array; got ${describe(keys)}`;
  }
  if (!Array.isArray(result)) {
    return `expected an array of ${keys.length} values, one per key, got ${describe(result)}`;
  }
  if (result.length !== keys.length) {
    return `expected an array of ${keys.length} values, one per key, got ${result.length} values (keys: ${preview(keys)}; values: ${preview(result)})`;
  }
  return undefined;
}

/** A short, safe description of any value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return `${typeof value} ${String(value)}`;
}

function preview(values: readonly unknown[]): string {
  const shown = values.slice(0, 5).map((value) => (typeof value === 'object' && value !== null ? describe(value) : String(value)));
  return `[${shown.join(', ')}${values.length > 5 ? ', …' : ''}]`;
}
