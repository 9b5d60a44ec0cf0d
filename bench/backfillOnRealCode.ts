/**
 * `check` recall per logical loader, and findings outside any loader, on public codebases that build their
 * loaders through factories, subclasses and helpers (BENCHMARKS.md, "Backfill on real code").
 *
 *   node --import tsx bench/backfillOnRealCode.ts --corpus parabol --root <checkout> [--from-json <check.json>]
 *
 * `<checkout>` is the repository at the commit named in BENCHMARKS.md, extracted anywhere (no dependencies
 * need to be installed: detection decides DataLoader by the import's module specifier). Without
 * `--from-json` it runs `check` on the corpus's tsconfig; with it, it scores a saved `check --format json`
 * report instead (to score another version of the tool the same way). Only `require-field-dependency`
 * findings count.
 *
 * How the logical loaders are counted, per corpus (by hand, then written down here as a rule the script
 * applies, so the count can be repeated):
 * - parabol: the loader makers `packages/server/dataloader/RootDataLoader.ts` registers, i.e. every export of
 *   the modules it spreads into `loaderMakers` (`import * as x from './module'`), minus the exports that are
 *   not loaders (string constants and a key serialiser, listed below). One logical loader per export, however
 *   it builds its DataLoader (a factory call, a subclass, inline). 168 at the commit in BENCHMARKS.md; no other
 *   file of the server constructs a DataLoader (tests aside).
 * - metaphysics: every property of the object literals returned by the default export of each module under
 *   `src/lib/loaders/loaders_with_authentication/` and `loaders_without_authentication/` (index files aside):
 *   the loaders resolvers reach as `context.<name>`.
 *
 * A loader is found when at least one finding lies inside its export statement (parabol) or property
 * (metaphysics). A finding in a non-test file outside every logical loader is listed: a false positive
 * unless it is a DataLoader the count above leaves out (each is shown for a person to judge).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Node, SourceFile } from 'typescript';
import type { CheckResult } from '../cli/check/CheckResult.js';
import { checkProject } from '../cli/check/checkProject.js';
import { loadProject } from '../cli/check/loadProject.js';
import type { TypeScriptApi } from '../detection/index.js';

/** One logical loader: where its source lies. */
interface LogicalLoader {
  readonly name: string;
  readonly file: string;
  readonly startLine: number;
  readonly endLine: number;
}

interface Corpus {
  /** The tsconfig `check` runs on, relative to the checkout. */
  readonly tsconfig: string;
  readonly loaders: (ts: TypeScriptApi, root: string) => readonly LogicalLoader[];
}

/** Parabol exports that are not loaders: constants and a helper in the loader modules. */
const PARABOL_NON_LOADERS = new Set(['NOT_ENOUGH_DATA_FOR_INSIGHTS', 'AI_DISABLED', 'AI_FAILED', 'summaryInsightsPrompt', 'serializeUserTasksKey']);

const CORPORA: Readonly<Record<string, Corpus>> = {
  parabol: {
    tsconfig: 'packages/server/tsconfig.json',
    loaders(ts, root) {
      const directory = path.join(root, 'packages/server/dataloader');
      const registry = parse(ts, path.join(directory, 'RootDataLoader.ts'));
      const modules = registry.statements.flatMap((statement) => {
        if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) return [];
        const bindings = statement.importClause?.namedBindings;
        return bindings !== undefined && ts.isNamespaceImport(bindings) ? [statement.moduleSpecifier.text] : [];
      });
      return modules.flatMap((module) => {
        const file = parse(ts, path.join(directory, `${module}.ts`));
        return file.statements.flatMap((statement) => {
          const exported = (ts.getModifiers(statement as never) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
          if (!exported) return [];
          const names = ts.isVariableStatement(statement)
            ? statement.declarationList.declarations.map((declaration) => declaration.name.getText(file))
            : ts.isFunctionDeclaration(statement) && statement.name !== undefined
              ? [statement.name.text]
              : [];
          return names.filter((name) => !PARABOL_NON_LOADERS.has(name)).map((name) => located(root, file, statement, name));
        });
      });
    },
  },
  metaphysics: {
    tsconfig: 'tsconfig.json',
    loaders(ts, root) {
      return ['loaders_with_authentication', 'loaders_without_authentication'].flatMap((folder) => {
        const directory = path.join(root, 'src/lib/loaders', folder);
        return fs
          .readdirSync(directory)
          .filter((name) => /\.ts$/.test(name) && !/^index\./.test(name))
          .flatMap((name) => {
            const file = parse(ts, path.join(directory, name));
            const loaders: LogicalLoader[] = [];
            const visit = (node: Node): void => {
              if (ts.isReturnStatement(node) && node.expression !== undefined && ts.isObjectLiteralExpression(node.expression)) {
                for (const property of node.expression.properties) {
                  if (ts.isSpreadAssignment(property) || property.name === undefined) continue;
                  loaders.push(located(root, file, property, property.name.getText(file)));
                }
              }
              ts.forEachChild(node, visit);
            };
            const exported = file.statements.find((statement) => ts.isExportAssignment(statement));
            if (exported !== undefined) visit(exported);
            return loaders;
          });
      });
    },
  },
};

