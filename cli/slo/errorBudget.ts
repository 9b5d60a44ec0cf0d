/** The error budget of `objective` (percent) as a ratio, without binary noise: 99.5 → 0.005. */
export function errorBudgetRatio(objective: number): number {
  return Number(((100 - objective) / 100).toPrecision(12));
}

/** The error budget of `objective` (percent) as a percentage text: 99.5 → `0.5%`. */
export function errorBudgetPercent(objective: number): string {
  return `${Number((100 - objective).toPrecision(12))}%`;
}
