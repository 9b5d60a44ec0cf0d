import type { Program } from 'typescript';
import { deriveProgram } from '../check/deriveProgram.js';
import type { FitContext } from './FitContext.js';

/**
 * The project's program as `strictNullChecks: true` sees it, for judging fallbacks: with the option off, the
 * compiler drops `null` from every type (`User | null` is `User`) and takes `null` for any value, so it cannot
 * tell a fitting `[null]` from a misfit. A strict project is returned as it is; otherwise a second program is
 * made over the very same source files (same nodes, so a node of one is a node of the other), whose checker
 * only computes the types asked of it.
 */
export function strictNullView(context: Omit<FitContext, 'projectChecksNulls'>): FitContext {
  const { ts, program } = context;
  const options = program.getCompilerOptions();
  const checksNulls = options.strictNullChecks ?? options.strict ?? false;
  if (checksNulls) return { ...context, projectChecksNulls: true };
  const strict: Program = deriveProgram(ts, program, { options: { strictNullChecks: true } });
  return { ts, program: strict, checker: strict.getTypeChecker(), projectChecksNulls: false };
}
