// Compiled with TC39 (standard) decorators: see vitest.config.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import { FIELD_DEPENDENCY_METADATA_KEY, fieldDependency, fieldDependencyOf, isFieldDependencyError } from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

beforeEach(() => {
  useFreshMetricsRegistry();
});

interface Shopping {
  readonly price: number;
}

// Owners are unique to this file: dependencies are shared per (field, owner) for the whole process.
class PinFields {
  readonly calls: unknown[] = [];
  constructor(private readonly upstream: { shopping?: Map<string, Shopping>; fail?: unknown }) {}

  @fieldDependency(Map, { owner: 'tc39-shopping' })
  async shopping(pinIds: readonly string[]): Promise<Map<string, Shopping>> {
    this.calls.push(this);
    if (this.upstream.fail !== undefined) throw this.upstream.fail;
    return new Map([...(this.upstream.shopping ?? new Map())].filter(([id]) => pinIds.includes(id)));
  }

  @fieldDependency([null], { owner: 'tc39-comments' })
  commentCounts(pinIds: readonly string[]): (number | null)[] {
    if (this.upstream.fail !== undefined) throw this.upstream.fail;
    return pinIds.map((id) => id.length);
  }

  @fieldDependency(Array, { owner: 'tc39-images', critical: true })
  async images(_pinIds: readonly string[]): Promise<string[]> {
    if (this.upstream.fail !== undefined) throw this.upstream.fail;
    return ['image.png'];
  }

  @fieldDependency(Map, { owner: 'tc39-static' })
  static async boards(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.includes('boom')) throw new Error('static failure');
    return new Map(ids.map((id) => [id, `${this.name}:${id}`]));
  }
}

