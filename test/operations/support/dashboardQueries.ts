/** The values the tests give the template variables: every owner (Grafana's "All"), every field, the default objective. */
export const TEST_VARIABLE_VALUES: Readonly<Record<string, string>> = Object.freeze({
  owner: '.*',
  field: '.*',
  objective: '99.5',
  __rate_interval: '1m',
});

/** A PromQL expression found in the dashboard, and where. */
export interface DashboardExpression {
  /** A JSON path, e.g. `panels[3].targets[0].expr`, with the panel's title when there is one. */
  readonly where: string;
  readonly expr: string;
}

/** Every `expr` of the dashboard: panel targets, annotations, anything else that has one. */
export function dashboardExpressions(dashboard: unknown): DashboardExpression[] {
  const found: DashboardExpression[] = [];
  const walk = (value: unknown, where: string, title: string | undefined): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, `${where}[${index}]`, title));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    const here = typeof record.title === 'string' ? record.title : title;
    for (const [key, item] of Object.entries(record)) {
      if (key === 'expr' && typeof item === 'string') found.push({ where: `${where}.expr${here === undefined ? '' : ` (${here})`}`, expr: item });
      else walk(item, `${where}.${key}`, here);
    }
  };
  walk(dashboard, '$', undefined);
  return found;
}

/** The template variables' `label_values(selector, label)` queries. */
export function labelValuesQueries(dashboard: { templating: { list: readonly Record<string, unknown>[] } }): { name: string; selector: string; label: string }[] {
  return dashboard.templating.list.flatMap((variable) => {
    if (variable.type !== 'query') return [];
    const query = (variable.query as { query?: unknown } | undefined)?.query;
    const match = typeof query === 'string' ? /^label_values\((.*),\s*([a-zA-Z_]+)\)$/.exec(query) : null;
    if (match === null) throw new Error(`variable ${String(variable.name)}: not a label_values(selector, label) query: ${String(query)}`);
    return [{ name: String(variable.name), selector: match[1] as string, label: match[2] as string }];
  });
}

/** Grafana's variable syntaxes: `$name`, `${name}`, `${name:format}`, `[[name]]`. */
const VARIABLE = /\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g;

/** The names of the variables `text` uses. */
export function variablesUsed(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((match) => (match[1] ?? match[2] ?? match[3]) as string);
}

/**
 * Replaces each variable with its value, as Grafana does before sending a query.
 * @throws Error naming a variable that has no value.
 */
export function substituteVariables(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(VARIABLE, (whole, braced?: string, bracketed?: string, plain?: string) => {
    const name = (braced ?? bracketed ?? plain) as string;
    const value = values[name];
    if (value === undefined) throw new Error(`no value for variable ${whole} in: ${text}`);
    return value;
  });
}
