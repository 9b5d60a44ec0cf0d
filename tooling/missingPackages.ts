/**
 * The packages of `names` that cannot be imported from this package's installed location (as its own
 * `import` statements would resolve them), in the order given. A package that resolves but fails in
 * another way (no entry point for `import`, …) is not reported here: importing it shows its own error.
 */
export function missingPackages(names: readonly string[]): string[] {
  return names.filter((name) => {
    try {
      import.meta.resolve(name);
      return false;
    } catch (error: unknown) {
      return (error as { code?: unknown } | null)?.code === 'ERR_MODULE_NOT_FOUND';
    }
  });
}

/**
 * One line saying that `tool` cannot run without `missing`, and the command that installs them as dev
 * dependencies, e.g. `the field-dependency CLI needs ts-morph and diff, which are not installed: npm install --save-dev ts-morph diff`.
 */
export function missingPackagesMessage(tool: string, missing: readonly string[]): string {
  const names = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
  return `${tool} needs ${names}, which ${missing.length === 1 ? 'is' : 'are'} not installed: npm install --save-dev ${missing.join(' ')}`;
}
