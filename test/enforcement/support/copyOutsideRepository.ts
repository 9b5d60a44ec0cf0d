import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Copies a fixture project to a fresh temporary directory outside the repository, where no
 * `node_modules` is reachable: `dataloader`, `field-dependency` and every other package are unresolved.
 */
export function copyOutsideRepository(fixture: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), `field-dependency-${path.basename(fixture)}-`));
  fs.cpSync(fixture, target, { recursive: true });
  return target;
}
