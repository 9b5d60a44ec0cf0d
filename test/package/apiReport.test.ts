/**
 * The public API is recorded: API Extractor's report of each entry point (`etc/*.api.md`, written by
 * `npm run api`) must match the built declarations (`npm test` builds first), and every export must have
 * TSDoc. A change to the public surface without its report fails here.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_POINTS, runApiReport } from '../../scripts/apiReport.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let scratch: string;

beforeAll(() => {
  const missing = ENTRY_POINTS.filter(({ types }) => !existsSync(path.join(root, types)));
  if (missing.length > 0) throw new Error(`${missing.map(({ types }) => types).join(', ')} missing: run \`npm run build\` before these tests`);
  scratch = mkdtempSync(path.join(tmpdir(), 'field-dependency-api-'));
});

afterAll(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

describe('the API report', () => {
  it('has a report per entry point of package.json', () => {
    const exportsMap = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { exports: Record<string, { types?: string }> }).exports;
    const declared = Object.values(exportsMap).flatMap((target) => (typeof target === 'object' && target.types !== undefined ? [path.normalize(target.types)] : []));
    expect(ENTRY_POINTS.map(({ types }) => path.normalize(types)).sort()).toEqual(declared.sort());
    for (const { report } of ENTRY_POINTS) expect(existsSync(path.join(root, 'etc', `${report}.api.md`)), `etc/${report}.api.md`).toBe(true);
  });

  it('matches the public surface, every export documented (else run `npm run api` and review the diff)', () => {
    const results = runApiReport({ local: false, tempFolder: path.join(scratch, 'current') });
    expect(results.flatMap(({ report, problems }) => problems.map((problem) => `${report}: ${problem}`))).toEqual([]);
    expect(results.map(({ report, succeeded, changed }) => ({ report, succeeded, changed }))).toEqual(
      ENTRY_POINTS.map(({ report }) => ({ report, succeeded: true, changed: false })),
    );
  }, 120_000);

  it('fails when the surface differs from the report', () => {
    const reports = path.join(scratch, 'edited');
    cpSync(path.join(root, 'etc'), reports, { recursive: true });
    const file = path.join(reports, 'field-dependency-testing.api.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^export function /m, 'export function removedOrRenamed(): void;\n\n// @public\nexport function '));
    const [result] = runApiReport({ local: false, reportFolder: reports, tempFolder: path.join(scratch, 'edited-temp'), entryPoints: [ENTRY_POINTS[1]!] });
    expect(result).toMatchObject({ report: 'field-dependency-testing', succeeded: false, changed: true });
  }, 60_000);

  it('fails on an undocumented export', () => {
    const fixture = path.join(scratch, 'fixture-types');
    mkdirSync(fixture, { recursive: true });
    writeFileSync(path.join(fixture, 'index.d.ts'), '/** Documented. */\nexport declare function documented(): void;\nexport declare function undocumented(): void;\n');
    const [result] = runApiReport({
      local: true,
      reportFolder: path.join(scratch, 'fixture'),
      tempFolder: path.join(scratch, 'fixture-temp'),
      entryPoints: [{ report: 'fixture', types: path.join(fixture, 'index.d.ts') }],
    });
    expect(result?.succeeded).toBe(false);
    expect(result?.problems).toEqual([expect.stringMatching(/fixture-types\/index\.d\.ts:3: .*"undocumented".*\(ae-undocumented\)$/)]);
  }, 60_000);
});
