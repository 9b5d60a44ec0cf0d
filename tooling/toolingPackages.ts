/**
 * The packages the tooling parts of field-dependency load from the user's own dependencies. They are
 * optional peer dependencies (package.json), never `dependencies`: a production install of an app gets
 * the runtime only (prom-client, opossum, reflect-metadata). test/package/toolingPackages.test.ts checks
 * these lists against every package the CLI and the ESLint plugin really import.
 */

/** What the CLI's project commands (check, codemod, inventory, deciders) import, together; each command's own list is in cli/commandTable.ts. ts-morph brings its own TypeScript. */
export const CLI_PACKAGES: readonly string[] = ['ts-morph', 'minimatch', 'diff'];

/** What the ESLint plugin (`field-dependency/eslint-plugin`) imports; ESLint itself loads it. */
export const ESLINT_PLUGIN_PACKAGES: readonly string[] = ['@typescript-eslint/utils', 'typescript', 'minimatch'];
