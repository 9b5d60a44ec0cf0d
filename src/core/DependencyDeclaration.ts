import type { BreakerOptions } from '../options/FieldDependencyOptions.js';

/** What is declared about a dependency, as shown in `field_dependency_info` and reports. */
export interface DependencyDeclaration {
  readonly field: string;
  readonly owner: string;
  readonly critical: boolean;
  /** The declared type's label: `Map`, `[null]`, … */
  readonly type: string;
  readonly timeoutMs: number | undefined;
  readonly breaker: BreakerOptions | false;
  /** The flag key of the dependency's decider (`field-dependency.<owner>.<field>` by default), or `false` for none. */
  readonly decider: string | false;
}
