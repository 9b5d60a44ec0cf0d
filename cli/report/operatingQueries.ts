import { LABEL_NAMES } from '../../src/contract/labelNames.js';
import { CRITICAL_ONLY, DEGRADED_OUTCOMES, FAILED_OUTCOME, METRIC_NAMES, METRIC_PREFIX, OBJECTIVE_OUTCOMES, SHED_OUTCOME } from '../../src/contract/metricNames.js';

/** A question SREs ask of the metrics, and the PromQL that answers it. */
export interface OperatingQuery {
  /** A stable key, for code that runs the query. */
  readonly id: string;
  /** The question, as the README asks it. */
  readonly question: string;
  readonly promql: string;
  /** Whether it reads series recorded by the shipped rules (`observability/field-dependency.rules.yml`). */
  readonly needsRules: boolean;
}

const DEGRADED = DEGRADED_OUTCOMES;
const { owner: OWNER, field: FIELD, reason: REASON, critical: CRITICAL, endpoint: ENDPOINT } = LABEL_NAMES;

/**
 * The PromQL for the common questions, in the order the README asks them. This list is the single
 * source: the README's "Operating it" section shows exactly these queries (a test checks it), the
 * end-to-end test runs each against a real Prometheus, and `report --prometheus` runs the first five and
 * the two brownout ones.
 * Those that read recorded series (`needsRules`) come last.
 */
export const OPERATING_QUERIES: readonly OperatingQuery[] = Object.freeze([
  {
    id: 'degradedRatioByOwner',
    question: 'Which owners are degrading now, and how much?',
    promql: [
      'sort_desc(',
      `  sum by (${OWNER}) (rate(${METRIC_NAMES.calls}{${DEGRADED}}[5m]))`,
      '  /',
      `  sum by (${OWNER}) (rate(${METRIC_NAMES.calls}{${OBJECTIVE_OUTCOMES}}[5m]))`,
      ')',
    ].join('\n'),
    needsRules: false,
  },
  {
    id: 'callRateByOwner',
    question: 'How many calls per second does each owner serve?',
    promql: `sum by (${OWNER}) (rate(${METRIC_NAMES.calls}[5m]))`,
    needsRules: false,
  },
  {
    id: 'reasonsByOwner',
    question: 'Why are they degrading?',
    promql: `sum by (${OWNER}, ${REASON}) (rate(${METRIC_NAMES.degradations}[5m])) > 0`,
    needsRules: false,
  },
  {
    id: 'openBreakers',
    question: 'Which circuit breakers are open?',
    promql: `max by (${OWNER}, ${FIELD}) (${METRIC_NAMES.breakerState}) == 2`,
    needsRules: false,
  },
  {
    id: 'criticalFailures',
    question: 'Is a critical dependency failing?',
    promql: `sum by (${OWNER}, ${FIELD}) (rate(${METRIC_NAMES.calls}{${CRITICAL_ONLY},${FAILED_OUTCOME}}[5m])) > 0`,
    needsRules: false,
  },
  {
    id: 'endpointsByField',
    question: 'Which endpoints use each field?',
    promql: `sum by (${OWNER}, ${FIELD}, ${ENDPOINT}) (rate(${METRIC_NAMES.endpointCalls}[5m]))`,
    needsRules: false,
  },
  {
    id: 'declaredFields',
    question: 'Which field dependencies are declared, and which are critical?',
    promql: `count by (${OWNER}, ${CRITICAL}) (${METRIC_NAMES.info})`,
    needsRules: false,
  },
  {
    id: 'shedByField',
    question: 'What is the brownout shedding, per field?',
    promql: `sort_desc(sum by (${OWNER}, ${FIELD}) (rate(${METRIC_NAMES.calls}{${SHED_OUTCOME}}[5m])) > 0)`,
    needsRules: false,
  },
  {
    id: 'brownoutAdmitted',
    question: 'Is the API browning out: what share of optional calls does it admit, per tier and request priority?',
    promql: `min by (${LABEL_NAMES.tier}, ${LABEL_NAMES.priority}) (${METRIC_NAMES.brownoutAdmitted})`,
    needsRules: false,
  },
  {
    id: 'degradedFields',
    question: 'Which fields are degrading?',
    promql: `sort_desc(owner_field:${METRIC_PREFIX}_degradation:ratio_rate5m > 0)`,
    needsRules: true,
  },
  {
    id: 'burnRateByOwner',
    question: 'How fast is each owner spending its error budget (objective 99.5%: budget 0.005)?',
    promql: `sort_desc(owner:${METRIC_PREFIX}_degradation:ratio_rate1h / 0.005)`,
    needsRules: true,
  },
  {
    id: 'slowestFields',
    question: 'Which fields are slowest (p99 over 5 minutes)?',
    promql: `topk(10, owner_field:${METRIC_PREFIX}_duration_seconds:p99_rate5m)`,
    needsRules: true,
  },
  {
    id: 'firingAlerts',
    question: 'Which field-dependency alerts are pending or firing, for whom?',
    promql: 'ALERTS{alertname=~"FieldDependency.*"}',
    needsRules: true,
  },
] as const);

/** The query with `id`. @throws Error for an unknown id (a programming error). */
export function operatingQuery(id: string): OperatingQuery {
  const query = OPERATING_QUERIES.find((candidate) => candidate.id === id);
  if (query === undefined) throw new Error(`no operating query '${id}'`);
  return query;
}
