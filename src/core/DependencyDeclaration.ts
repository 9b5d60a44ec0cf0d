import type { DependencyTier } from '../contract/brownoutClasses.js';
import type { BreakerOptions, ConcurrencyLimit } from '../options/FieldDependencyOptions.js';

/** What is declared about a dependency, as shown in `field_dependency_info` and reports. */
export interface DependencyDeclaration {
  /** The field's name: the `name` option, or the method's, function's or variable's name. */
  readonly field: string;
  /** The owning team, as the `owner` option gives it. */
  readonly owner: string;
  /** Whether failures propagate (`critical: true`) instead of falling back. */
  readonly critical: boolean;
  /** How optional it is: the `tier` option, or 1 for a critical dependency and 2 for another (docs/brownout.md). */
  readonly tier: DependencyTier;
  /** The declared type's label: `Map`, `[null]`, … */
  readonly type: string;
  /** The `timeoutMs` option; `undefined` without a timeout. */
  readonly timeoutMs: number | undefined;
  /** The `breaker` option as declared (`{}` for the defaults of a non-critical dependency), or `false` without a breaker. */
  readonly breaker: BreakerOptions | false;
  /** The flag key of the dependency's decider (`field-dependency.<owner>.<field>` by default), or `false` for none. */
  readonly decider: string | false;
  /** The `concurrencyLimit` option as declared (a frozen copy), or `undefined` without a limit. */
  readonly concurrencyLimit: ConcurrencyLimit | undefined;
}
