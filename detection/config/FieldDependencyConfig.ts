/**
 * Configured loader detection: the `fieldDependency` key of `package.json`, or the whole content of
 * `field-dependency.config.json`. With no configuration, only DataLoader batch functions are loaders.
 */
export interface FieldDependencyConfig {
  /**
   * Regular expressions (source text, compiled with the `u` flag): a function or method whose name
   * matches one of them is a loader, wherever it is defined.
   * @default []
   */
  readonly loaderNamePatterns?: readonly string[];
  /**
   * Globs, relative to the directory of the configuration: in a matching file, every exported function
   * and every method of an exported class or object is a loader.
   * @default []
   */
  readonly loaderFiles?: readonly string[];
  /**
   * Class names: every method of a class with one of these names (except constructors, accessors and
   * private members) is a loader.
   * @default []
   */
  readonly loaderClasses?: readonly string[];
}

/** The option names a configuration may contain; anything else is a configuration error. */
export const CONFIG_KEYS = ['loaderNamePatterns', 'loaderFiles', 'loaderClasses'] as const satisfies readonly (keyof FieldDependencyConfig)[];

/** The `package.json` key that holds the configuration. */
export const PACKAGE_JSON_KEY = 'fieldDependency';

/** The name of the stand-alone configuration file. */
export const CONFIG_FILE_NAME = 'field-dependency.config.json';
