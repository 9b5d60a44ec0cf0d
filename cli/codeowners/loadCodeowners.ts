import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../UsageError.js';
import type { Codeowners } from './Codeowners.js';
import { parseCodeowners } from './parseCodeowners.js';

/** The directories GitHub reads a CODEOWNERS file from besides the root; their parent is the repository root. */
const NESTED_LOCATIONS = new Set(['.github', 'docs']);

/**
 * Reads a CODEOWNERS file. Its patterns are relative to the repository root, taken to be the file's
 * directory, or that directory's parent when it is `.github/` or `docs/` (GitHub's three locations).
 *
 * @throws UsageError when the file cannot be read.
 */
export function loadCodeowners(file: string, cwd: string): Codeowners {
  const absolute = path.resolve(cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --owners ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const directory = path.dirname(absolute);
  const root = NESTED_LOCATIONS.has(path.basename(directory)) ? path.dirname(directory) : directory;
  return { file: absolute, root, ...parseCodeowners(text) };
}
