import { rename, writeFile } from 'node:fs/promises';
import { FIELD_OWNERS, PIN_FIELDS, type PinField } from '../fields.js';

/** The percentage each pin field's decider serves; fields not named serve 100. */
export type DeciderPercents = Partial<Record<PinField, number>>;

/**
 * The pins API's flagd flag definitions: one decider per field, key `field-dependency.<owner>.<field>`
 * (what `field-dependency deciders` prints for it), variants `on` (100) and `off` (0), plus one for any
 * other percentage asked. What an on-call engineer edits to switch a field off across the fleet.
 */
export function deciderFlags(percents: DeciderPercents = {}): string {
  const flags = Object.fromEntries(
    PIN_FIELDS.map((field) => {
      const percent = percents[field] ?? 100;
      const variants: Record<string, number> = { on: 100, off: 0 };
      if (percent !== 0 && percent !== 100) variants[`p${percent}`] = percent;
      const defaultVariant = percent === 100 ? 'on' : percent === 0 ? 'off' : `p${percent}`;
      return [`field-dependency.${FIELD_OWNERS[field]}.${field}`, { state: 'ENABLED', variants, defaultVariant }];
    }),
  );
  return `${JSON.stringify({ $schema: 'https://flagd.dev/schema/v0/flags.json', flags }, null, 2)}\n`;
}

/**
 * Rewrites the flag file at `path` with {@link deciderFlags}: written to a temporary file then renamed,
 * as a fleet's file sync does, so a reader never sees half a file.
 */
export async function writeDeciderFlags(path: string, percents: DeciderPercents = {}): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, deciderFlags(percents));
  await rename(temporary, path);
}
