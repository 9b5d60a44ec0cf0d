/**
 * Type tests of `@fieldDependency(type, options)` on methods. The same file is checked by
 * test/types/types.test.ts as TC39 decorators (tsconfig.tc39.json) and as `experimentalDecorators`
 * (tsconfig.legacy.json), with TypeScript 5.9 and 6.0: both modes must accept and reject the same code.
 * Every `@ts-expect-error` carries a tag in brackets naming the error it expects.
 */
import { fieldDependency } from 'field-dependency';
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
}

// ---------------------------------------------------------------------------------------------------
// Every `type` is accepted on a method whose return type its empty value fits.
// ---------------------------------------------------------------------------------------------------

export class PinFields {
  readonly base = 1;

  @fieldDependency(Map, { owner: 'shopping' })
  async shopping(_pinIds: readonly string[]): Promise<Map<string, Shopping>> {
    return new Map();
  }

  @fieldDependency([null], { owner: 'comments', timeoutMs: 150 })
  async commentCounts(pinIds: readonly string[]): Promise<(number | null)[]> {
    return pinIds.map(() => this.base);
  }

  @fieldDependency(Array, { owner: 'images', critical: true })
  async images(_pinIds: readonly string[]): Promise<Shopping[]> {
    return [];
  }

  @fieldDependency(Set, { owner: 'tags' })
  async tags(_pinId: string): Promise<ReadonlySet<string>> {
    return new Set();
  }

  @fieldDependency(Object, { owner: 'settings' })
  async settings(_pinId: string): Promise<Settings> {
    return {};
  }

  @fieldDependency(Object, { owner: 'boards' })
  async boardsById(_ids: readonly string[]): Promise<Record<string, Board>> {
    return {};
  }

  @fieldDependency(String, { owner: 'titles' })
  title(_pinId: string): string {
    return '';
  }

  @fieldDependency(Number, { owner: 'likes' })
  async likes(_pinId: string): Promise<number> {
    return 0;
  }

  @fieldDependency(Boolean, { owner: 'likes', name: 'liked' })
  async liked(_pinId: string): Promise<boolean> {
    return false;
  }

  @fieldDependency(null, { owner: 'boards' })
  async board(_pinId: string): Promise<Board | null> {
    return null;
  }

  @fieldDependency([Map], { owner: 'shopping', name: 'shoppingPerPin' })
  async shoppingPerPin(pinIds: readonly string[]): Promise<Map<string, Shopping>[]> {
    return pinIds.map(() => new Map());
  }

  @fieldDependency([null], { owner: 'boards', name: 'batchBoards' })
  async batchBoards(ids: ReadonlyArray<string>): Promise<ReadonlyArray<Board | null | Error>> {
    return ids.map(() => null);
  }

  @fieldDependency([Number], { owner: 'likes', name: 'likesPerPin' })
  static async likesPerPin(pinIds: readonly string[]): Promise<readonly number[]> {
    return pinIds.map(() => 0);
  }
}

// Decorating does not change the method's type.
expectTypeOf<PinFields['shopping']>().toEqualTypeOf<(_pinIds: readonly string[]) => Promise<Map<string, Shopping>>>();
expectTypeOf<PinFields['commentCounts']>().toEqualTypeOf<(pinIds: readonly string[]) => Promise<(number | null)[]>>();
expectTypeOf(PinFields.likesPerPin).toEqualTypeOf<(pinIds: readonly string[]) => Promise<readonly number[]>>();

// ---------------------------------------------------------------------------------------------------
// A `type` that does not fit the method's return type, a `[T]` method without keys, or a missing owner
// fail to compile, in both decorator modes.
// ---------------------------------------------------------------------------------------------------

export class WrongFields {
  // @ts-expect-error [mismatch] Map on an array
  @fieldDependency(Map, { owner: 'shopping' })
  async shopping(_pinIds: readonly string[]): Promise<Shopping[]> {
    return [];
  }

  // @ts-expect-error [mismatch] Array on a Map
  @fieldDependency(Array, { owner: 'images' })
  async images(_pinIds: readonly string[]): Promise<Map<string, Shopping>> {
    return new Map();
  }

  // @ts-expect-error [mismatch] Number on a string
  @fieldDependency(Number, { owner: 'titles' })
  async title(_pinId: string): Promise<string> {
    return '';
  }

  // @ts-expect-error [mismatch] String on a sync number
  @fieldDependency(String, { owner: 'likes' })
  likes(_pinId: string): number {
    return 0;
  }

  // @ts-expect-error [mismatch] null on a result without null
  @fieldDependency(null, { owner: 'boards' })
  async board(pinId: string): Promise<Board> {
    return { id: pinId, name: pinId };
  }

