import type { Node } from 'typescript';
import { FIELD_DEPENDENCY_MODULE } from '../../detection/index.js';
import type { LoadedProject } from '../check/loadProject.js';
import type { CodemodPlan } from './CodemodPlan.js';
import { newTypeErrors } from './newTypeErrors.js';
import { planCodemod } from './planCodemod.js';
import type { OwnerSources } from './resolveOwner.js';

/** How many times a plan is checked at most: the first plan, then after each round of wraps turned into TODOs. */
const MAX_CHECKS = 3;

/**
 * Plans the codemod ({@link planCodemod}) and type-checks the plan before anything is written: the changes are
 * made in memory to the project's own program and checked once; each planned wrap that would add a compile error
 * becomes a TODO marker naming the error (code and message), and the new plan is checked again. The plan it
 * returns says how many wraps were turned into TODOs and which compile errors the changes still add (none,
 * unless an error lies outside every wrap). When the project does not resolve `field-dependency`, nothing can be
 * checked, and the plan says so.
 *
 * @throws ConfigError when a field-dependency configuration that applies to a file is invalid.
 */
export function planTypeCheckedCodemod(project: LoadedProject, owners: OwnerSources): CodemodPlan {
  const refused = new Map<Node, string>();
  let plan = planCodemod(project, owners);
  if (plan.wraps.length > 0 && !packageResolves(project)) {
    // Every wrapper would be an error (the import) and every inline arrow's parameters `any`: no check can tell.
    return { ...plan, typeCheck: { refused: 0, newErrors: [], unchecked: `the project does not resolve '${FIELD_DEPENDENCY_MODULE}' (install it: npm install ${FIELD_DEPENDENCY_MODULE})` } };
  }
  for (let check = 1; ; check += 1) {
    const errors = newTypeErrors(project, plan.changes, plan.wraps);
    let added = 0;
    for (const error of errors) {
      if (error.wrap === undefined || refused.has(error.wrap.target)) continue;
      refused.set(error.wrap.target, `wrapping it would not compile: ${error.code} ${error.message}`);
      added += 1;
    }
    if (added === 0 || check === MAX_CHECKS) return { ...plan, typeCheck: { refused: refused.size, newErrors: errors } };
    plan = planCodemod(project, owners, refused);
  }
}

/** Whether `field-dependency` resolves from the project's files, as the imports the codemod adds will ask for it. */
function packageResolves(project: LoadedProject): boolean {
  const { ts, program } = project;
  const [from] = project.sourceFiles;
  if (from === undefined) return true;
  return ts.resolveModuleName(FIELD_DEPENDENCY_MODULE, from.fileName, program.getCompilerOptions(), ts.sys).resolvedModule !== undefined;
}
