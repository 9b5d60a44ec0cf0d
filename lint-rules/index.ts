import { packageVersion } from '../detection/packageVersion.js';
import { requireFieldDependency } from './rules/requireFieldDependency.js';
import { validFieldDependency } from './rules/validFieldDependency.js';

/** The prefix rules are configured under: `field-dependency/require-field-dependency`. */
const PLUGIN_PREFIX = 'field-dependency';

/** The plugin's rules, by name, with their full typescript-eslint types. */
export const rules = {
  'require-field-dependency': requireFieldDependency,
  'valid-field-dependency': validFieldDependency,
};

/**
 * A flat config of this plugin. Typed, as typescript-eslint types its shared configs, with only what both
 * ESLint's `defineConfig` and typescript-eslint's config types accept, so it fits either in `eslint.config.ts`.
 */
export interface FieldDependencyFlatConfig {
  /** The config's name, shown by ESLint's config inspector. */
  readonly name: string;
  /** The files it applies to: TypeScript files. */
  readonly files: string[];
  /** This plugin, under `field-dependency`. */
  readonly plugins: Readonly<Record<string, FieldDependencyPlugin>>;
  /** Each rule of the plugin, as an error. */
  readonly rules: Readonly<Record<string, 'error'>>;
}

/** The plugin object; its `rules` are there at run time, and typed through the named {@link rules} export. */
export interface FieldDependencyPlugin {
  /** The plugin's name and this package's version, for ESLint's cache and config inspector. */
  readonly meta: { readonly name: string; readonly version: string };
  /** The shared configs. */
  readonly configs: {
    /**
     * Both rules as errors on TypeScript files. Needs typed linting (typescript-eslint's parser with
     * `parserOptions.projectService: true`): the rules follow loaders across files with the type checker.
     * Its `name` says so: `field-dependency/recommended-type-checked`.
     */
    readonly recommended: FieldDependencyFlatConfig;
  };
}

const plugin = {
  meta: { name: 'field-dependency/eslint-plugin', version: packageVersion() },
  rules,
  configs: {} as { recommended: FieldDependencyFlatConfig },
};

plugin.configs.recommended = {
  name: 'field-dependency/recommended-type-checked',
  files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
  plugins: { [PLUGIN_PREFIX]: plugin },
  rules: {
    [`${PLUGIN_PREFIX}/require-field-dependency`]: 'error',
    [`${PLUGIN_PREFIX}/valid-field-dependency`]: 'error',
  },
};

/**
 * The ESLint plugin (flat config, ESLint 9 and 10): `import fieldDependency from 'field-dependency/eslint-plugin'`,
 * then `fieldDependency.configs.recommended` in a config with typed linting.
 */
const fieldDependencyPlugin: FieldDependencyPlugin = plugin;
export default fieldDependencyPlugin;