function parse(ts: TypeScriptApi, fileName: string): SourceFile {
  return ts.createSourceFile(fileName, fs.readFileSync(fileName, 'utf8'), ts.ScriptTarget.Latest, true);
}

function located(root: string, file: SourceFile, node: Node, name: string): LogicalLoader {
  const line = (offset: number): number => file.getLineAndCharacterOfPosition(offset).line + 1;
  return { name, file: path.relative(root, file.fileName).split(path.sep).join('/'), startLine: line(node.getStart(file)), endLine: line(node.end) };
}

const { values } = parseArgs({ options: { corpus: { type: 'string' }, root: { type: 'string' }, 'from-json': { type: 'string' } } });
const corpus = CORPORA[values.corpus ?? ''];
if (corpus === undefined || values.root === undefined) {
  throw new TypeError(`usage: --corpus ${Object.keys(CORPORA).join('|')} --root <checkout> [--from-json <check.json>]; received ${JSON.stringify(values)}`);
}
const root = path.resolve(values.root);
const project = loadProject(corpus.tsconfig, root);
const started = process.hrtime.bigint();
const report: CheckResult =
  values['from-json'] === undefined ? checkProject(project, root) : (JSON.parse(fs.readFileSync(values['from-json'], 'utf8')) as CheckResult);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const findings = report.findings.filter((finding) => finding.rule === 'require-field-dependency');
const loaders = corpus.loaders(project.ts, root);
const inside = (loader: LogicalLoader, finding: { file: string; line: number }): boolean =>
  finding.file === loader.file && finding.line >= loader.startLine && finding.line <= loader.endLine;
const missed = loaders.filter((loader) => !findings.some((finding) => inside(loader, finding)));
const isTest = (file: string): boolean => /(^|\/)__tests__\/|\.test\.[cm]?[jt]sx?$/.test(file);
const outside = findings.filter((finding) => !loaders.some((loader) => inside(loader, finding)));
const found = loaders.length - missed.length;

console.log(`corpus ${values.corpus} at ${root}${values['from-json'] === undefined ? ` (check ran in ${seconds.toFixed(1)} s)` : ` (scored ${values['from-json']})`}`);
console.log(`logical loaders: ${loaders.length}; found: ${found}; recall ${((100 * found) / Math.max(1, loaders.length)).toFixed(1)}%`);
console.log(`require-field-dependency findings: ${findings.length}; hidden behind unfollowed factories: ${report.hiddenByFactories ?? 'n/a'}`);
console.log(`findings outside every logical loader: ${outside.filter((finding) => !isTest(finding.file)).length} in source, ${outside.filter((finding) => isTest(finding.file)).length} in tests`);
for (const finding of outside) console.log(`  ${isTest(finding.file) ? 'test  ' : 'source'} ${finding.file}:${finding.line}:${finding.column}  ${finding.message.slice(0, 160)}`);
if (missed.length > 0) {
  console.log(`missed (${missed.length}):`);
  for (const loader of missed.slice(0, 40)) console.log(`  ${loader.file}:${loader.startLine}  ${loader.name}`);
  if (missed.length > 40) console.log(`  … and ${missed.length - 40} more`);
}
