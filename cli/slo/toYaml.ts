/** A value {@link toYaml} can write: the JSON data model. */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

/** Starts like a plain scalar that is read as a string: not an indicator, a digit, a sign or a dot. */
const PLAIN_START = /^[A-Za-z_/(]/;
/** Reads as a boolean or null in YAML 1.1 or 1.2. */
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;

/**
 * Writes `value` as block-style YAML. Strings stay plain when they cannot be read as anything else;
 * multi-line strings become `|-` literal blocks (the readable form for PromQL); every other string is
 * written as a JSON string, which YAML reads as a double-quoted scalar with the same value.
 */
export function toYaml(value: YamlValue): string {
  return `${lines(value, 0).join('\n')}\n`;
}

function lines(value: YamlValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return (value as readonly YamlValue[]).flatMap((item) => {
      if (isCollection(item) && !isEmpty(item)) {
        const [first = '', ...rest] = lines(item, indent + 2);
        return [`${pad}- ${first.slice(indent + 2)}`, ...rest];
      }
      return [`${pad}- ${inline(item, indent + 2)}`];
    });
  }
  if (isCollection(value)) {
    const entries = Object.entries(value as { readonly [key: string]: YamlValue });
    if (entries.length === 0) return [`${pad}{}`];
    return entries.flatMap(([key, item]) => {
      if (isCollection(item) && !isEmpty(item)) {
        return [`${pad}${scalar(key)}:`, ...lines(item, indent + 2)];
      }
      return [`${pad}${scalar(key)}: ${inline(item, indent + 2)}`];
    });
  }
  return [`${pad}${inline(value, indent)}`];
}

function inline(value: YamlValue, indent: number): string {
  if (isCollection(value)) return Array.isArray(value) ? '[]' : '{}';
  if (typeof value === 'string' && isLiteralBlock(value)) {
    const pad = ' '.repeat(indent);
    return `|-\n${value
      .split('\n')
      .map((line) => (line === '' ? '' : pad + line))
      .join('\n')}`;
  }
  return scalar(value as string | number | boolean | null);
}

function scalar(value: string | number | boolean | null): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  const plain =
    PLAIN_START.test(value) &&
    !RESERVED.test(value) &&
    ![...value].some((character) => character < ' ' || character === '\u007f') &&
    !value.endsWith(' ') &&
    !value.endsWith(':') &&
    !value.includes(' #') &&
    !value.includes(': ');
  return plain ? value : JSON.stringify(value);
}

/** A multi-line string whose lines a literal block keeps exactly: no leading space on the first line, no tabs or trailing blanks. */
function isLiteralBlock(value: string): boolean {
  return value.includes('\n') && !/^\s/.test(value) && !value.endsWith('\n') && !/[\t\r]|[ ]\n|[ ]$/.test(value);
}

function isCollection(value: YamlValue): value is readonly YamlValue[] | { readonly [key: string]: YamlValue } {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: readonly YamlValue[] | { readonly [key: string]: YamlValue }): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}
