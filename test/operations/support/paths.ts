import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The shipped operations files: rules, SLO specs, dashboard, README. */
export const OBSERVABILITY = path.join(REPO_ROOT, 'observability');

/** The shipped Prometheus rule file. */
export const SHIPPED_RULES = path.join(OBSERVABILITY, 'field-dependency.rules.yml');

/** The shipped Grafana dashboard. */
export const DASHBOARD = path.join(OBSERVABILITY, 'grafana-dashboard.json');

/** The promtool unit tests of the shipped rules. */
export const PROMTOOL_TESTS = path.join(REPO_ROOT, 'test/operations/promtool');
