/**
 * Type tests of `fieldDependency(type, options)(fn)`, the plain wrapper. Checked by test/types/types.test.ts
 * under both decorator modes and with TypeScript 5.9 and 6.0. Every `@ts-expect-error` carries a tag in
 * brackets naming the error it expects (see types.test.ts), so each one is proven to fail for that reason.
 */
import DataLoader from 'dataloader';
import { fieldDependency, type FallbackValueOf, type FitsFallback } from 'field-dependency';
import { expectTypeOf } from 'vitest';

interface Shopping {
  readonly price: number;
}
interface Board {
  readonly id: string;
  readonly name: string;
}
interface Settings {
  readonly theme?: string;
  readonly compact?: boolean;
}

const owner = { owner: 'shopping' } as const;

// ---------------------------------------------------------------------------------------------------
// Every `type` is accepted against a return type its empty value fits.
// ---------------------------------------------------------------------------------------------------

export const shopping = fieldDependency(Map, owner)(async (_ids: readonly string[]): Promise<Map<string, Shopping>> => new Map());
export const readonlyShopping = fieldDependency(Map, owner)(async (_ids: readonly string[]): Promise<ReadonlyMap<string, Shopping>> => new Map());
export const tags = fieldDependency(Set, owner)(async (_id: string): Promise<Set<string>> => new Set());
export const readonlyTags = fieldDependency(Set, owner)(async (_id: string): Promise<ReadonlySet<string>> => new Set());
export const images = fieldDependency(Array, owner)(async (_ids: readonly string[]): Promise<Shopping[]> => []);
export const readonlyImages = fieldDependency(Array, owner)(async (_ids: readonly string[]): Promise<readonly Shopping[]> => []);
export const byId = fieldDependency(Object, owner)(async (_ids: readonly string[]): Promise<Record<string, Board>> => ({}));
export const settings = fieldDependency(Object, owner)(async (_id: string): Promise<Settings> => ({}));
export const title = fieldDependency(String, owner)(async (_id: string): Promise<string> => 'title');
export const count = fieldDependency(Number, owner)(async (_id: string): Promise<number> => 1);
export const liked = fieldDependency(Boolean, owner)(async (_id: string): Promise<boolean> => true);
export const board = fieldDependency(null, owner)(async (_id: string): Promise<Board | null> => null);
export const commentCounts = fieldDependency([null], owner)(async (ids: readonly string[]): Promise<(number | null)[]> => ids.map(() => null));
export const readonlyCounts = fieldDependency([null], owner)(
  async (ids: readonly string[]): Promise<readonly (number | null)[]> => ids.map(() => null),
);
export const perPinShopping = fieldDependency([Map], owner)(
  async (ids: readonly string[]): Promise<Map<string, Shopping>[]> => ids.map(() => new Map()),
);
export const perPinTags = fieldDependency([Set], owner)(async (ids: readonly string[]): Promise<Set<string>[]> => ids.map(() => new Set()));
export const perPinImages = fieldDependency([Array], owner)(async (ids: readonly string[]): Promise<Shopping[][]> => ids.map(() => []));
export const perPinSettings = fieldDependency([Object], owner)(async (ids: readonly string[]): Promise<Settings[]> => ids.map(() => ({})));
export const perPinTitles = fieldDependency([String], owner)(async (ids: readonly string[]): Promise<string[]> => [...ids]);
export const perPinCounts = fieldDependency([Number], owner)(async (ids: readonly number[]): Promise<number[]> => [...ids]);
export const perPinLiked = fieldDependency([Boolean], owner)(async (ids: string[]): Promise<boolean[]> => ids.map(() => false));
// Function expressions (context-sensitive through their implicit `this`) and inferred return types.
export const countsOf = fieldDependency([null], owner)(async function countsOf(ids: readonly string[]): Promise<(number | null)[]> {
  return ids.map(() => null);
});
export const inferredShopping = fieldDependency(Map, owner)(async (ids: readonly string[]) => new Map(ids.map((id) => [id, { price: 1 }])));
// Sync loaders, and extra parameters after the keys.
export const syncTitle = fieldDependency(String, owner)((_id: string): string => 'title');
export const syncCounts = fieldDependency([Number], owner)((ids: readonly string[], _scale: number): number[] => ids.map(() => 0));

