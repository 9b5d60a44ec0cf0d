import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** This package's version, read from its package.json (found above this file in the sources and in `dist/`). */
export function packageVersion(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(directory, 'package.json');
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'field-dependency' && typeof manifest.version === 'string') return manifest.version;
    }
    const parent = path.dirname(directory);
    if (parent === directory) return '0.0.0';
    directory = parent;
  }
}
