import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleFor, type Codeowners } from '../../cli/codeowners/Codeowners.js';
import { parseCodeowners } from '../../cli/codeowners/parseCodeowners.js';
import { teamOwnerLabel } from '../../cli/codeowners/teamOwnerLabel.js';
import { resolveOwner } from '../../cli/codemod/resolveOwner.js';

/** The example CODEOWNERS file of GitHub's documentation ("About code owners"), rule for rule. */
const GITHUB_EXAMPLE = `# This is a comment.
*       @global-owner1 @global-owner2
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
*.txt @octo-org/octocats
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
`;

function codeownersOf(text: string): Codeowners {
  return { file: '/repo/.github/CODEOWNERS', root: '/repo', ...parseCodeowners(text) };
}

function ownersOf(text: string, file: string): readonly string[] | undefined {
  return ruleFor(codeownersOf(text), file)?.owners;
}

describe('CODEOWNERS matching, as GitHub documents it', () => {
  it.each([
    ['README.md', ['@global-owner1', '@global-owner2']],
    ['src/index.js', ['@js-owner']],
    ['notes/todo.txt', ['@octo-org/octocats']],
    ['build/logs/today/a.log', ['@octocat']], // /build/logs/ matches too, but **/logs comes later
    ['docs/getting-started.md', ['@doctocat']],
    ['scripts/deploy.sh', ['@doctocat', '@octocat']],
    ['deep/nested/logs/x.log', ['@octocat']],
    ['apps/web/page.ts', ['@octocat']],
    ['apps/github/page.ts', []],
  ])('%s is owned by %j (the last matching rule wins)', (file, owners) => {
    expect(ownersOf(GITHUB_EXAMPLE, file)).toEqual(owners);
  });

  it('`docs/*` owns the files directly in docs/, not those in its subdirectories', () => {
    const text = '* @org/default\ndocs/* @org/docs\n';
    expect(ownersOf(text, 'docs/getting-started.md')).toEqual(['@org/docs']);
    expect(ownersOf(text, 'docs/build-app/troubleshooting.md')).toEqual(['@org/default']);
  });

  it('`apps/` matches an apps directory at any depth; `/apps/` only at the root', () => {
    expect(ownersOf('apps/ @org/apps\n', 'services/apps/a.ts')).toEqual(['@org/apps']);
    expect(ownersOf('/apps/ @org/apps\n', 'services/apps/a.ts')).toBeUndefined();
  });

  it('is case-sensitive, and `*` matches dotfiles', () => {
    expect(ownersOf('/Src/ @org/a\n', 'src/a.ts')).toBeUndefined();
    expect(ownersOf('* @org/a\n', '.github/workflows/ci.yml')).toEqual(['@org/a']);
  });

  it('takes `\\ ` as a space in a pattern', () => {
    expect(ownersOf('my\\ docs/ @org/docs\n', 'my docs/a.md')).toEqual(['@org/docs']);
  });
});

describe('CODEOWNERS lines that cannot be used', () => {
  it('reports each with its line number and skips it, keeping the other rules', () => {
    const parsed = parseCodeowners(['* @org/default', '!vendor/ @org/vendor', '[ab].ts @org/ab', '\\#notes @org/notes', 'src/ team-without-at', '', 'src/ok/ @org/ok'].join('\n'));

    expect(parsed.problems).toEqual([
      { line: 2, message: "pattern '!vendor/': negation with '!' is not supported in CODEOWNERS" },
      { line: 3, message: "pattern '[ab].ts': character ranges with '[ ]' are not supported in CODEOWNERS" },
      { line: 4, message: "pattern '\\#notes': escaping a leading '#' is not supported in CODEOWNERS" },
      { line: 5, message: "owner 'team-without-at' is not @user, @org/team or an e-mail address" },
    ]);
    expect(parsed.rules.map((rule) => rule.line)).toEqual([1, 7]);
  });
});

describe('teamOwnerLabel', () => {
  it.each([
    ['@acme/shopping-team', 'shopping-team'],
    ['@acme/Boards_Team', 'boards_team'],
    ['@acme/search.v2', 'search.v2'],
  ])('%s → %s', (owner, label) => {
    expect(teamOwnerLabel(owner)).toBe(label);
  });

  it.each(['@alice', 'docs@example.com', '@acme/-leading-dash'])('%s is no team label', (owner) => {
    expect(teamOwnerLabel(owner)).toBeUndefined();
  });
});

describe('resolveOwner', () => {
  const codeowners = codeownersOf('* @acme/platform\n/src/shopping/ @alice @acme/shopping\n/src/legacy/ @alice\n/src/orphans/\n');
  const at = (file: string): string => path.join('/repo', file);

  it('takes the first team of the last matching rule', () => {
    expect(resolveOwner({ codeowners, defaultOwner: undefined }, at('src/shopping/a.ts'))).toEqual({ owner: 'shopping' });
    expect(resolveOwner({ codeowners, defaultOwner: undefined }, at('src/pins/a.ts'))).toEqual({ owner: 'platform' });
  });

  it('falls back to the default owner, else says why there is no owner', () => {
    expect(resolveOwner({ codeowners, defaultOwner: 'core' }, at('src/legacy/a.ts'))).toEqual({ owner: 'core' });
    expect(resolveOwner({ codeowners, defaultOwner: undefined }, at('src/legacy/a.ts'))).toEqual({
      problem: 'no owner: CODEOWNERS:3 names no team usable as an owner (@alice), and no --default-owner',
    });
    expect(resolveOwner({ codeowners, defaultOwner: undefined }, at('src/orphans/a.ts'))).toEqual({
      problem: 'no owner: CODEOWNERS:4 leaves src/orphans/a.ts without owners, and no --default-owner',
    });
    expect(resolveOwner({ codeowners: codeownersOf('/docs/ @acme/docs\n'), defaultOwner: undefined }, at('src/a.ts'))).toEqual({
      problem: 'no owner: no CODEOWNERS rule matches src/a.ts, and no --default-owner',
    });
    expect(resolveOwner({ codeowners: undefined, defaultOwner: undefined }, at('src/a.ts'))).toEqual({
      problem: 'no owner: no CODEOWNERS file was given (--owners), and no --default-owner',
    });
  });

  it('owns nothing outside the repository root', () => {
    expect(resolveOwner({ codeowners, defaultOwner: undefined }, '/elsewhere/a.ts')).toEqual({
      problem: 'no owner: no CODEOWNERS rule matches ../elsewhere/a.ts, and no --default-owner',
    });
  });
});
