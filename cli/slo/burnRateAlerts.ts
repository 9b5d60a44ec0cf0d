/** One multi-window, multi-burn-rate alert (the SRE workbook's "alerting on SLOs", 30-day period). */
export interface BurnRateAlert {
  /** The alert's name. */
  readonly alert: string;
  /** How many times faster than "exactly the budget over the period" the budget is being spent. */
  readonly burnRate: number;
  /** The window the burn must be sustained over. */
  readonly longWindow: string;
  /** The window that must still be burning, so the alert resolves soon after the burn stops. */
  readonly shortWindow: string;
  /** `page` wakes someone; `ticket` is for working hours. */
  readonly severity: 'page' | 'ticket';
  /** The share of a 30-day budget spent when the alert fires, for the alert's text. */
  readonly budgetSpent: string;
}

/** The SLO period the burn rates are computed against, and the dashboard's budget-left window. */
export const SLO_PERIOD = '30d';

/** The workbook's three pairs: 2% of the budget in 1 h, 5% in 6 h (pages), 10% in 3 d (ticket). */
export const BURN_RATE_ALERTS: readonly BurnRateAlert[] = Object.freeze([
  { alert: 'FieldDependencyErrorBudgetFastBurn', burnRate: 14.4, longWindow: '1h', shortWindow: '5m', severity: 'page', budgetSpent: '2%' },
  { alert: 'FieldDependencyErrorBudgetMediumBurn', burnRate: 6, longWindow: '6h', shortWindow: '30m', severity: 'page', budgetSpent: '5%' },
  { alert: 'FieldDependencyErrorBudgetSlowBurn', burnRate: 1, longWindow: '3d', shortWindow: '6h', severity: 'ticket', budgetSpent: '10%' },
] as const);

/** Every window the alerts read, shortest first: the windows the recording rules are recorded over. */
export const RATE_WINDOWS: readonly string[] = Object.freeze(['5m', '30m', '1h', '6h', '3d']);
