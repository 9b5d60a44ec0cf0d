import type { DependencyTier } from '../../src/contract/brownoutClasses.js';

/**
 * One field dependency, as a production-readiness review reads it. A value the source does not state
 * statically (options built at run time, a spread) is `undefined`.
 */
export interface InventoryEntry {
  /** The field's name in metrics and reports, as the runtime derives it: the `name` option, else the method or function name, else its holder's name, else the owner. */
  readonly field: string | undefined;
  readonly owner: string | undefined;
  /** `critical` as the runtime reads it: the option, else `true` for `tier: 0` or `1`, else `false`. */
  readonly critical: boolean | undefined;
  /**
   * How optional the dependency is (brownout sheds tier 3 first, then 2; never 0 or 1): the `tier` option,
   * else 1 when critical and 2 when not, the runtime's default.
   */
  readonly tier: DependencyTier | undefined;
  /** The `type` argument as written: `Map`, `[null]`, … */
  readonly type: string | undefined;
  /**
   * The flag key of the dependency's decider: the `decider` option, else `field-dependency.<owner>.<field>`;
   * `false` when the options say `decider: false` (no decider).
   */
  readonly flagKey: string | false | undefined;
  /** Relative to the working directory, `/`-separated. */
  readonly file: string;
  /** 1-based line of the decorator or wrapper call. */
  readonly line: number;
}

/** The inventory of a project, before formatting. */
export interface Inventory {
  /** The tsconfig read, relative to the working directory. */
  readonly tsconfig: string;
  /** Sorted by owner, then field (then file and line). */
  readonly entries: readonly InventoryEntry[];
}
