/** A constructor whose empty value a dependency can fall back to. */
export type EmptyValueConstructor =
  | MapConstructor
  | SetConstructor
  | ArrayConstructor
  | ObjectConstructor
  | StringConstructor
  | NumberConstructor
  | BooleanConstructor;

/** The declared type of one value: a constructor, or `null`. */
export type ScalarFallbackType = EmptyValueConstructor | null;

/**
 * What `fieldDependency(type, …)` accepts as `type`: a constructor or `null` for the whole result,
 * or `[T]` for an aligned batch (one empty `T` per key, the DataLoader contract).
 */
export type FallbackType = ScalarFallbackType | readonly [ScalarFallbackType];

/**
 * `true` when `T` is `any`. With `strictNullChecks` off, the checker widens the literal `null` (in
 * `fieldDependency(null, …)` or `[null]`) to `any`: that `any` means `null`.
 */
type IsAny<T> = 0 extends 1 & T ? true : false;

/**
 * The empty value of a {@link ScalarFallbackType}, as the type system sees it. `null` (also when the
 * checker widened it to `any`, see `IsAny`) stays `null`, which with `strictNullChecks` off fits every
 * return type, as it does at runtime.
 */
export type EmptyValueOf<T extends ScalarFallbackType> = IsAny<T> extends true
  ? null
  : T extends null
  ? null
  : T extends MapConstructor
    ? Map<never, never>
    : T extends SetConstructor
      ? Set<never>
      : T extends ArrayConstructor
        ? never[]
        : T extends StringConstructor
          ? string
          : T extends NumberConstructor
            ? number
            : T extends BooleanConstructor
              ? boolean
              : // ObjectConstructor: an object with no properties, which fits a record or all-optional shape
                { readonly [key: string]: never };

/** The value a dependency declared with `type` falls back to. */
export type FallbackValueOf<T extends FallbackType> = IsAny<T> extends true
  ? null
  : T extends readonly [infer E extends ScalarFallbackType]
  ? EmptyValueOf<E>[]
  : T extends ScalarFallbackType
    ? EmptyValueOf<T>
    : never;
