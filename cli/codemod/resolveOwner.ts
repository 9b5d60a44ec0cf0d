import path from 'node:path';
import { ruleFor, type Codeowners } from '../codeowners/Codeowners.js';
import { teamOwnerLabel } from '../codeowners/teamOwnerLabel.js';

/** Where owners come from: a CODEOWNERS file, a default, both or neither. */
export interface OwnerSources {
  readonly codeowners: Codeowners | undefined;
  /** `--default-owner`, already checked against the owner pattern. */
  readonly defaultOwner: string | undefined;
}

/** The owner to write, or why there is none: the codemod then writes a TODO marker instead. */
export type OwnerResolution = { readonly owner: string } | { readonly problem: string };

/**
 * The owner of the loader in `fileName`: the first team of the last CODEOWNERS rule that matches the file (as
 * on GitHub), as an owner label (`@org/shopping-team` → `shopping-team`); else the default owner.
 */
export function resolveOwner(sources: OwnerSources, fileName: string): OwnerResolution {
  const { codeowners, defaultOwner } = sources;
  let why = 'no CODEOWNERS file was given (--owners)';
  if (codeowners !== undefined) {
    const relative = path.relative(codeowners.root, fileName).split(path.sep).join('/');
    const rule = relative.startsWith('../') || path.isAbsolute(relative) ? undefined : ruleFor(codeowners, relative);
    const team = rule?.owners.map(teamOwnerLabel).find((label) => label !== undefined);
    if (team !== undefined) return { owner: team };
    const where = `${path.basename(codeowners.file)}:${rule?.line ?? ''}`;
    if (rule === undefined) why = `no CODEOWNERS rule matches ${relative}`;
    else if (rule.owners.length === 0) why = `${where} leaves ${relative} without owners`;
    else why = `${where} names no team usable as an owner (${rule.owners.join(' ')})`;
  }
  if (defaultOwner !== undefined) return { owner: defaultOwner };
  return { problem: `no owner: ${why}, and no --default-owner` };
}
