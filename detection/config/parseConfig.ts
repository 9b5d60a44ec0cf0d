import { Minimatch } from 'minimatch';
import { ConfigError } from './ConfigError.js';
import { CONFIG_KEYS } from './FieldDependencyConfig.js';
import type { FileGlob, LoaderCriteria, NamePattern } from './LoaderCriteria.js';
import { repeatedAmbiguity } from './repeatedAmbiguity.js';

/**
 * Validates a raw configuration value (parsed JSON) and compiles it into {@link LoaderCriteria}.
 *
 * @param raw the `fieldDependency` value of package.json, or the content of field-dependency.config.json
 * @param file the file it was read from, for error messages
 * @param keyPrefix `fieldDependency` for package.json, empty for the stand-alone file
 * @param baseDirectory the directory `loaderFiles` globs are relative to
 * @throws ConfigError naming the key and what was wrong with it; a `loaderNamePatterns` entry that could
 * backtrack exponentially (`^(a+)+b$`, see {@link repeatedAmbiguity}) is rejected rather than left to hang detection
 */
export function parseConfig(raw: unknown, file: string, keyPrefix: string, baseDirectory: string): LoaderCriteria {
  const keyOf = (key: string): string => (keyPrefix === '' ? key : `${keyPrefix}.${key}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(file, keyPrefix, `must be an object with any of ${CONFIG_KEYS.join(', ')}; received ${describe(raw)}`);
  }
  const given = raw as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(file, keyOf(key), `is not a known option; expected one of ${CONFIG_KEYS.join(', ')}`);
    }
  }
  const strings = (key: string): readonly string[] => {
    const value = given[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw new ConfigError(file, keyOf(key), `must be an array of strings; received ${describe(value)}`);
    return value.map((entry: unknown, index) => {
      if (typeof entry !== 'string' || entry.trim() === '') {
        throw new ConfigError(file, `${keyOf(key)}[${index}]`, `must be a non-empty string; received ${describe(entry)}`);
      }
      return entry;
    });
  };

  const namePatterns = strings('loaderNamePatterns').map((source, index): NamePattern => {
    let regex: RegExp;
    try {
      regex = new RegExp(source, 'u');
    } catch (error) {
      throw new ConfigError(
        file,
        `${keyOf('loaderNamePatterns')}[${index}]`,
        `must be a valid regular expression; received ${JSON.stringify(source)} (${error instanceof Error ? error.message : String(error)})`,
        { cause: error },
      );
    }
    const ambiguity = repeatedAmbiguity(source);
    if (ambiguity !== undefined) {
      throw new ConfigError(
        file,
        `${keyOf('loaderNamePatterns')}[${index}]`,
        `can take exponential time to match: in ${JSON.stringify(source)}, the repeated group \`${ambiguity}\` holds a repetition or an alternation; rewrite it without nesting them (\`^a+b$\` rather than \`^(a+)+b$\`)`,
      );
    }
    return { source, regex };
  });
  const files = strings('loaderFiles').map((glob): FileGlob => ({ glob, matcher: new Minimatch(glob, { dot: true }) }));
  const classes = strings('loaderClasses');
  classes.forEach((name, index) => {
    if (!/^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u.test(name)) {
      throw new ConfigError(file, `${keyOf('loaderClasses')}[${index}]`, `must be a class name; received ${JSON.stringify(name)}`);
    }
  });
  return { source: file, baseDirectory, namePatterns, files, classes: new Set(classes) };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
