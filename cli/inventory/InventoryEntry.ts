/**
 * One field dependency, as a production-readiness review reads it. A value the source does not state
 * statically (options built at run time, a spread) is `undefined`.
 */
export interface InventoryEntry {
  /** The field's name in metrics and reports, as the runtime derives it: the `name` option, else the method or function name, else its holder's name, else the owner. */
  readonly field: string | undefined;
  readonly owner: string | undefined;
  readonly critical: boolean | undefined;
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
