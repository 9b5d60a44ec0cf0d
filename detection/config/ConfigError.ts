const CONFIG_ERROR_BRAND = Symbol.for('field-dependency.ConfigError');

/**
 * Invalid `field-dependency` configuration: unreadable JSON, an unknown key or a value of the wrong shape.
 * The message names the file and the key (`fieldDependency.loaderFiles[1]`); the CLI exits with code 2.
 */
export class ConfigError extends Error {
  /** Stable code for programs that catch it. */
  readonly code = 'FIELD_DEPENDENCY_CONFIG';
  readonly [CONFIG_ERROR_BRAND] = true;

  constructor(
    /** The configuration file (`package.json` or `field-dependency.config.json`), absolute. */
    readonly file: string,
    /** The offending key path, e.g. `fieldDependency.loaderNamePatterns[0]`; empty for the whole file. */
    readonly key: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${key === '' ? problem : `\`${key}\` ${problem}`}`, options);
    this.name = 'ConfigError';
  }
}

/** Whether `error` is a {@link ConfigError}, across copies of this package. */
export function isConfigError(error: unknown): error is ConfigError {
  return typeof error === 'object' && error !== null && CONFIG_ERROR_BRAND in error;
}
