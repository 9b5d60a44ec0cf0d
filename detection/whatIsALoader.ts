/**
 * What `check`, `codemod`, `inventory` and the `require-field-dependency` rule count as a loader, in one place
 * (docs/rules/require-field-dependency.md, "Rule details"). A loader is:
 *
 * 1. the batch function handed to DataLoader: `new DataLoader(fn)` however DataLoader was imported or
 *    subclassed, and `super(fn)` in a subclass ({@link dataLoaderConstructionAt}), followed from the argument
 *    to the function that really runs, through references, `const` copies, `.bind(this)`, this package's batch
 *    adapters and forwarding arrows, in this file or another ({@link resolveBatchFunction});
 * 2. with configuration, a named function or method ({@link namedFunctionAt}) that a `loaderClasses`,
 *    `loaderNamePatterns` or `loaderFiles` entry covers ({@link configuredLoaderReason}).
 *
 * It is wrapped when `fieldDependency` from this package decorates or wraps it (detection/wrapped/). The
 * findings of the unwrapped ones are collected in detection/findings/collectCandidates.ts.
 */
export { dataLoaderConstructionAt, type DataLoaderConstruction } from './loaders/dataLoaderConstruction.js';
export { resolveBatchFunction, type BatchFunctionResolution } from './loaders/resolveBatchFunction.js';
export { namedFunctionAt, type NamedFunction } from './loaders/namedFunctions.js';
export { configuredLoaderReason } from './loaders/configuredLoaderReason.js';
