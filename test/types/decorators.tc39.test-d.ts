/**
 * Type tests that only exist with TC39 decorators: private methods (`experimentalDecorators` cannot
 * decorate them). Checked by test/types/types.test.ts under tsconfig.tc39.json only.
 */
import { fieldDependency } from 'field-dependency';
import { expectTypeOf } from 'vitest';

interface Shopping {
  readonly price: number;
}

export class PrivateFields {
  @fieldDependency(Map, { owner: 'shopping' })
  async #shopping(_pinIds: readonly string[]): Promise<Map<string, Shopping>> {
    return new Map();
  }

  @fieldDependency([null], { owner: 'comments' })
  static async #commentCounts(pinIds: readonly string[]): Promise<(number | null)[]> {
    return pinIds.map(() => null);
  }

  // @ts-expect-error [mismatch] Array on a Map, on a private method
  @fieldDependency(Array, { owner: 'shopping' })
  async #wrongShopping(_pinIds: readonly string[]): Promise<Map<string, Shopping>> {
    return new Map();
  }

  // @ts-expect-error [keys] a [T] private method without keys
  @fieldDependency([null], { owner: 'comments' })
  async #noKeys(_pinId: string): Promise<(number | null)[]> {
    return [];
  }

  // @ts-expect-error [owner] no owner, on a private method
  @fieldDependency(Map, {})
  async #noOwner(_pinIds: readonly string[]): Promise<Map<string, Shopping>> {
    return new Map();
  }

  async page(pinIds: readonly string[]): Promise<number> {
    const shopping = await this.#shopping(pinIds);
    expectTypeOf(shopping).toEqualTypeOf<Map<string, Shopping>>();
    const counts = await PrivateFields.#commentCounts(pinIds);
    expectTypeOf(counts).toEqualTypeOf<(number | null)[]>();
    await this.#wrongShopping(pinIds);
    await this.#noKeys('1');
    await this.#noOwner(pinIds);
    return shopping.size + counts.length;
  }
}
