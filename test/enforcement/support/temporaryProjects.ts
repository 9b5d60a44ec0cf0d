import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A small project written to a temporary directory: relative path → file content. */
export type ProjectFiles = Readonly<Record<string, string>>;

/** A tsconfig every temporary project can start from. */
export const BASIC_TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [] },
  include: ['src'],
});

/** Creates temporary projects and removes them all on {@link TemporaryProjects.removeAll}. */
export interface TemporaryProjects {
  create(files: ProjectFiles): string;
  removeAll(): void;
}

/** A factory of temporary projects, outside the repository (no package resolves there). */
export function temporaryProjects(): TemporaryProjects {
  const created: string[] = [];
  return {
    create(files) {
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'field-dependency-project-'));
      created.push(directory);
      for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
        fs.writeFileSync(path.join(directory, file), content);
      }
      return directory;
    },
    removeAll() {
      for (const directory of created.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
