/** A recording rule, as Prometheus rule files write it. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

/** An alerting rule, as Prometheus rule files write it. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold before the alert fires; absent: at once. */
  readonly for?: string;
  readonly labels: { readonly [name: string]: string };
  readonly annotations: { readonly [name: string]: string };
}

/** A group of rules, evaluated in order at the global `evaluation_interval`. */
export interface PrometheusRuleGroup {
  readonly name: string;
  readonly rules: readonly (RecordingRule | AlertingRule)[];
}
