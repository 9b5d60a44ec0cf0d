import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../detection/index.js';

/**
 * Detection is linear in the loaders of a file: per-file work (how the file names `fieldDependency`, its
 * suppression comments) is done once per file, not once per loader. Before, the suggestion of every loader
 * rescanned all the file's statements, so a 10,000-loader file took minutes. Counted, not timed: the number of
 * times detection walks the file's top-level statements must not grow with the number of loaders.
 */
const DATALOADER_DECLARATION = `declare class DataLoader<K, V> {
  constructor(batch: (keys: readonly K[]) => PromiseLike<ArrayLike<V | Error>>);
  load(key: K): Promise<V>;
}
export = DataLoader;
`;

function loadersFile(loaders: number, suppressed: number): string {
  const lines = ["import DataLoader from 'dataloader';", "import { other } from './other.js';"];
  for (let index = 0; index < loaders; index += 1) {
    if (index < suppressed) lines.push(`// field-dependency-ignore: loader ${index} is a cache warm-up`);
    lines.push(`export const loader${index} = new DataLoader(async (ids: readonly string[]) => ids.map((id) => other(id, ${index})));`);
  }
  return `${lines.join('\n')}\n`;
}

/** Analyses a generated file and counts the reads of its `statements` during the analysis. */
function statementWalks(loaders: number, suppressed: number): { walks: number; findings: number; suppressed: number } {
  const files = new Map([
    ['/project/src/loaders.ts', loadersFile(loaders, suppressed)],
    ['/project/src/other.ts', 'export function other(id: string, index: number): string { return `${id}:${index}`; }\n'],
    ['/project/node_modules/dataloader/index.d.ts', DATALOADER_DECLARATION],
    ['/project/node_modules/dataloader/package.json', JSON.stringify({ name: 'dataloader', types: 'index.d.ts' })],
  ]);
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noLib: true, types: [] };
  const host = ts.createCompilerHost(options);
  host.fileExists = (file) => files.has(file);
  host.readFile = (file) => files.get(file);
  host.getSourceFile = (file, languageVersion) => {
    const text = files.get(file);
    return text === undefined ? undefined : ts.createSourceFile(file, text, languageVersion, true);
  };
  const program = ts.createProgram(['/project/src/loaders.ts'], options, host);
  const file = program.getSourceFile('/project/src/loaders.ts');
  if (file === undefined) throw new Error('the generated file is not in the program');
  const statements = file.statements;
  let walks = 0;
  Object.defineProperty(file, 'statements', {
    get() {
      walks += 1;
      return statements;
    },
  });
  const analysis = createDetector(ts, program).analyze(file);
  return { walks, findings: analysis.findings.length, suppressed: analysis.suppressed.length };
}

describe('detection on a file with many loaders', () => {
  it('finds every unwrapped loader, with a suggestion each, walking the statements as often for 400 loaders as for 4', () => {
    const few = statementWalks(4, 0);
    const many = statementWalks(400, 0);

    expect(few.findings).toBe(4);
    expect(many.findings).toBe(400);
    expect(many.walks).toBe(few.walks);
  });

  it('matches suppression comments by line, whatever their number', () => {
    const result = statementWalks(300, 150);

    expect(result.suppressed).toBe(150);
    expect(result.findings).toBe(150);
  });
});