// DataLoader's batch contract: `ReadonlyArray<V | Error>`, with `[null]` when V includes null.
export const batchBoards = fieldDependency([null], { owner: 'boards' })(
  async (ids: readonly string[]): Promise<ReadonlyArray<Board | null | Error>> => ids.map(() => null),
);
export const boards = new DataLoader(batchBoards);
expectTypeOf(boards).toEqualTypeOf<DataLoader<string, Board | null, string>>();
expectTypeOf(boards.load('1')).toEqualTypeOf<Promise<Board | null>>();
export const batchCounts = fieldDependency([Number], { owner: 'comments' })(
  async (ids: ReadonlyArray<string>): Promise<ReadonlyArray<number | Error>> => ids.map(() => 0),
);
expectTypeOf(new DataLoader(batchCounts).load('1')).toEqualTypeOf<Promise<number>>();

// ---------------------------------------------------------------------------------------------------
// The wrapper returns exactly the type of the function it wraps.
// ---------------------------------------------------------------------------------------------------

async function loadShopping(_ids: readonly string[]): Promise<Map<string, Shopping>> {
  return new Map();
}
expectTypeOf(fieldDependency(Map, owner)(loadShopping)).toEqualTypeOf<typeof loadShopping>();
expectTypeOf(fieldDependency(Map, owner)(loadShopping)).toEqualTypeOf<(ids: readonly string[]) => Promise<Map<string, Shopping>>>();

function countWithThis(this: { readonly base: number }, ids: readonly string[]): number[] {
  return ids.map(() => this.base);
}
expectTypeOf(fieldDependency([Number], owner)(countWithThis)).toEqualTypeOf<typeof countWithThis>();
expectTypeOf(fieldDependency([Number], owner)(countWithThis)).thisParameter.toEqualTypeOf<{ readonly base: number }>();
expectTypeOf(countsOf).toEqualTypeOf<(ids: readonly string[]) => Promise<(number | null)[]>>();
expectTypeOf(inferredShopping).returns.toEqualTypeOf<Promise<Map<string, { price: number }>>>();
expectTypeOf(commentCounts).toEqualTypeOf<(ids: readonly string[]) => Promise<(number | null)[]>>();
expectTypeOf(syncCounts).parameters.toEqualTypeOf<[ids: readonly string[], _scale: number]>();
expectTypeOf(syncCounts).returns.toEqualTypeOf<number[]>();
expectTypeOf(board).returns.toEqualTypeOf<Promise<Board | null>>();

// ---------------------------------------------------------------------------------------------------
// A `type` whose empty value does not fit the return type is a compile error.
// ---------------------------------------------------------------------------------------------------

// @ts-expect-error [mismatch] Map on an array
fieldDependency(Map, owner)(async (_ids: readonly string[]): Promise<Shopping[]> => []);
// @ts-expect-error [mismatch] Array on a Map
fieldDependency(Array, owner)(async (_ids: readonly string[]): Promise<Map<string, Shopping>> => new Map());
// @ts-expect-error [mismatch] Set on an array
fieldDependency(Set, owner)(async (_id: string): Promise<string[]> => []);
// @ts-expect-error [mismatch] Number on a string
fieldDependency(Number, owner)(async (_id: string): Promise<string> => '');
// @ts-expect-error [mismatch] String on a number
fieldDependency(String, owner)((_id: string): number => 0);
// @ts-expect-error [mismatch] Boolean on a string
fieldDependency(Boolean, owner)(async (_id: string): Promise<string> => '');
// @ts-expect-error [mismatch] null on a result without null
fieldDependency(null, owner)(async (_id: string): Promise<Board> => ({ id: '1', name: 'one' }));
// @ts-expect-error [mismatch] [null] on elements without null
fieldDependency([null], owner)(async (ids: readonly string[]): Promise<Board[]> => ids.map((id) => ({ id, name: id })));
// @ts-expect-error [mismatch] [null] on a DataLoader batch whose V has no null
fieldDependency([null], owner)(async (ids: readonly string[]): Promise<ReadonlyArray<Board | Error>> => ids.map(() => new Error('x')));
// @ts-expect-error [mismatch] Object on an array
fieldDependency(Object, owner)(async (_ids: readonly string[]): Promise<Shopping[]> => []);
// @ts-expect-error [mismatch] Object on a Map
fieldDependency(Object, owner)(async (_ids: readonly string[]): Promise<Map<string, Shopping>> => new Map());
// @ts-expect-error [mismatch] Object on a shape with required properties
fieldDependency(Object, owner)(async (_id: string): Promise<Board> => ({ id: '1', name: 'one' }));
// @ts-expect-error [mismatch] [Object] on elements with required properties
fieldDependency([Object], owner)(async (ids: readonly string[]): Promise<Board[]> => ids.map((id) => ({ id, name: id })));
// @ts-expect-error [mismatch] [Map] on elements that are arrays
fieldDependency([Map], owner)(async (ids: readonly string[]): Promise<string[][]> => ids.map(() => []));
// @ts-expect-error [mismatch] Array (whole result) on a string
fieldDependency(Array, owner)(async (_id: string): Promise<string> => '');
// @ts-expect-error [mismatch] [Number] on a result that is not an array
fieldDependency([Number], owner)(async (_ids: readonly string[]): Promise<number> => 0);

