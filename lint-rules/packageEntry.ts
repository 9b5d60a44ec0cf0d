import { createRequire } from 'node:module';
import { missingPackages, missingPackagesMessage } from '../tooling/missingPackages.js';
import { ESLINT_PLUGIN_PACKAGES } from '../tooling/toolingPackages.js';

/**
 * `field-dependency/eslint-plugin`, as the package exports it: the plugin of ./index.ts, loaded only once
 * its peers (typescript-eslint's utils, TypeScript, …) are known to be installed, so that a missing one
 * fails with one line naming what to install instead of a module-resolution stack. The plugin is loaded
 * with `require()` (Node >= 20.19 loads ES modules that way), not a top-level `await import()`, so that
 * this module stays loadable with `require()` from a CommonJS ESLint config.
 */
const missing = missingPackages(ESLINT_PLUGIN_PACKAGES);
if (missing.length > 0) throw new Error(missingPackagesMessage('field-dependency/eslint-plugin', missing));

const loaded = createRequire(import.meta.url)('./index.js') as typeof import('./index.js');

/** The plugin's rules, by name (see ./index.ts). */
export const rules: typeof import('./index.js').rules = loaded.rules;
export type { FieldDependencyFlatConfig, FieldDependencyPlugin } from './index.js';

/** The ESLint plugin (flat config, ESLint 9 and 10); see ./index.ts. */
const fieldDependencyPlugin: import('./index.js').FieldDependencyPlugin = loaded.default;
export default fieldDependencyPlugin;
