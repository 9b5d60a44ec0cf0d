/**
 * The package as an npm user gets it. It is built afresh (what `prepack` does, into a staging copy, so the
 * repository's dist/ is left alone), packed with `npm pack` (so `files` and `exports` are what is tested),
 * and installed from the tarball with npm into scratch projects, from the npm cache (`--prefer-offline`:
 * the registry is asked only for metadata the cache lacks). An app's production install must hold the
 * runtime and nothing else; the CLI and the ESLint plugin must work once the app's dev dependencies
 * provide their peers, and name the missing ones otherwise. Child processes run on this test's Node.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleDocsUrl } from '../../detection/ruleDocsUrl.js';
import { CLI_PACKAGES, ESLINT_PLUGIN_PACKAGES } from '../../tooling/toolingPackages.js';
import { installedPackages, NPM_INSTALL, PACKAGE_TEST_TIMEOUT, packFreshBuild, run, runtimeClosure, succeed, toolingVersions } from './support/packageInstall.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = path.join(root, 'test/fixtures/package-consumer');

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly exports: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  readonly bin: Readonly<Record<string, string>>;
  readonly repository: { readonly url: string };
}
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

/**
 * The ESLint the plugin is checked with: the repository's (10), or with FIELD_DEPENDENCY_TEST_ESLINT=9 the
 * version of the `eslint-9` alias (the CI's platform matrix runs both).
 */
const ESLINT_VERSION = process.env['FIELD_DEPENDENCY_TEST_ESLINT'] === '9' ? (toolingVersions(root, ['eslint-9'])['eslint-9'] as string) : (toolingVersions(root, ['eslint'])['eslint'] as string);

let scratch = '';
let tarball = '';
let packedFiles: readonly string[] = [];
/** An app that depends on the package, installed with `--omit=dev`. */
let app = '';
/** The same app with the tooling's peers (and DataLoader) in its dev dependencies, as the docs ask. */
let tooled = '';

/** A scratch project depending on the tarball, with `devDependencies`, and the consumer fixture's files. */
function project(name: string, devDependencies: Readonly<Record<string, string>>): string {
  const directory = path.join(scratch, name);
  cpSync(fixture, directory, { recursive: true });
  const packageJson = { name, version: '1.0.0', private: true, type: 'module', dependencies: { [manifest.name]: `file:${tarball}` }, devDependencies };
  writeFileSync(path.join(directory, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  return directory;
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'field-dependency-install-'));
  ({ tarball, files: packedFiles } = await packFreshBuild(root, scratch));

  app = project('app', {});
  tooled = project('tooled', { ...toolingVersions(root, [...CLI_PACKAGES, ...ESLINT_PLUGIN_PACKAGES, 'typescript-eslint', 'dataloader', 'graphql']), eslint: ESLINT_VERSION });
  await Promise.all([succeed('npm', [...NPM_INSTALL, '--omit=dev'], app), succeed('npm', NPM_INSTALL, tooled)]);
}, PACKAGE_TEST_TIMEOUT);

afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds every entry point and bin target', () => {
    const targets = Object.values(manifest.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
    for (const target of [...targets, ...Object.values(manifest.bin)]) expect(packedFiles, target).toContain(path.normalize(target));
  });

  it('holds JavaScript and declarations only under dist/: no source maps without their sources, no tests', () => {
    const dist = packedFiles.filter((file) => file.startsWith('dist/'));
    expect(dist.length).toBeGreaterThan(50);
    expect(dist.filter((file) => !/\.(js|d\.ts)$/.test(file) || /\.test\./.test(file))).toEqual([]);
    const mapped = dist.filter((file) => file.endsWith('.js') && readFileSync(path.join(app, 'node_modules', manifest.name, file), 'utf8').includes('sourceMappingURL'));
    expect(mapped).toEqual([]);
  });

  it('holds the rule pages the rules link to, and the repository those links point into', () => {
    const base = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    for (const rule of ['require-field-dependency', 'valid-field-dependency']) {
      const url = ruleDocsUrl(rule);
      expect(url.startsWith(`${base}/blob/main/`), url).toBe(true);
      expect(packedFiles).toContain(url.slice(`${base}/blob/main/`.length));
    }
  });

  it('holds the README, the licence, the docs the README links to and the observability kit', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json', 'docs/metrics.md', 'observability/README.md']));
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const [, link] of readme.matchAll(/\]\((docs\/[^)#]+\.md)/g)) expect(packedFiles, link).toContain(link);
  });
});