// @ts-expect-error [mismatch] a function expression
fieldDependency([null], owner)(async function counts(ids: readonly string[]): Promise<number[]> {
  return ids.map(() => 0);
});
// @ts-expect-error [mismatch] an inferred return type
fieldDependency(Map, owner)(async (ids: readonly string[]) => ids.map(() => 0));

// `[T]` needs the keys, an array, as the first parameter.
// @ts-expect-error [keys] the first parameter is one key
fieldDependency([null], owner)(async (_id: string): Promise<(Board | null)[]> => []);
// @ts-expect-error [keys] no parameter at all
fieldDependency([Number], owner)(async (): Promise<number[]> => []);
// @ts-expect-error [keys] the keys are the second parameter
fieldDependency([Number], owner)(async (_scale: number, ids: readonly string[]): Promise<number[]> => ids.map(() => 0));

// ---------------------------------------------------------------------------------------------------
// `owner` is required; options and `type` are checked.
// ---------------------------------------------------------------------------------------------------

// @ts-expect-error [owner] no owner
fieldDependency(Map, {})(loadShopping);
// @ts-expect-error [owner] no owner, other options given
fieldDependency(Map, { critical: true, timeoutMs: 100 })(loadShopping);
// @ts-expect-error [arguments] no options at all
fieldDependency(Map)(loadShopping);
// @ts-expect-error [option] owner is not a string
fieldDependency(Map, { owner: 42 })(loadShopping);
// @ts-expect-error [option] critical is not a boolean
fieldDependency(Map, { owner: 'shopping', critical: 'yes' })(loadShopping);
fieldDependency(Map, { owner: 'shopping', tier: 3 })(loadShopping);
// @ts-expect-error [option] tier is 0 to 3
fieldDependency(Map, { owner: 'shopping', tier: 4 })(loadShopping);
// @ts-expect-error [option] tier is a number, not a string
fieldDependency(Map, { owner: 'shopping', tier: '3' })(loadShopping);
// @ts-expect-error [unknown-option] an option that does not exist
fieldDependency(Map, { owner: 'shopping', retries: 3 })(loadShopping);
// @ts-expect-error [type] a constructor without an empty value
fieldDependency(Date, owner);
// @ts-expect-error [type] a batch type with two elements
fieldDependency([Map, Set], owner);
// @ts-expect-error [type] undefined is not a type
fieldDependency(undefined, owner);
// @ts-expect-error [not-a-function] the wrapper wraps functions
fieldDependency(Map, owner)(new Map<string, Shopping>());

// ---------------------------------------------------------------------------------------------------
// The exported helper types say the same.
// ---------------------------------------------------------------------------------------------------

expectTypeOf<FallbackValueOf<MapConstructor>>().toEqualTypeOf<Map<never, never>>();
expectTypeOf<FallbackValueOf<readonly [null]>>().toEqualTypeOf<null[]>();
expectTypeOf<FallbackValueOf<readonly [NumberConstructor]>>().toEqualTypeOf<number[]>();
expectTypeOf<FitsFallback<MapConstructor, typeof loadShopping>>().toEqualTypeOf<unknown>();
expectTypeOf<FitsFallback<readonly [null], typeof batchBoards>>().toEqualTypeOf<unknown>();
expectTypeOf<FitsFallback<ArrayConstructor, typeof loadShopping>>().not.toEqualTypeOf<unknown>();
expectTypeOf<FitsFallback<readonly [null], (id: string) => Promise<null[]>>>().not.toEqualTypeOf<unknown>();
