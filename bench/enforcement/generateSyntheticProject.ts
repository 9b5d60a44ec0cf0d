import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A generated project and what a correct check must find in it. */
export interface SyntheticProject {
  readonly directory: string;
  readonly files: number;
  /** Loaders generated without a wrapper: the number of problems `check` and ESLint must report. */
  readonly unwrappedLoaders: number;
  readonly wrappedLoaders: number;
}

/** What one generated module contains, by its index modulo 20. */
type ModuleKind = 'wrapped' | 'unwrapped-inline' | 'unwrapped-method' | 'decorated-method' | 'ordinary';

function kindOf(index: number): ModuleKind {
  const slot = index % 20;
  if (slot < 4) return 'wrapped';
  if (slot < 6) return 'unwrapped-inline';
  if (slot === 6) return 'unwrapped-method';
  if (slot === 7) return 'decorated-method';
  return 'ordinary';
}

/** The `field-dependency` package as the project sees it: just its declaration, like an installed package. */
const FIELD_DEPENDENCY_DECLARATION = `export declare function fieldDependency(type: unknown, options: { readonly owner: string }): any;\n`;

function moduleSource(index: number): string {
  const previous = index === 0 ? '' : `import { score${index - 1} } from './module${index - 1}.js';\n`;
  const base = index === 0 ? '0' : `score${index - 1}(values.slice(1))`;
  const common = `import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';
${previous}
export interface Entity${index} {
  readonly id: string;
  readonly score: number;
  readonly tags: readonly string[];
}

export type Partial${index} = { readonly [K in keyof Entity${index}]?: Entity${index}[K] };

export function score${index}(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return values.reduce((sum, value) => sum + value * ${(index % 7) + 1}, 0) + ${base};
}

function toEntity${index}(id: string): Entity${index} {
  return { id, score: score${index}([id.length]), tags: [id] };
}
`;
  switch (kindOf(index)) {
    case 'wrapped':
      return `${common}
export const batch${index} = fieldDependency([null], { owner: 'team-${index % 13}' })(async (ids: readonly string[]) => ids.map(toEntity${index}));
export const loader${index} = new DataLoader(batch${index});
`;
    case 'unwrapped-inline':
      return `${common}
export const loader${index} = new DataLoader(async (ids: readonly string[]) => ids.map(toEntity${index}));
`;
    case 'unwrapped-method':
      return `${common}
export class Loaders${index} {
  readonly entities = new DataLoader((ids: readonly string[]) => this.batchEntities(ids));

  async batchEntities(ids: readonly string[]) {
    return ids.map(toEntity${index});
  }
}
`;
    case 'decorated-method':
      return `${common}
export class Loaders${index} {
  readonly entities = new DataLoader((ids: readonly string[]) => this.batchEntities(ids));

  @fieldDependency([null], { owner: 'team-${index % 13}' })
  async batchEntities(ids: readonly string[]) {
    return ids.map(toEntity${index});
  }
}
`;
    case 'ordinary':
      return `${common}
export class Service${index} {
  readonly #cache = new Map<string, Entity${index}>();

  get(id: string): Entity${index} {
    let entity = this.#cache.get(id);
    if (entity === undefined) {
      entity = toEntity${index}(id);
      this.#cache.set(id, entity);
    }
    return entity;
  }

  merge(entity: Entity${index}, patch: Partial${index}): Entity${index} {
    return { ...entity, ...patch };
  }

  ranked(ids: readonly string[]): readonly Entity${index}[] {
    return ids.map((id) => this.get(id)).sort((a, b) => b.score - a.score);
  }
}
`;
  }
}

/**
 * Writes a project of `files` modules to a temporary directory: 20% wrapped loaders, 15% unwrapped ones
 * (inline, or a method behind `ids => this.batch(ids)`), 5% decorated methods, the rest ordinary code; each
 * module imports the previous one. `dataloader` is linked from this repository's node_modules and
 * `field-dependency` is a declaration file, so the project type-checks without installing anything.
 */
export function generateSyntheticProject(files: number, repositoryRoot: string): SyntheticProject {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'field-dependency-bench-'));
  const write = (file: string, content: string): void => {
    fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    fs.writeFileSync(path.join(directory, file), content);
  };
  write('package.json', JSON.stringify({ name: 'synthetic-project', private: true, type: 'module' }, null, 2));
  write(
    'tsconfig.json',
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        include: ['src'],
      },
      null,
      2,
    ),
  );
  write('node_modules/field-dependency/package.json', JSON.stringify({ name: 'field-dependency', version: '0.0.0', types: 'index.d.ts' }));
  write('node_modules/field-dependency/index.d.ts', FIELD_DEPENDENCY_DECLARATION);
  fs.symlinkSync(path.join(repositoryRoot, 'node_modules/dataloader'), path.join(directory, 'node_modules/dataloader'), 'dir');

  let unwrappedLoaders = 0;
  let wrappedLoaders = 0;
  for (let index = 0; index < files; index += 1) {
    const kind = kindOf(index);
    if (kind === 'unwrapped-inline' || kind === 'unwrapped-method') unwrappedLoaders += 1;
    if (kind === 'wrapped' || kind === 'decorated-method') wrappedLoaders += 1;
    write(`src/module${index}.ts`, moduleSource(index));
  }
  return { directory, files, unwrappedLoaders, wrappedLoaders };
}
