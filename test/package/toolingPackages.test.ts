/**
 * Which packages each entry point really imports, read from the sources (value imports, followed across
 * the repository's own modules), against what package.json and tooling/toolingPackages.ts declare: the
 * runtime needs only `dependencies`; the CLI and the ESLint plugin need exactly their declared lists,
 * each an optional peer dependency, so a production install never gets them and a missing one is named.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commandTable.js';
import { CLI_PACKAGES, ESLINT_PLUGIN_PACKAGES } from '../../tooling/toolingPackages.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Manifest {
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly peerDependencies: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta: Readonly<Record<string, { readonly optional?: boolean }>>;
}
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

/** The package a bare specifier names: `@scope/name` or `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/** The module specifiers `file` imports at run time (`import type` and `export type` left out). */
function valueImports(file: string, dynamic = true): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier.text);
    if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier.text);
    if (dynamic && ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] !== undefined && ts.isStringLiteral(node.arguments[0])) {
      specifiers.push(node.arguments[0].text);
    }
    if (ts.isCallExpression(node) && ts.isCallExpression(node.expression) && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === 'createRequire') {
      const [argument] = node.arguments;
      if (argument !== undefined && ts.isStringLiteral(argument)) specifiers.push(argument.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** Every package (not Node's built-ins) reachable from `entries` through the repository's own modules. */
function packagesImportedFrom(...entries: string[]): string[] {
  return packagesReachedFrom(entries, true);
}

/** The packages `entries` import before any `import()` runs: static imports only. */
function packagesLoadedUpFront(...entries: string[]): string[] {
  return packagesReachedFrom(entries, false);
}

function packagesReachedFrom(entries: readonly string[], dynamic: boolean): string[] {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = entries.map((entry) => path.join(root, entry));
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of valueImports(file, dynamic)) {
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts');
        if (!existsSync(target)) throw new Error(`${path.relative(root, file)}: cannot find ${specifier}`);
        queue.push(target);
      } else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) {
        packages.add(packageName(specifier));
      }
    }
  }
  return [...packages].sort();
}

describe('the packages each entry point imports', () => {
  it('reads imports as the build keeps them', () => {
    expect(packagesImportedFrom('cli/main.ts')).toContain('ts-morph');
    expect(packageName('@typescript-eslint/utils/ts-eslint')).toBe('@typescript-eslint/utils');
  });

  it('the runtime (field-dependency, field-dependency/testing) imports its dependencies only', () => {
    const imported = packagesImportedFrom('src/index.ts', 'src/testing/index.ts');
    const runtime = Object.keys(manifest.dependencies).filter((name) => !name.startsWith('@types/'));
    expect(imported).toEqual(runtime.sort());
  });

  it('the CLI imports exactly CLI_PACKAGES, each command exactly the packages its entry declares', () => {
    expect(packagesImportedFrom('cli/runCli.ts').filter((name) => !(name in manifest.dependencies))).toEqual([...CLI_PACKAGES].sort());
    for (const command of COMMANDS) {
      const imported = packagesImportedFrom(`cli/commands/${command.name}.ts`).filter((name) => !(name in manifest.dependencies));
      expect(imported, command.name).toEqual([...command.packages].sort());
    }
    // rules, report and canary run from a production image (no tooling installed)
    expect(COMMANDS.filter((command) => command.packages.length === 0).map((command) => command.name)).toEqual(['rules', 'report', 'canary']);
  });

  it('the CLI loads no package before the command is chosen and its packages are checked', () => {
    expect(packagesLoadedUpFront('cli/main.ts')).toEqual([]);
  });

  it('the ESLint plugin imports exactly ESLINT_PLUGIN_PACKAGES', () => {
    expect(packagesImportedFrom('lint-rules/index.ts').filter((name) => !(name in manifest.dependencies))).toEqual([...ESLINT_PLUGIN_PACKAGES].sort());
  });

  it('the entry points themselves load none of them before checking', () => {
    expect(packagesImportedFrom('cli/ExitCode.ts', 'tooling/missingPackages.ts', 'tooling/toolingPackages.ts')).toEqual([]);
    const entries = ['cli/main.ts', 'lint-rules/packageEntry.ts'].flatMap((entry) => valueImports(path.join(root, entry)));
    expect(entries.filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'))).toEqual([]);
  });

  it('every tooling package is an optional peer dependency and a dev dependency, never a dependency', () => {
    for (const name of new Set([...CLI_PACKAGES, ESLINT_PLUGIN_PACKAGES].flat())) {
      expect(manifest.dependencies, name).not.toHaveProperty([name]);
      expect(manifest.peerDependencies, name).toHaveProperty([name]);
      expect(manifest.peerDependenciesMeta[name]?.optional, name).toBe(true);
      expect(manifest.devDependencies, name).toHaveProperty([name]);
    }
  });

  it('field-dependency/graphql imports graphql, an optional peer, beyond the runtime', () => {
    expect(packagesImportedFrom('src/graphql/index.ts').filter((name) => !(name in manifest.dependencies))).toEqual(['graphql']);
  });

  it('the framework and flag integrations are optional peers too', () => {
    for (const name of ['graphql', 'graphql-yoga', '@envelop/core', '@apollo/server', 'mercurius', '@openfeature/server-sdk', '@openfeature/flagd-provider']) {
      expect(manifest.peerDependenciesMeta[name]?.optional, name).toBe(true);
      expect(manifest.dependencies, name).not.toHaveProperty([name]);
    }
  });
});
