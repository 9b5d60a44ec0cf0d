/**
 * Gates stay critical: on a labelled corpus of real loader shapes (ParabolInc/parabol's loader makers,
 * twentyhq/twenty's NestJS loader service and role factories, coralproject/talk's per-request loaders), the
 * codemod keeps critical every loader whose value decides access, identity, membership, tenancy, billing or
 * routing, lists each under "Kept critical" with its reason, and calls no read a write because of the name of
 * the helper that builds it (nor because it clears an in-memory cache). Precision and recall of the judgement are measured against the hand labels.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCESS_TEST_TIMEOUT, REPO_ROOT } from '../enforcement/support/paths.js';
import type { CliResult } from '../support/runCliInProcess.js';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { copyFixtureProject, removeAll } from './support/codemodFixtures.js';

/**
 * Each loader of the corpus, by the field name the codemod gives it, labelled by hand: `true` where an empty
 * value would grant or deny access, or route a request nowhere (it must stay critical).
 */
const LABELS: Readonly<Record<string, boolean>> = {
  // parabol: packages/server/dataloader/customLoaderMakers.ts, freshAuthLoaders.ts
  commentCountByDiscussionId: false,
  latestTaskEstimates: false,
  userTasks: false,
  meetingTemplatesByOrgId: false,
  organizationApprovedDomainsByOrgId: true, // verified domains: who may join the organisation
  organizationApprovedDomains: true,
  organizationUsersByUserIdOrgId: true, // org membership
  meetingHighlightedTaskId: false,
  billingLeadersIdsByOrgId: true, // who may administer billing
  samlByDomain: true, // SSO: where a login goes
  samlsByOrgId: true,
  isOrgVerified: true, // gate on auto-joining
  activeOrganizationUsersByOrgId: true,
  autoJoinTeamsByOrgId: true,
  isCompanyDomain: true, // gate on joining by e-mail domain
  favoriteTemplateIds: false,
  meetingCount: false,
  featureFlagByOwnerId: false, // a feature switched off is a poorer page, not an open door
  allFeatureFlagsByOwner: false,
  highestTierForUserId: true, // billing tier
  massInvitationsByTeamIdUserId: true, // invitation tokens
  teamIdsByUserId: true, // a user's teams, written into the auth token
  retroReflectionEmbeddingByReflectionId: false,
  templatePromptsByMeetingId: false,
  teamPromptResponsesByMeetingIdForViewer: false, // hides on failure, never shows more
  freshAuth: true, // the viewer's OAuth token
  // twenty: engine/dataloaders/dataloader.service.ts (reads of cached metadata, built by `create…Loader()` helpers)
  createRelationLoader: false,
  createMorphRelationLoader: false,
  createFieldMetadataLoader: false,
  createIndexMetadataLoader: false,
  createObjectMetadataLoader: false,
  createViewFieldsByViewIdLoader: false,
  createViewFiltersByViewIdLoader: false,
  createViewSortsByViewIdLoader: false,
  createViewGroupsByViewIdLoader: false,
  // twenty: engine/dataloaders/factories/*-by-role-id-loader.factory.ts (the row-level permissions one is left
  // TODO: no fallback fits its object value)
  create: true, // workspace members by role
  'ApiKeysByRoleIdLoaderFactory.create': true,
  'AgentsByRoleIdLoaderFactory.create': true,
  // talk: graph/loaders/{Auth,Users,Comments}.ts, and tenant resolution by hostname
  discoverOIDCConfiguration: true, // OIDC discovery: where a login goes
  retrieveSSOKeyLastUsedAt: false, // a timestamp shown in the admin pages
  user: false,
  comment: false,
  storyCommentCounts: false,
  tenantByHostname: true, // routes every request to its tenant
  // a write, and a read that clears an in-memory cache and calls `Object.create`
  userSettings: true,
  usersById: false,
};

interface Row {
  readonly field: string;
  readonly critical: boolean;
  readonly tier: number;
}

describe('gates stay critical, on a labelled corpus of real loader shapes', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  const created: string[] = [];
  let codemod: CliResult;
  let rows: readonly Row[];

  beforeAll(async () => {
    const project = copyFixtureProject(path.join(REPO_ROOT, 'test/fixtures/gates'), created);
    codemod = await runCliInProcess(['codemod', '--write', '--default-owner', 'platform'], project);
    const inventory = await runCliInProcess(['inventory', '--format', 'json'], project);
    rows = (JSON.parse(inventory.stdout) as { fieldDependencies: Row[] }).fieldDependencies;
  }, PROCESS_TEST_TIMEOUT);
  afterAll(() => removeAll(created));

  it('wraps every labelled loader (one is left TODO for its fallback), each under the name the labels use', () => {
    expect(rows.map((row) => row.field).sort()).toEqual(Object.keys(LABELS).sort());
    expect(codemod.stderr).toMatch(/^Wrapped 46 loaders and marked 1 TODO/);
  });

  it('gives the tier of each: the summary counts the optional ones (tier 2) and those kept critical (tier 1), as the inventory lists them', () => {
    const critical = rows.filter((row) => row.critical).length;
    expect(rows.map((row) => row.tier).sort()).toEqual(rows.map((row) => (row.critical ? 1 : 2)).sort());
    expect(codemod.stderr.split('\n')[1]).toBe(
      `Tiers: ${46 - critical} optional at tier 2 (the default, not written; a brownout may shed them: add tier: 3 where a field may go first); ${critical} kept critical at tier 1 (never shed).`,
    );
  });

  it('keeps every gate and write identified by hand critical (recall 100%), with precision at least 95%', () => {
    const kept = rows.filter((row) => row.critical).map((row) => row.field);
    const gates = Object.keys(LABELS).filter((field) => LABELS[field] === true);
    const truePositives = kept.filter((field) => LABELS[field] === true);
    expect(gates.filter((field) => !kept.includes(field)), 'gates made to degrade').toEqual([]);
    expect(kept.filter((field) => LABELS[field] === false), 'reads kept critical').toEqual(['retrieveSSOKeyLastUsedAt']);
    expect({ precision: truePositives.length / kept.length, recall: truePositives.length / gates.length }).toEqual({ precision: 20 / 21, recall: 1 });
  });

  it('lists each under "Kept critical" with what it decides and the name, type or call that says so; only the write is called a write', () => {
    const section = codemod.stderr.split('\n\n').find((part) => part.startsWith('Kept critical (21)')) ?? '';
    const reasons = [...section.matchAll(/^ {2}\S+:\d+ {2}.*?: review: it (decides \w+|writes) \(([^)]*)\)/gm)].map((match) => `${match[1]} (${match[2]})`);
    expect(reasons).toHaveLength(21);
    expect(reasons.filter((reason) => reason.startsWith('writes'))).toEqual(['writes (settingsRepository.save)']);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'decides identity (isOrgVerified)',
        'decides tenancy (isCompanyDomain)',
        'decides membership (teamIdsByUserId)',
        'decides billing (highestTierForUserId)',
        'decides identity (value SAMLSource[])',
        'decides membership (value WorkspaceMember[])',
        'decides identity (discoverOIDCConfiguration)',
        'decides tenancy (tenantByHostname)',
      ]),
    );
  });
});
