import type { Inventory, InventoryEntry } from '../inventory/InventoryEntry.js';

/** The flagd flag-definition schema the output follows. */
export const FLAGD_SCHEMA = 'https://flagd.dev/schema/v0/flags.json';

/** One flagd flag: a decider with its variants, as flagd's flag-definition schema defines it. */
export interface FlagdFlag {
  readonly state: 'ENABLED';
  readonly variants: Readonly<Record<string, number>>;
  readonly defaultVariant: string;
  readonly metadata: Readonly<Record<string, string | boolean>>;
}

/** flagd flag definitions for the deciders of a project, and the dependencies whose flag key only the running code knows. */
export interface FlagdDefinitions {
  readonly definitions: { readonly $schema: string; readonly flags: Readonly<Record<string, FlagdFlag>> };
  /** Dependencies whose flag key the source does not state (options built at run time): not in `flags`. */
  readonly unknown: readonly InventoryEntry[];
}

/**
 * A flagd flag per decider of the inventory (dependencies declared `decider: false` have none), sorted by
 * key: variants `on` (100) and `off` (0), plus `default` when `defaultPercent` is neither, and the default
 * variant serving `defaultPercent`. An on-call engineer switches a field off by setting its
 * `defaultVariant` to `off`, or serves a percentage by adding a variant (`"p25": 25`) and selecting it.
 */
export function flagdDefinitions(inventory: Inventory, defaultPercent: number): FlagdDefinitions {
  const flags = new Map<string, FlagdFlag>();
  const unknown: InventoryEntry[] = [];
  for (const entry of inventory.entries) {
    if (entry.flagKey === false) continue;
    if (entry.flagKey === undefined) {
      unknown.push(entry);
      continue;
    }
    if (flags.has(entry.flagKey)) continue;
    const extra = defaultPercent === 0 || defaultPercent === 100 ? {} : { default: defaultPercent };
    flags.set(entry.flagKey, {
      state: 'ENABLED',
      variants: { on: 100, off: 0, ...extra },
      defaultVariant: defaultPercent === 100 ? 'on' : defaultPercent === 0 ? 'off' : 'default',
      metadata: {
        ...(entry.owner === undefined ? {} : { owner: entry.owner }),
        ...(entry.field === undefined ? {} : { field: entry.field }),
        ...(entry.critical === undefined ? {} : { critical: entry.critical }),
        declaredAt: `${entry.file}:${entry.line}`,
      },
    });
  }
  const sorted = [...flags.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { definitions: { $schema: FLAGD_SCHEMA, flags: Object.fromEntries(sorted) }, unknown };
}
