/** Stops a benchmark whose tool printed a wrong answer: a fast wrong run must not pass for a fast one. */
export function expectCorrectRun(condition: boolean, message: string): void {
  if (!condition) throw new Error(`benchmark run is wrong: ${message}`);
}
