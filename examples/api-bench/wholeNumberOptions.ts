/**
 * The command-line options `names` (from `parseArgs`'s `values`) as whole numbers of at least 1. Prints
 * which one is not, and exits with code 2, on the first that is not.
 */
export function wholeNumberOptions<Name extends string>(values: Readonly<Record<string, unknown>>, names: readonly Name[]): Record<Name, number> {
  const numbers = {} as Record<Name, number>;
  for (const name of names) {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 1) {
      console.error(`--${name} must be a whole number of at least 1; received ${JSON.stringify(values[name])}`);
      process.exit(2);
    }
    numbers[name] = value;
  }
  return numbers;
}
