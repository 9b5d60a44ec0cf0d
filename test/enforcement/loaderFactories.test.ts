import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../cli/check/CheckResult.js';
import { copyFixtureProject, removeAll } from '../codemod/support/codemodFixtures.js';
import { runTsc } from '../codemod/support/runTsc.js';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { FIXTURES, PROCESS_TEST_TIMEOUT } from './support/paths.js';

/**
 * Loaders made by loader factories (a function whose parameter becomes a DataLoader's batch function, through
 * factory layers and subclass constructors) and batch functions built by a helper call, through the real check
 * and codemod. Which findings appear where (ESLint and check alike) is pinned by the agreement corpus.
 */
const PROJECT = path.join(FIXTURES, 'loader-factories');

describe('check on loader factories', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  let report: CheckResult;
  let text: string;
  beforeAll(async () => {
    report = JSON.parse((await runCliInProcess(['check', '--format', 'json'], PROJECT)).stdout) as CheckResult;
    text = (await runCliInProcess(['check'], PROJECT)).stdout;
  }, PROCESS_TEST_TIMEOUT);

  it('reports each unwrapped loader at the factory call that hands it, not one finding at the factory', () => {
    const inLoaders = report.findings.filter((finding) => finding.file === 'src/loaders.ts').map((finding) => `${finding.line}:${finding.column}`);
    // users, members (two factory layers), orgs (called by the factory's batch function), meetings, projects, labels, reactions
    expect(inLoaders).toEqual(['10:37', '12:68', '13:43', '14:47', '18:46', '21:34', '26:29']);
    expect(report.findings.filter((finding) => finding.file.startsWith('src/dataloader/'))).toEqual([]);
    expect(report.findings.find((finding) => finding.line === 10 && finding.file === 'src/loaders.ts')?.message).toBe(
      "`fetchUsers` (defined in ./loaders.ts:7) is a loader (passed to the loader factory `makeByIdLoader`, which makes a DataLoader of it) but is not wrapped with fieldDependency from 'field-dependency'.",
    );
  });

  it('treats a call that builds the batch function as the loader, and a helper handed a wrapped function as wrapped', () => {
    const helperBuilt = report.findings.filter((finding) => finding.file === 'src/helperBuilt.ts');
    expect(helperBuilt.map((finding) => [finding.line, finding.messageId])).toEqual([[15, 'unwrappedLoader']]);
    expect(helperBuilt[0]?.message).toContain('`batchMany(fetchComments)` (a call that builds the batch function)');
  });

  it('says at the factory when some of its uses cannot be followed, and counts the loaders hidden there', () => {
    const atFactory = report.findings.find((finding) => finding.file === 'src/unfollowed.ts' && finding.line === 6);
    expect(atFactory).toMatchObject({ messageId: 'untraceableLoader', factory: 'makeListLoader', loaderSites: 1 });
    expect(atFactory?.message).toContain('it is a parameter of the loader factory `makeListLoader`, and it is also used where its calls cannot be followed (./unfollowed.ts:10)');
    // registry (1) and the two uses in counters behind the suppressed factory (2)
    expect(report.hiddenByFactories).toBe(3);
    expect(text).toContain('At least 3 loaders hidden behind loader factories whose calls cannot be followed');
  });

  it('prints how many loader sites a suppression covers when that is more than the findings it lists', () => {
    expect(report.suppressions).toHaveLength(1);
    expect(report.suppressions[0]).toMatchObject({ file: 'src/unfollowed.ts', line: 13, loaderSites: 2 });
    expect(text).toContain('src/unfollowed.ts:13:3  the counts come from a cache that never fails  (suppresses src/unfollowed.ts:14:25; covers 2 loader sites)');
  });
});

describe('codemod on loader factories', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  const created: string[] = [];
  let project = '';
  let written: { loaders: string; helperBuilt: string; unfollowed: string; makers: string };
  let codemodRun: Awaited<ReturnType<typeof runCliInProcess>>;
  beforeAll(async () => {
    project = copyFixtureProject(PROJECT, created);
    codemodRun = await runCliInProcess(['codemod', '--write', '--default-owner', 'platform'], project);
    const read = (file: string): string => fs.readFileSync(path.join(project, 'src', file), 'utf8');
    written = { loaders: read('loaders.ts'), helperBuilt: read('helperBuilt.ts'), unfollowed: read('unfollowed.ts'), makers: read('dataloader/makers.ts') };
  }, PROCESS_TEST_TIMEOUT);
  afterAll(() => removeAll(created));

  it('wraps at each call site, named after what holds the factory result', () => {
    // The one TODO left is at the factory whose calls cannot all be followed.
    expect(codemodRun.stderr).toContain('marked 1 TODO');
    expect(written.loaders).toContain("export const users = makeByIdLoader(fieldDependency([null], { owner: 'platform', name: 'users' })(fetchUsers));");
    expect(written.loaders).toContain("export const meetings = primaryKeyLoaderMaker(fieldDependency(Array, { owner: 'platform', name: 'meetings' })(selectMeetings));");
    expect(written.loaders).toContain(
      "export const orgs = primaryKeyLoaderMaker(fieldDependency(Array, { owner: 'platform', name: 'orgs' })(async (ids: readonly string[]) => db.rows('orgs', ids)));",
    );
    expect(written.loaders).toContain("this.labels = makeByIdLoader(fieldDependency([null], { owner: 'platform', name: 'labels' })(async (ids: readonly string[])");
    expect(written.loaders).toContain("reactions: makeByIdLoader(fieldDependency([null], { owner: 'platform', name: 'reactions' })(async (ids: readonly string[])");
    expect(written.loaders).toContain("const fetchUsers = async (ids: readonly string[]) => db.rowsByIds('users', ids);");
    // The factories themselves are left alone: wrapping their parameter would make one dependency of all their loaders.
    expect(written.makers).toBe(fs.readFileSync(path.join(PROJECT, 'src/dataloader/makers.ts'), 'utf8'));
  });

  it('wraps a helper-built batch function as a whole call', () => {
    expect(written.helperBuilt).toContain(
      "export const comments = new DataLoader(fieldDependency([null], { owner: 'platform', name: 'comments' })(batchMany(fetchComments)));",
    );
  });

  it('leaves a TODO, not a wrap, at a factory whose calls cannot all be followed', () => {
    expect(written.unfollowed).toContain('return new DataLoader(fetchFn);');
    expect(written.unfollowed).toMatch(/TODO\(field-dependency\) it is a parameter of the loader factory `makeListLoader`/);
    expect(written.unfollowed).toContain("export const tags = makeListLoader(fieldDependency([Array], { owner: 'platform', name: 'tags' })(async (ids) =>");
  });

  it('lists one inventory field per call site, and its output compiles', async () => {
    const inventory = JSON.parse((await runCliInProcess(['inventory', '--format', 'json'], project)).stdout) as {
      fieldDependencies: readonly { field: string; owner: string }[];
    };
    const platform = inventory.fieldDependencies.filter((entry) => entry.owner === 'platform').map((entry) => entry.field);
    expect(platform).toEqual(['comments', 'labels', 'meetings', 'members', 'orgs', 'projects', 'reactions', 'tags', 'users']);
    const tsc = await runTsc(project);
    expect(tsc.stdout).toBe('');
  });
});
