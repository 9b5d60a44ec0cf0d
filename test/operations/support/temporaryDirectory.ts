import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Temporary directories made by a test file, removed together by `removeAll()` (call it in `afterAll`). */
export function temporaryDirectories(prefix: string): { create(): string; removeAll(): void } {
  const made: string[] = [];
  return {
    create() {
      const directory = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
      made.push(directory);
      return directory;
    },
    removeAll() {
      for (const directory of made.splice(0)) rmSync(directory, { recursive: true, force: true });
    },
  };
}