describe('a production install (--omit=dev) of an app that depends on it', { timeout: PACKAGE_TEST_TIMEOUT }, () => {
  it('holds the runtime and what it needs, and no tooling', () => {
    const installed = installedPackages(app);
    expect(installed).toEqual([manifest.name, ...runtimeClosure(root)].sort());
    for (const tooling of [...CLI_PACKAGES, ...ESLINT_PLUGIN_PACKAGES, 'eslint', 'typescript-eslint', '@ts-morph/common', 'graphql']) expect(installed).not.toContain(tooling);
  });

  it('holds no type packages: the declarations of the runtime name only packages that ship their own types', () => {
    expect(installedPackages(app).filter((name) => name.startsWith('@types/'))).toEqual([]);
    // every package the declarations of `field-dependency` and `field-dependency/testing` import, followed
    // through the package's own .d.ts files
    const dist = path.join(app, 'node_modules/field-dependency/dist');
    const seen = new Set<string>();
    const imported = new Set<string>();
    const queue = [path.join(dist, 'src/index.d.ts'), path.join(dist, 'src/testing/index.d.ts')];
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      if (seen.has(file)) continue;
      seen.add(file);
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        if ((specifier as string).startsWith('.')) queue.push(path.resolve(path.dirname(file), (specifier as string).replace(/\.js$/, '.d.ts')));
        else imported.add(specifier as string);
      }
    }
    expect([...imported].filter((specifier) => !specifier.startsWith('node:')).sort()).toEqual(['prom-client']);
  });

  it('imports the runtime from an ES module: a failing loader degrades and is counted', async () => {
    const { stdout } = await succeed(process.execPath, ['consumer.mjs'], app);
    const output = JSON.parse(stdout) as Record<string, unknown>;
    expect(output.resolved).toMatch(/\/app\/node_modules\/field-dependency\/dist\/src\/index\.js$/);
    expect(output).toMatchObject({
      prices: true,
      faulted: [null, null],
      counts: [2, 3],
      degraded: [
        { field: 'shopping', owner: 'shopping', reason: 'error' },
        { field: 'counts', owner: 'comments', reason: 'error' },
      ],
    });
    expect(output.metrics).toEqual([
      'field_dependency_calls_total{field="shopping",owner="shopping",critical="false",outcome="degraded"} 1',
      'field_dependency_calls_total{field="counts",owner="comments",critical="false",outcome="success"} 1',
      'field_dependency_calls_total{field="counts",owner="comments",critical="false",outcome="degraded"} 1',
    ]);
  });

  it('requires the runtime from CommonJS', async () => {
    cpSync(path.join(root, 'test/package/fixtures/consumer.cjs'), path.join(app, 'consumer.cjs'));
    const { stdout } = await succeed(process.execPath, ['consumer.cjs'], app);
    const output = JSON.parse(stdout) as { resolved: string; page: { degraded: unknown[] }; deepImport: string };
    expect(output.resolved).toBe(path.join(app, 'node_modules/field-dependency/dist/src/index.js'));
    expect(output.page.degraded).toHaveLength(3);
    expect(output.deepImport).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('has a CLI whose project commands exit 2 with one line naming the packages to add', async () => {
    const bin = path.join(app, 'node_modules/.bin/field-dependency');
    expect(await run(bin, ['check'], app)).toEqual({
      status: 2,
      stdout: '',
      stderr: `field-dependency: field-dependency check needs ts-morph and minimatch, which are not installed: npm install --save-dev ts-morph minimatch\n`,
    });
    expect((await run(bin, ['codemod'], app)).stderr).toBe(
      `field-dependency: field-dependency codemod needs ts-morph, minimatch and diff, which are not installed: npm install --save-dev ts-morph minimatch diff\n`,
    );
  });

  it('runs the operations commands (rules, report, canary) without any tooling package', async () => {
    const bin = path.join(app, 'node_modules/.bin/field-dependency');
    const rules = await run(bin, ['rules'], app);
    expect(rules.status, rules.stderr).toBe(0);
    expect(rules.stdout).toContain('FieldDependencyErrorBudgetFastBurn');
    for (const command of ['report', 'canary']) {
      const help = await run(bin, [command, '--help'], app);
      expect([command, help.status, help.stderr]).toEqual([command, 0, '']);
      expect(help.stdout).toContain(`field-dependency ${command}`);
    }
  });

  it('has an ESLint plugin that fails to load with one line naming the packages to add', async () => {
    const result = await run(process.execPath, ['--input-type=module', '-e', "await import('field-dependency/eslint-plugin')"], app);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'Error: field-dependency/eslint-plugin needs @typescript-eslint/utils, typescript and minimatch, which are not installed: npm install --save-dev @typescript-eslint/utils typescript minimatch\n',
    );
  });
});