  // @ts-expect-error [mismatch] [null] on elements without null
  @fieldDependency([null], { owner: 'comments' })
  async commentCounts(pinIds: readonly string[]): Promise<number[]> {
    return pinIds.map(() => 0);
  }

  // @ts-expect-error [mismatch] [null] on a DataLoader batch whose V has no null
  @fieldDependency([null], { owner: 'boards' })
  async batchBoards(ids: ReadonlyArray<string>): Promise<ReadonlyArray<Board | Error>> {
    return ids.map(() => new Error('x'));
  }

  // @ts-expect-error [mismatch] Object on an array
  @fieldDependency(Object, { owner: 'settings' })
  async settings(_pinIds: readonly string[]): Promise<Settings[]> {
    return [];
  }

  // @ts-expect-error [mismatch] Set on a Map
  @fieldDependency(Set, { owner: 'tags' })
  async tags(_pinId: string): Promise<Map<string, string>> {
    return new Map();
  }

  // @ts-expect-error [mismatch] on a static method
  @fieldDependency(Boolean, { owner: 'likes' })
  static async likesPerPin(pinIds: readonly string[]): Promise<number[]> {
    return pinIds.map(() => 0);
  }

  // @ts-expect-error [keys] the first parameter is one key
  @fieldDependency([null], { owner: 'boards' })
  async boardOf(_pinId: string): Promise<(Board | null)[]> {
    return [];
  }

  // @ts-expect-error [keys] no parameter at all
  @fieldDependency([Number], { owner: 'likes' })
  async allLikes(): Promise<number[]> {
    return [];
  }

  // @ts-expect-error [owner] no owner
  @fieldDependency(Map, {})
  async noOwner(_pinIds: readonly string[]): Promise<Map<string, Shopping>> {
    return new Map();
  }

  // @ts-expect-error [owner] no owner, other options given
  @fieldDependency(Map, { critical: true })
  async criticalNoOwner(_pinIds: readonly string[]): Promise<Map<string, Shopping>> {
    return new Map();
  }

  // @ts-expect-error [option] timeoutMs is not a number
  @fieldDependency(Map, { owner: 'shopping', timeoutMs: '150' })
  async badTimeout(_pinIds: readonly string[]): Promise<Map<string, Shopping>> {
    return new Map();
  }
}

// ---------------------------------------------------------------------------------------------------
// Only methods can be decorated (the runtime throws a TypeError for anything else).
// ---------------------------------------------------------------------------------------------------

export class NotMethods {
  // @ts-expect-error [not-a-method] a getter, even one whose value would fit
  @fieldDependency(Map, { owner: 'shopping' })
  get shopping(): Map<string, Shopping> {
    return new Map();
  }

  // @ts-expect-error [not-a-method] a setter
  @fieldDependency(Map, { owner: 'shopping' })
  set shoppingValue(_value: Map<string, Shopping>) {}

  // @ts-expect-error [not-a-method] a field holding a loader
  @fieldDependency(Map, { owner: 'shopping' })
  loadShopping = async (_pinIds: readonly string[]): Promise<Map<string, Shopping>> => new Map();
}

// ---------------------------------------------------------------------------------------------------
// The decorator signatures, called directly: each returns exactly the decorated method's type.
// ---------------------------------------------------------------------------------------------------

type ShoppingMethod = (this: PinFields, pinIds: readonly string[]) => Promise<Map<string, Shopping>>;
declare const shoppingMethod: ShoppingMethod;
declare const shoppingContext: ClassMethodDecoratorContext<PinFields, ShoppingMethod>;
declare const shoppingDescriptor: TypedPropertyDescriptor<(pinIds: readonly string[]) => Promise<Map<string, Shopping>>>;

// TC39: (method, context) => replacement method.
expectTypeOf(fieldDependency(Map, { owner: 'shopping' })(shoppingMethod, shoppingContext)).toEqualTypeOf<ShoppingMethod>();
// experimentalDecorators: (prototype, key, descriptor) => descriptor.
expectTypeOf(fieldDependency(Map, { owner: 'shopping' })(PinFields.prototype, 'shopping', shoppingDescriptor)).toEqualTypeOf<
  TypedPropertyDescriptor<(pinIds: readonly string[]) => Promise<Map<string, Shopping>>>
>();

// @ts-expect-error [mismatch] TC39 signature, Array on a Map
fieldDependency(Array, { owner: 'shopping' })(shoppingMethod, shoppingContext);
// @ts-expect-error [mismatch] experimentalDecorators signature, Array on a Map
fieldDependency(Array, { owner: 'shopping' })(PinFields.prototype, 'shopping', shoppingDescriptor);
