/**
 * Type tests with `strictNullChecks` off (`strict: false`, as in many large codebases), checked by
 * test/types/types.test.ts as TC39 decorators and as `experimentalDecorators`, with TypeScript 5.9 and 6.0.
 * There the checker widens the literal `null` to `any`, and `null` is a value of every type: `null` and
 * `[null]` must fit every return type, as they do at runtime, while a constructor whose empty value does
 * not fit must still fail. The same shapes fail with `strictNullChecks` on (decorators.test-d.ts,
 * wrapper.test-d.ts). Excluded from the repository's strict typecheck (tsconfig.json).
 */
import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';
import { expectTypeOf } from 'vitest';

interface Pin {
  readonly id: string;
}
declare const Pins: { findAll(query: { readonly ids: readonly string[] }): Promise<Pin[]> };
declare function pinsLike(ids: readonly string[]): PromiseLike<ArrayLike<Pin>>;

const owner = { owner: 'pins' } as const;

// ---------------------------------------------------------------------------------------------------
// `null` and `[null]` fit every result, with or without `| null` in it.
// ---------------------------------------------------------------------------------------------------

export const pinOrNull = fieldDependency(null, owner)(async (_id: string): Promise<Pin> => null);
export const pinsWithNull = fieldDependency([null], owner)(async (ids: readonly string[]): Promise<(Pin | null)[]> => Pins.findAll({ ids }));
export const pins = fieldDependency([null], owner)(async (ids: readonly string[]): Promise<Pin[]> => Pins.findAll({ ids }));
// A non-async batch function: Promise<Pin[]> with no `async`, through `.then`.
export const pinsThen = fieldDependency([null], owner)((ids: readonly string[]) =>
  Pins.findAll({ ids }).then((rows) => ids.map((id) => rows.find((row) => row.id === id))),
);
export const pinsLikeLoader = fieldDependency([null], owner)(pinsLike);
export const title = fieldDependency(null, owner)((_id: string): string => 'title');
export const loader = new DataLoader<string, Pin>(fieldDependency([null], owner)((ids: readonly string[]) => Pins.findAll({ ids })));

// The wrapper keeps the loader's type.
expectTypeOf(pins).toEqualTypeOf<(ids: readonly string[]) => Promise<Pin[]>>();
expectTypeOf(pinsLikeLoader).toEqualTypeOf<typeof pinsLike>();

export class PinFields {
  @fieldDependency([null], { owner: 'pins' })
  async pins(ids: readonly string[]): Promise<Pin[]> {
    return Pins.findAll({ ids });
  }

  @fieldDependency(null, { owner: 'pins' })
  async pin(_id: string): Promise<Pin> {
    return null;
  }

  @fieldDependency([null], { owner: 'pins' })
  pinsThen(ids: readonly string[]): Promise<Pin[]> {
    return Pins.findAll({ ids }).then((rows) => rows);
  }
}

// ---------------------------------------------------------------------------------------------------
// What does not fit still fails to compile.
// ---------------------------------------------------------------------------------------------------

// @ts-expect-error [mismatch] Map on an array
export const mapOnArray = fieldDependency(Map, owner)(async (ids: readonly string[]): Promise<Pin[]> => Pins.findAll({ ids }));
// @ts-expect-error [mismatch] [Map] on elements that are not Maps
export const perKeyMap = fieldDependency([Map], owner)(async (ids: readonly string[]): Promise<Pin[]> => Pins.findAll({ ids }));
// @ts-expect-error [mismatch] Number on a string
export const numberOnString = fieldDependency(Number, owner)(async (_id: string): Promise<string> => 'title');
// @ts-expect-error [keys] [null] needs the keys first
export const noKeys = fieldDependency([null], owner)(async (_id: string): Promise<Pin[]> => []);
// @ts-expect-error [owner] the owner is required
export const noOwner = fieldDependency([null], {})(async (ids: readonly string[]): Promise<Pin[]> => Pins.findAll({ ids }));

export class BadFields {
  // @ts-expect-error [mismatch] Map on an array, as a decorator
  @fieldDependency(Map, { owner: 'pins' })
  async pins(ids: readonly string[]): Promise<Pin[]> {
    return Pins.findAll({ ids });
  }
}
