import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A generated project whose one source file declares many loaders, and what a correct check must find in it. */
export interface LargeLoaderFileProject {
  readonly directory: string;
  readonly loaders: number;
  readonly lines: number;
  /** The loaders generated without a wrapper: the problems `check` must report. */
  readonly unwrappedLoaders: number;
}

/** One loader, about five lines, in one of the shapes real services write (by its index modulo 4). */
function loaderSource(index: number): string {
  switch (index % 4) {
    case 0:
      return `export const byId${index} = new DataLoader(async (ids: readonly string[]) => {
  const rows = await fetchRows('table${index % 97}', ids);
  return ids.map((id) => rows.get(id) ?? null);
});
`;
    case 1:
      return `export const byOwner${index} = new DataLoader((ids: readonly string[]) =>
  fetchRows('owners${index % 97}', ids).then((rows) => ids.map((id) => rows.get(id) ?? null)),
);
`;
    case 2:
      return `export const loaders${index} = {
  byKey: new DataLoader((ids: readonly string[]) => fetchAligned('keys${index % 97}', ids)),
};
`;
    default:
      return `export const wrapped${index} = new DataLoader(
  fieldDependency([null], { owner: 'team-${index % 13}' })((ids: readonly string[]) => fetchAligned('wrapped${index % 97}', ids)),
);
`;
  }
}

/**
 * Writes a project whose `src/loaders.ts` declares `loaders` DataLoaders (three in four unwrapped: inline
 * async, `.then(…)` without `async`, in an object literal; one in four wrapped), about five lines each, the
 * shape of a generated or long-grown loaders module. `dataloader` is linked from this repository's node_modules.
 */
export function generateLargeLoaderFile(loaders: number, repositoryRoot: string): LargeLoaderFileProject {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'field-dependency-large-file-'));
  const write = (file: string, content: string): void => {
    fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    fs.writeFileSync(path.join(directory, file), content);
  };
  write('package.json', JSON.stringify({ name: 'large-loader-file', private: true, type: 'module' }, null, 2));
  write(
    'tsconfig.json',
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] }, include: ['src'] }, null, 2),
  );
  write('node_modules/field-dependency/package.json', JSON.stringify({ name: 'field-dependency', version: '0.0.0', types: 'index.d.ts' }));
  write('node_modules/field-dependency/index.d.ts', 'export declare function fieldDependency(type: unknown, options: { readonly owner: string }): any;\n');
  fs.symlinkSync(path.join(repositoryRoot, 'node_modules/dataloader'), path.join(directory, 'node_modules/dataloader'), 'dir');
  const header = `import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';

declare function fetchRows(table: string, ids: readonly string[]): Promise<Map<string, { readonly id: string }>>;
declare function fetchAligned(table: string, ids: readonly string[]): Promise<({ readonly id: string } | null)[]>;

`;
  const parts = [header];
  let unwrappedLoaders = 0;
  for (let index = 0; index < loaders; index += 1) {
    if (index % 4 !== 3) unwrappedLoaders += 1;
    parts.push(loaderSource(index));
  }
  const text = parts.join('');
  write('src/loaders.ts', text);
  return { directory, loaders, lines: text.split('\n').length - 1, unwrappedLoaders };
}