describe('the tooling, with its peers in the app\'s dev dependencies', { timeout: PACKAGE_TEST_TIMEOUT }, () => {
  it('field-dependency/graphql loads once graphql is installed (and not before: it is an optional peer)', async () => {
    const script = "const m = await import('field-dependency/graphql'); console.log(Object.keys(m).filter((name) => typeof m[name] === 'function').sort().join(','))";
    const loaded = await succeed(process.execPath, ['--input-type=module', '-e', script], tooled);
    expect(loaded.stdout.trim().split(',')).toEqual(expect.arrayContaining(['fieldDependencyApolloPlugin', 'fieldDependencyMercurius', 'useFieldDependency']));
    const missing = await run(process.execPath, ['--input-type=module', '-e', script], app);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/ERR_MODULE_NOT_FOUND|Cannot find package 'graphql'/);
  });

  it('`field-dependency check` finds the unwrapped DataLoader batch function, then passes once it is wrapped', async () => {
    const before = await run(path.join(tooled, 'node_modules/.bin/field-dependency'), ['check'], tooled);
    expect(before.status, before.stderr).toBe(1);
    expect(before.stdout).toMatch(/^src\/users\.ts:10:\d+ {2}.*DataLoader.* {2}require-field-dependency$/m);

    cpSync(path.join(tooled, 'wrapped/users.ts'), path.join(tooled, 'src/users.ts'));
    const after = await run(path.join(tooled, 'node_modules/.bin/field-dependency'), ['check'], tooled);
    expect([after.status, after.stderr]).toEqual([0, '']);
    expect(after.stdout).toMatch(/^No problems in 1 file\./);
    cpSync(path.join(fixture, 'src/users.ts'), path.join(tooled, 'src/users.ts'));
  });

  it(`the ESLint plugin loads in a flat config of ESLint ${ESLINT_VERSION} and reports the same loader with typed linting`, async () => {
    expect((await succeed(path.join(tooled, 'node_modules/.bin/eslint'), ['--version'], tooled)).stdout.trim()).toBe(`v${ESLINT_VERSION}`);
    const result = await run(path.join(tooled, 'node_modules/.bin/eslint'), ['--format', 'json', 'src'], tooled);
    expect(result.status, result.stderr).toBe(1);
    const [report] = JSON.parse(result.stdout) as [{ filePath: string; messages: { ruleId: string; line: number }[] }];
    expect(report.filePath).toBe(path.join(tooled, 'src/users.ts'));
    expect(report.messages.map((message) => `${message.line} ${message.ruleId}`)).toEqual(['10 field-dependency/require-field-dependency']);
  });

  it('the ESLint plugin can be required from a CommonJS config too', async () => {
    const script = "const plugin = require('field-dependency/eslint-plugin'); console.log(Object.keys(plugin.default.rules).join(','), plugin.default.configs.recommended.name)";
    const result = await succeed(process.execPath, ['-e', script], tooled);
    expect(result.stdout).toBe('require-field-dependency,valid-field-dependency field-dependency/recommended-type-checked\n');
  });
});
