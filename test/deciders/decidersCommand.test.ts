import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../enforcement/support/paths.js';
import { runCliInProcess } from '../support/runCliInProcess.js';

const PROJECT = path.join(REPO_ROOT, 'test/fixtures/inventory/project');
const SCHEMA_DIR = path.join(REPO_ROOT, 'test/deciders/flagd-schema');

/** flagd's own flag-definition schema (vendored, see flagd-schema/SOURCE.md), with the targeting schema it refers to. */
function flagdValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, 'targeting.json'), 'utf8')));
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, 'flags.json'), 'utf8')));
}

describe('field-dependency deciders', () => {
  it('prints flagd flag definitions valid against flagd\'s schema, one decider per dependency whose key the source states', async () => {
    const run = await runCliInProcess(['deciders', '-p', PROJECT], REPO_ROOT);

    expect(run.status).toBe(0);
    const definitions = JSON.parse(run.stdout);
    const validate = flagdValidator();
    expect(validate(definitions), JSON.stringify(validate.errors)).toBe(true);
    expect(definitions.$schema).toBe('https://flagd.dev/schema/v0/flags.json');
    // Sorted by key; 'orgs, by id' is declared `decider: false`; two owners are known only at run time.
    expect(Object.keys(definitions.flags)).toEqual([
      'field-dependency.accounts.batchUsers',
      'field-dependency.accounts.loadTeams',
      'field-dependency.accounts.the "best" motto',
      'field-dependency.boards.boards',
      'field-dependency.comments.commentCounts',
      'field-dependency.images.images',
      'field-dependency.pins.pin-rows',
      'field-dependency.shopping.shopping',
      'search.suggestions.kill-switch',
    ]);
    expect(definitions.flags['field-dependency.shopping.shopping']).toEqual({
      state: 'ENABLED',
      variants: { on: 100, off: 0 },
      defaultVariant: 'on',
      metadata: { owner: 'shopping', field: 'shopping', critical: false, declaredAt: 'test/fixtures/inventory/project/src/fields.ts:11' },
    });
    expect(definitions.flags['search.suggestions.kill-switch'].metadata).toMatchObject({ owner: 'search', field: 'suggestions', critical: true });
    expect(run.stderr).toBe(
      [
        "field-dependency: test/fixtures/inventory/project/src/wrapped.ts:25: no flag for 'counted': its owner, name or decider is known only at run time; add its flag by hand",
        'field-dependency: test/fixtures/inventory/project/src/wrapped.ts:22: no flag for this dependency: its owner, name or decider is known only at run time; add its flag by hand',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['0', 'off', { on: 100, off: 0 }],
    ['37.5', 'default', { on: 100, off: 0, default: 37.5 }],
  ])('--default %s serves that percentage and stays valid', async (percent, defaultVariant, variants) => {
    const run = await runCliInProcess(['deciders', '--default', percent], PROJECT);

    expect(run.status).toBe(0);
    const definitions = JSON.parse(run.stdout);
    expect(flagdValidator()(definitions)).toBe(true);
    expect(definitions.flags['field-dependency.images.images']).toMatchObject({ defaultVariant, variants });
  });

  it('the schema check is real: it refuses a flag without variants', () => {
    expect(flagdValidator()({ flags: { broken: { state: 'ENABLED', defaultVariant: 'on' } } })).toBe(false);
  });

  it.each([['101'], ['-1'], ['fifty'], ['']])('--default %j is a usage error (exit 2) naming the value', async (value) => {
    const run = await runCliInProcess(['deciders', `--default=${value}`], PROJECT);

    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`field-dependency: --default must be a percentage from 0 to 100, such as 100 or 37.5; received '${value}'\n`);
    expect(run.stdout).toBe('');
  });

  it('prints its usage with --help, and is listed in the top-level usage', async () => {
    const help = await runCliInProcess(['deciders', '--help'], PROJECT);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: field-dependency deciders \[-p tsconfig\.json\] \[--default 100\]/);
    const top = await runCliInProcess(['--help'], PROJECT);
    expect(top.stdout).toMatch(/deciders\s+print flagd flag definitions/);
  });
});
