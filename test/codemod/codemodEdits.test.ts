import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyTextEdits } from '../../cli/codemod/applyTextEdits.js';
import { PROCESS_TEST_TIMEOUT } from '../enforcement/support/paths.js';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { BASIC_TSCONFIG, temporaryProjects } from '../enforcement/support/temporaryProjects.js';

const projects = temporaryProjects();
afterAll(() => projects.removeAll());

const FETCH = 'declare function fetchPins(ids: readonly string[]): Promise<(string | null)[]>;';

/** Runs `codemod --write` on a one-file project and returns the file afterwards, with the run. */
async function codemod(file: string, content: string, args: readonly string[], tsconfig = BASIC_TSCONFIG) {
  const directory = projects.create({ 'tsconfig.json': tsconfig, [`src/${file}`]: content });
  const run = await runCliInProcess(['codemod', '--write', ...args], directory);
  return { run, after: fs.readFileSync(path.join(directory, 'src', file), 'utf8'), directory };
}

describe('codemod edits only the spans it wraps', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('keeps a byte order mark and CRLF line ends, and writes its own lines with CRLF', async () => {
    const source = ['\uFEFFimport DataLoader from "dataloader";', FETCH, 'export const pins = new DataLoader(async (ids: readonly string[]) => fetchPins(ids));', ''].join('\r\n');
    const { after } = await codemod('pins.ts', source, ['--default-owner', 'core']);

    expect(after).toBe(
      [
        '\uFEFFimport DataLoader from "dataloader";',
        'import { fieldDependency } from "field-dependency";',
        FETCH,
        "export const pins = new DataLoader(fieldDependency([null], { owner: 'core', name: 'pins' })(async (ids: readonly string[]) => fetchPins(ids)));",
        '',
      ].join('\r\n'),
    );
  });

  it("writes the import in the file's style: its quotes, no semicolon where it has none, a trailing comment left on its line", async () => {
    const source = `import DataLoader from "dataloader" // batches per request\ndeclare function fetchPins(ids: readonly string[]): Promise<(string | null)[]>\nexport const pins = new DataLoader(async (ids: readonly string[]) => fetchPins(ids))\n`;
    const { after } = await codemod('pins.ts', source, ['--default-owner', 'core']);

    expect(after.split('\n').slice(0, 2)).toEqual(['import DataLoader from "dataloader" // batches per request', 'import { fieldDependency } from "field-dependency"']);
  });

  it('adds fieldDependency on a line of its own to an import written one name per line', async () => {
    const source = `import DataLoader from 'dataloader';\nimport {\n  currentSignal,\n  type FieldDependencyOptions,\n} from 'field-dependency';\n${FETCH}\nexport const options: FieldDependencyOptions = { owner: 'core' };\nexport const pins = new DataLoader(async (ids: readonly string[]) => { void currentSignal(); return fetchPins(ids); });\n`;
    const { after } = await codemod('pins.ts', source, ['--default-owner', 'core']);

    expect(after.split('\n').slice(1, 6)).toEqual(['import {', '  currentSignal,', '  type FieldDependencyOptions,', '  fieldDependency,', "} from 'field-dependency';"]);
  });

  it('merges fieldDependency into an existing import of the package, not into a type-only one', async () => {
    const source = `import DataLoader from 'dataloader';\nimport type { FieldDependencyOptions } from 'field-dependency';\nimport { currentSignal } from 'field-dependency';\n${FETCH}\nexport const options: FieldDependencyOptions = { owner: 'core' };\nexport const pins = new DataLoader(async (ids: readonly string[]) => { void currentSignal(); return fetchPins(ids); });\n`;
    const { after } = await codemod('pins.ts', source, ['--default-owner', 'core']);

    expect(after.split('\n').slice(0, 3)).toEqual([
      "import DataLoader from 'dataloader';",
      "import type { FieldDependencyOptions } from 'field-dependency';",
      "import { currentSignal, fieldDependency } from 'field-dependency';",
    ]);
  });

  it('imports under another name where the file declares its own fieldDependency', async () => {
    const source = `import DataLoader from 'dataloader';\n${FETCH}\nfunction fieldDependency(): void {}\nfieldDependency();\nexport const pins = new DataLoader(async (ids: readonly string[]) => fetchPins(ids));\n`;
    const { after } = await codemod('pins.ts', source, ['--default-owner', 'core']);

    expect(after).toContain("import { fieldDependency as packageFieldDependency } from 'field-dependency';");
    expect(after).toContain("new DataLoader(packageFieldDependency([null], { owner: 'core', name: 'pins' })(async");
  });

  it('writes one marker for two loaders whose markers would share a line', async () => {
    const source = `import DataLoader from 'dataloader';\n${FETCH}\nexport const pins = new DataLoader(async (ids: readonly string[]) => fetchPins(ids)), boards = new DataLoader(async (ids: readonly string[]) => fetchPins(ids));\n`;
    const { run, after, directory } = await codemod('pins.ts', source, []);
    const why = 'no owner: no CODEOWNERS file was given (--owners), and no --default-owner';

    expect(after.split('\n')[2]).toBe(`// field-dependency-ignore: TODO(field-dependency) the batch function of pins: ${why}; the batch function of boards: ${why}`);
    expect(run.stderr).toContain(`  src/pins.ts:3  the batch function of pins: ${why}\n  src/pins.ts:3  the batch function of boards: ${why}\n`);
    expect((await runCliInProcess(['check'], directory)).status).toBe(0);
  });

  it('wraps a JavaScript method where DataLoader receives it: decorators need TypeScript', async () => {
    const tsconfig = JSON.stringify({ compilerOptions: { allowJs: true, checkJs: false, module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true }, include: ['src'] });
    // Its JSDoc types say what it returns: an untyped JavaScript result would be `any`, which gets a TODO.
    const source = `import DataLoader from 'dataloader';\n\nexport class Loaders {\n  pins = new DataLoader((ids) => this.batchPins(ids));\n\n  /** @param {readonly string[]} ids @returns {Promise<(string | null)[]>} */\n  async batchPins(ids) {\n    return ids.map(() => null);\n  }\n}\n`;
    const { after } = await codemod('loaders.js', source, ['--default-owner', 'core'], tsconfig);

    expect(after).toBe(
      source
        .replace("'dataloader';\n", "'dataloader';\nimport { fieldDependency } from 'field-dependency';\n")
        .replace('new DataLoader((ids) => this.batchPins(ids))', "new DataLoader(fieldDependency([null], { owner: 'core', name: 'batchPins' })((ids) => this.batchPins(ids)))"),
    );
  });
});

