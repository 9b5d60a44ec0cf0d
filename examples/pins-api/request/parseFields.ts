import { MAX_FIELDS, PIN_FIELDS, type PinField } from '../fields.js';
import { BadRequestError } from './BadRequestError.js';

const VALID = `valid fields: ${PIN_FIELDS.join(', ')}`;

/**
 * The fields asked for by the `fields` query parameter: comma-separated names, each once or repeated
 * (at most {@link MAX_FIELDS} names), every field when the parameter is absent. Names are compared as
 * strings against {@link PIN_FIELDS}, never looked up on an object, so `__proto__` or `constructor` is
 * just an unknown field.
 * @throws BadRequestError naming the problem (and, for an unknown field, the valid ones).
 */
export function parseFields(raw: unknown): PinField[] {
  if (raw === undefined) return [...PIN_FIELDS];
  if (typeof raw !== 'string') throw new BadRequestError('`fields` must be given once, as comma-separated names');
  const names = raw.split(',');
  if (names.length > MAX_FIELDS) throw new BadRequestError(`too many fields: ${names.length} given, at most ${MAX_FIELDS}`);
  const fields = new Set<PinField>();
  for (const name of names) {
    const trimmed = name.trim();
    if (trimmed === '') throw new BadRequestError(`\`fields\` has an empty name; ${VALID}`);
    if (!isPinField(trimmed)) throw new BadRequestError(`unknown field ${quote(trimmed)}; ${VALID}`);
    fields.add(trimmed);
  }
  return [...fields];
}

function isPinField(name: string): name is PinField {
  return (PIN_FIELDS as readonly string[]).includes(name);
}

/** The name as JSON, cut to 40 characters: echoed to the client, so kept short. */
function quote(name: string): string {
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
}
