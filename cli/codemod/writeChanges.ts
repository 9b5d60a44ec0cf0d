import fs from 'node:fs';
import type { FileChange } from './CodemodPlan.js';

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Writes each changed file, keeping a byte order mark it had. A file whose content on disk is no longer the
 * text the codemod planned from (edited meanwhile) is left alone and returned.
 */
export function writeChanges(changes: readonly FileChange[]): { readonly written: readonly string[]; readonly stale: readonly string[] } {
  const written: string[] = [];
  const stale: string[] = [];
  for (const change of changes) {
    const onDisk = fs.readFileSync(change.fileName, 'utf8');
    const bom = onDisk.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK : '';
    if (onDisk.slice(bom.length) !== change.before) {
      stale.push(change.fileName);
      continue;
    }
    fs.writeFileSync(change.fileName, `${bom}${change.after}`);
    written.push(change.fileName);
  }
  return { written, stale };
}