describe('TC39 method decorators', () => {
  it('a decorated method returns its data, with this the instance', async () => {
    const fields = new PinFields({ shopping: new Map([['1', { price: 3 }], ['2', { price: 4 }]]) });
    expect(await fields.shopping(['1'])).toEqual(new Map([['1', { price: 3 }]]));
    expect(fields.calls).toHaveLength(1);
    expect(fields.calls[0]).toBe(fields);
  });

  it('a non-critical method degrades to a fresh empty value, and this is still the instance', async () => {
    const fields = new PinFields({ fail: 'upstream down' });
    const first = await fields.shopping(['1']);
    const second = await fields.shopping(['1']);
    expect(first).toEqual(new Map());
    expect(first).not.toBe(second);
    expect(fields.calls).toEqual([fields, fields]);
  });

  it('a sync [T] method stays sync and degrades per key', () => {
    expect(new PinFields({}).commentCounts(['a', 'bb'])).toEqual([1, 2]);
    expect(new PinFields({ fail: new Error('x') }).commentCounts(['a', 'bb'])).toEqual([null, null]);
  });

  it('a critical method rejects with a FieldDependencyError carrying the cause', async () => {
    const cause = new Error('images down');
    const error: unknown = await new PinFields({ fail: cause }).images(['1']).catch((thrown: unknown) => thrown);
    expect(isFieldDependencyError(error)).toBe(true);
    expect(error).toMatchObject({ field: 'images', owner: 'tc39-images', reason: 'error', cause });
    expect(await new PinFields({}).images(['1'])).toEqual(['image.png']);
  });

  it('the method name is the default field, and the declaration is recorded', () => {
    expect(fieldDependencyOf(PinFields.prototype.shopping)).toEqual({
      field: 'shopping',
      owner: 'tc39-shopping',
      critical: false,
      tier: 2,
      type: 'Map',
      timeoutMs: undefined,
      breaker: {},
      decider: 'field-dependency.tc39-shopping.shopping',
    });
    expect(fieldDependencyOf(PinFields.prototype.commentCounts)).toMatchObject({ field: 'commentCounts', type: '[null]' });
    expect(fieldDependencyOf(PinFields.prototype.images)).toMatchObject({ field: 'images', critical: true, tier: 1, breaker: false });
  });

  it('keeps the method name and length', () => {
    expect(PinFields.prototype.shopping.name).toBe('shopping');
    expect(PinFields.prototype.shopping.length).toBe(1);
  });

  it('static methods work, with this the class', async () => {
    expect(await PinFields.boards(['x'])).toEqual(new Map([['x', 'PinFields:x']]));
    expect(await PinFields.boards(['boom'])).toEqual(new Map());
    expect(fieldDependencyOf(PinFields.boards)).toMatchObject({ field: 'boards', owner: 'tc39-static' });
  });

  it('the name option wins over the method name', () => {
    class Named {
      @fieldDependency(Set, { owner: 'tc39-named', name: 'pinTags' })
      async tags(): Promise<Set<string>> {
        return new Set();
      }
    }
    expect(fieldDependencyOf(Named.prototype.tags)?.field).toBe('pinTags');
  });

  it('one fieldDependency(...) result reused on two methods gives two fields', async () => {
    const decorate = fieldDependency(Map, { owner: 'tc39-reused' });
    class Reused {
      @decorate
      async first(): Promise<Map<string, number>> {
        throw new Error('first down');
      }

      @decorate
      async second(): Promise<Map<string, number>> {
        return new Map([['b', 2]]);
      }
    }
    const reused = new Reused();
    expect(await reused.first()).toEqual(new Map());
    expect(await reused.second()).toEqual(new Map([['b', 2]]));
    expect(fieldDependencyOf(Reused.prototype.first)).toMatchObject({ field: 'first', owner: 'tc39-reused' });
    expect(fieldDependencyOf(Reused.prototype.second)).toMatchObject({ field: 'second', owner: 'tc39-reused' });
  });

  it('a symbol-named method uses the symbol description as field', () => {
    const key = Symbol('symbolField');
    class WithSymbol {
      @fieldDependency(Map, { owner: 'tc39-symbol' })
      async [key](): Promise<Map<string, number>> {
        return new Map();
      }
    }
    expect(fieldDependencyOf(WithSymbol.prototype[key])?.field).toBe('symbolField');
  });

  it('records the declaration in decorator metadata when Symbol.metadata exists', () => {
    const metadataSymbol = (Symbol as { metadata?: symbol }).metadata;
    class WithMetadata {
      @fieldDependency(Map, { owner: 'tc39-metadata' })
      async recorded(): Promise<Map<string, number>> {
        return new Map();
      }
    }
    const metadata = metadataSymbol === undefined ? undefined : (WithMetadata as unknown as Record<symbol, Record<string, unknown> | undefined>)[metadataSymbol];
    if (metadata === undefined) {
      // Node 20 has no Symbol.metadata: TypeScript then passes no metadata object, and nothing is recorded.
      expect(metadataSymbol).toBeUndefined();
    } else {
      expect(metadata[FIELD_DEPENDENCY_METADATA_KEY]).toEqual({ recorded: fieldDependencyOf(WithMetadata.prototype.recorded) });
    }
  });

  it('decorating an already decorated method throws', () => {
    expect(() => {
      class Twice {
        @fieldDependency(Map, { owner: 'tc39-twice-outer' })
        @fieldDependency(Map, { owner: 'tc39-twice-inner' })
        async loaded(): Promise<Map<string, number>> {
          return new Map();
        }
      }
      return Twice;
    }).toThrow(/already wrapped by fieldDependency/);
  });

  describe('decorating something other than a method throws a TypeError naming the kind', () => {
    it('a getter', () => {
      expect(() => {
        class WithGetter {
          // @ts-expect-error -- the decorator's types only allow methods
          @fieldDependency(Map, { owner: 'tc39-getter' })
          get value(): Map<string, number> {
            return new Map();
          }
        }
        return WithGetter;
      }).toThrow(new TypeError("@fieldDependency decorates methods; 'value' is a getter"));
    });

    it('a setter', () => {
      expect(() => {
        class WithSetter {
          // @ts-expect-error -- the decorator's types only allow methods
          @fieldDependency(Map, { owner: 'tc39-setter' })
          set value(_value: Map<string, number>) {}
        }
        return WithSetter;
      }).toThrow(new TypeError("@fieldDependency decorates methods; 'value' is a setter"));
    });

    it('a field', () => {
      expect(() => {
        class WithField {
          // @ts-expect-error -- the decorator's types only allow methods
          @fieldDependency(Map, { owner: 'tc39-field' })
          load = async (): Promise<Map<string, number>> => new Map();
        }
        return WithField;
      }).toThrow(new TypeError("@fieldDependency decorates methods; 'load' is a field"));
    });

    it('an auto-accessor', () => {
      expect(() => {
        class WithAccessor {
          // @ts-expect-error -- the decorator's types only allow methods
          @fieldDependency(Map, { owner: 'tc39-accessor' })
          accessor cached = new Map<string, number>();
        }
        return WithAccessor;
      }).toThrow(new TypeError("@fieldDependency decorates methods; 'cached' is an auto-accessor"));
    });

    it('a class', () => {
      expect(() => {
        // @ts-expect-error -- the decorator's types only allow methods
        @fieldDependency(Map, { owner: 'tc39-class' })
        class Decorated {}
        return Decorated;
      }).toThrow(new TypeError("@fieldDependency decorates methods; 'Decorated' is a class"));
    });
  });
});
