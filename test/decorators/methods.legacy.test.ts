// Compiled with `experimentalDecorators` and `emitDecoratorMetadata`: see vitest.config.ts.
import { getMetadata } from 'reflect-metadata/no-conflict';
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

  @fieldDependency(Map, { owner: 'legacy-shopping' })
  async shopping(pinIds: readonly string[]): Promise<Map<string, Shopping>> {
    this.calls.push(this);
    if (this.upstream.fail !== undefined) throw this.upstream.fail;
    return new Map([...(this.upstream.shopping ?? new Map())].filter(([id]) => pinIds.includes(id)));
  }

  @fieldDependency([null], { owner: 'legacy-comments' })
  commentCounts(pinIds: readonly string[]): (number | null)[] {
    if (this.upstream.fail !== undefined) throw this.upstream.fail;
    return pinIds.map((id) => id.length);
  }

  @fieldDependency(Array, { owner: 'legacy-images', critical: true })
  async images(_pinIds: readonly string[]): Promise<string[]> {
    if (this.upstream.fail !== undefined) throw this.upstream.fail;
    return ['image.png'];
  }

  @fieldDependency(Map, { owner: 'legacy-static' })
  static async boards(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.includes('boom')) throw new Error('static failure');
    return new Map(ids.map((id) => [id, `${this.name}:${id}`]));
  }
}

describe('experimentalDecorators method decorators', () => {
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
    expect(error).toMatchObject({ field: 'images', owner: 'legacy-images', reason: 'error', cause });
    expect(await new PinFields({}).images(['1'])).toEqual(['image.png']);
  });

  it('the method name is the default field, and the declaration is recorded', () => {
    expect(fieldDependencyOf(PinFields.prototype.shopping)).toEqual({
      field: 'shopping',
      owner: 'legacy-shopping',
      critical: false,
      tier: 2,
      type: 'Map',
      timeoutMs: undefined,
      breaker: {},
      decider: 'field-dependency.legacy-shopping.shopping',
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
    expect(fieldDependencyOf(PinFields.boards)).toMatchObject({ field: 'boards', owner: 'legacy-static' });
  });

  it('the name option wins over the method name', () => {
    class Named {
      @fieldDependency(Set, { owner: 'legacy-named', name: 'pinTags' })
      async tags(): Promise<Set<string>> {
        return new Set();
      }
    }
    expect(fieldDependencyOf(Named.prototype.tags)?.field).toBe('pinTags');
  });

  it('one fieldDependency(...) result reused on two methods gives two fields', async () => {
    const decorate = fieldDependency(Map, { owner: 'legacy-reused' });
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
    expect(fieldDependencyOf(Reused.prototype.first)).toMatchObject({ field: 'first', owner: 'legacy-reused' });
    expect(fieldDependencyOf(Reused.prototype.second)).toMatchObject({ field: 'second', owner: 'legacy-reused' });
  });

  it('a symbol-named method uses the symbol description as field', () => {
    const key = Symbol('symbolField');
    class WithSymbol {
      @fieldDependency(Map, { owner: 'legacy-symbol' })
      async [key](): Promise<Map<string, number>> {
        return new Map();
      }
    }
    expect(fieldDependencyOf(WithSymbol.prototype[key])?.field).toBe('symbolField');
  });

  it('records the declaration with reflect-metadata, per method, on the prototype or the class', () => {
    for (const method of ['shopping', 'commentCounts', 'images'] as const) {
      const recorded: unknown = getMetadata(FIELD_DEPENDENCY_METADATA_KEY, PinFields.prototype, method);
      expect(recorded).toEqual(fieldDependencyOf(PinFields.prototype[method]));
      expect(recorded).toMatchObject({ field: method });
    }
    expect(getMetadata(FIELD_DEPENDENCY_METADATA_KEY, PinFields, 'boards')).toMatchObject({ field: 'boards', owner: 'legacy-static' });
    expect(getMetadata(FIELD_DEPENDENCY_METADATA_KEY, PinFields.prototype, 'boards')).toBeUndefined();
    expect(getMetadata(FIELD_DEPENDENCY_METADATA_KEY, PinFields.prototype, 'constructor')).toBeUndefined();
  });

  it('records metadata under the symbol itself for a symbol-named method', () => {
    const key = Symbol('loadSymbol');
    class WithSymbol {
      @fieldDependency(Map, { owner: 'legacy-symbol-metadata' })
      async [key](): Promise<Map<string, number>> {
        return new Map();
      }

      // A string-named method spelled like the symbol's description must not be confused with it.
      async loadSymbol(): Promise<Map<string, number>> {
        return new Map();
      }
    }
    expect(getMetadata(FIELD_DEPENDENCY_METADATA_KEY, WithSymbol.prototype, key)).toMatchObject({ field: 'loadSymbol', owner: 'legacy-symbol-metadata' });
    expect(getMetadata(FIELD_DEPENDENCY_METADATA_KEY, WithSymbol.prototype, 'loadSymbol')).toBeUndefined();
  });

  it('decorating an already decorated method throws', () => {
    expect(() => {
      class Twice {
        @fieldDependency(Map, { owner: 'legacy-twice-outer' })
        @fieldDependency(Map, { owner: 'legacy-twice-inner' })
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
          @fieldDependency(Map, { owner: 'legacy-getter' })
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
          @fieldDependency(Map, { owner: 'legacy-setter' })
          set value(_value: Map<string, number>) {}
        }
        return WithSetter;
      }).toThrow(new TypeError("@fieldDependency decorates methods; 'value' is a setter"));
    });

    it('a getter with a setter', () => {
      expect(() => {
        class WithAccessors {
          // @ts-expect-error -- the decorator's types only allow methods
          @fieldDependency(Map, { owner: 'legacy-accessors' })
          get value(): Map<string, number> {
            return new Map();
          }

          set value(_value: Map<string, number>) {}
        }
        return WithAccessors;
      }).toThrow(new TypeError("@fieldDependency decorates methods; 'value' is an accessor (getter and setter)"));
    });

    it('a field', () => {
      expect(() => {
        class WithField {
          // @ts-expect-error -- the decorator's types only allow methods
          @fieldDependency(Map, { owner: 'legacy-field' })
          load = async (): Promise<Map<string, number>> => new Map();
        }
        return WithField;
      }).toThrow(new TypeError("@fieldDependency decorates methods; 'load' is a field"));
    });

    it('a static field', () => {
      expect(() => {
        class WithStaticField {
          // @ts-expect-error -- the decorator's types only allow methods
          @fieldDependency(Map, { owner: 'legacy-static-field' })
          static cache = new Map<string, number>();
        }
        return WithStaticField;
      }).toThrow(new TypeError("@fieldDependency decorates methods; 'cache' is a field"));
    });

    it('a class', () => {
      expect(() => {
        // @ts-expect-error -- the decorator's types only allow methods
        @fieldDependency(Map, { owner: 'legacy-class' })
        class Decorated {}
        return Decorated;
      }).toThrow(new TypeError("@fieldDependency decorates methods and wraps functions; 'Decorated' is a class"));
    });
  });
});
