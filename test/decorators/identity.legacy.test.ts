// Compiled with legacy decorators (see vitest.config.ts): docs/declaring.md "Names and identity" for decorated methods.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fieldDependency, fieldDependencyOf } from 'field-dependency';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A class defined inside a function, as some codebases do per request: one definition site. */
function definePinFields() {
  class PinFields {
    @fieldDependency(Map, { owner: 'legacy-identity' })
    async shopping(_ids: readonly string[]): Promise<Map<string, number>> {
      return new Map();
    }
  }
  return PinFields;
}

describe('decorated methods: one dependency per definition site (legacy)', () => {
  it('a class defined again (same decorator site) is the same dependency, without a warning', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const First = definePinFields();
    const Second = definePinFields();
    expect(fieldDependencyOf(Second.prototype.shopping)).toEqual(fieldDependencyOf(First.prototype.shopping));
    expect(fieldDependencyOf(First.prototype.shopping)?.field).toBe('shopping');
    expect(warn).not.toHaveBeenCalled();
  });

  it('two classes with a method of the same name and owner are two dependencies, and a warning names both sites', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    class BoardFields {
      @fieldDependency(Map, { owner: 'legacy-identity-clash' })
      async comments(_ids: readonly string[]): Promise<Map<string, number>> {
        return new Map();
      }
    }
    class PinComments {
      @fieldDependency(Map, { owner: 'legacy-identity-clash' })
      async comments(_ids: readonly string[]): Promise<Map<string, number>> {
        return new Map();
      }
    }
    expect(fieldDependencyOf(BoardFields.prototype.comments)?.field).toBe('comments');
    expect(fieldDependencyOf(PinComments.prototype.comments)?.field).toMatch(/^comments@identity\.legacy\.test\.ts:\d+$/);
    const clashes = warn.mock.calls.filter((call) => (call[1] as { code?: string } | undefined)?.code === 'FIELD_DEPENDENCY_NAME_CLASH');
    expect(clashes).toHaveLength(1);
    expect(String(clashes[0]?.[0])).toMatch(/identity\.legacy\.test\.ts:\d+:\d+ and .*identity\.legacy\.test\.ts:\d+:\d+/);
  });
});
