import { OWNER_PATTERN } from '../../src/contract/ownerPattern.js';

/**
 * The `owner` label a CODEOWNERS team stands for: `@org/Shopping-Team` → `shopping-team` (the organization
 * dropped, lower-cased); `undefined` for a user or e-mail owner, which is not a team, or for a team slug
 * that does not fit the owner pattern `^[a-z0-9][a-z0-9._-]*$`.
 */
export function teamOwnerLabel(owner: string): string | undefined {
  const team = /^@[^/\s]+\/(.+)$/.exec(owner)?.[1]?.toLowerCase();
  return team !== undefined && OWNER_PATTERN.test(team) ? team : undefined;
}
