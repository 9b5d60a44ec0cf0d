/**
 * The longest `name` and `owner` a dependency may declare, in characters (UTF-16 code units, as
 * `string.length` counts). Names become metric labels, flag keys and `x-degraded-fields` entries: a
 * longer one is a mistake (a generated or pasted value), and would crowd the header out.
 */
export const MAX_NAME_LENGTH = 200;