describe('codemod names what it wraps where DataLoader receives it', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('reuses a require of the package, and names a batch function made by a call after what holds its DataLoader', async () => {
    const source = `const DataLoader = require('dataloader');\nconst { fieldDependency: fd } = require('field-dependency');\ndeclare function makeBatch(): (ids: readonly string[]) => Promise<(string | null)[]>;\nexport const loaders = { pins: new DataLoader((makeBatch())) };\n`;
    const { after } = await codemod('loaders.cts', source, ['--default-owner', 'core']);

    expect(after).toBe(source.replace('new DataLoader((makeBatch()))', "new DataLoader((fd([null], { owner: 'core', name: 'pins' })(makeBatch())))"));
  });
});

describe('applyTextEdits', () => {
  it('applies edits at the same offset in the order given and maps offsets past them', () => {
    const edited = applyTextEdits('abcdef', [
      { start: 2, end: 2, text: 'X' },
      { start: 2, end: 2, text: 'Y' },
      { start: 4, end: 5, text: '' },
    ]);
    expect(edited.text).toBe('abXYcdf');
    expect(edited.mapOffset(2)).toBe(4);
    expect(edited.mapOffset(5)).toBe(6);
  });

  it('refuses overlapping edits', () => {
    expect(() => applyTextEdits('abcdef', [{ start: 1, end: 4, text: '' }, { start: 3, end: 5, text: '' }])).toThrow('overlapping edits at offset 3');
  });
});
