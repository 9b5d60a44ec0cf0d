import { describe, expect, it } from 'vitest';
import { liveLine, liveTable } from '../../examples/demo/liveView.js';
import { ownerCounters } from '../../examples/demo/MetricsSampler.js';
import { timelinePoint } from '../../examples/demo/timeline.js';
import { parsePrometheusText } from '../../examples/load/prometheusText.js';
import { INCIDENT_PHASES } from '../../examples/pins-api/incidentPhases.js';

/** A scrape of the library API with shopping switched off by its decider. */
const scrape = (shoppingCalls: number) => `
field_dependency_calls_total{field="shopping",owner="shopping",critical="false",outcome="success"} 0
field_dependency_calls_total{field="shopping",owner="shopping",critical="false",outcome="degraded"} ${shoppingCalls}
field_dependency_decider_percent{field="shopping",owner="shopping"} 0
field_dependency_decider_percent{field="comments",owner="comments"} 100
`;

describe('the demo live view shows deciders below 100', () => {
  it('reads the lowest decider per owner from the scrape, and shows "decider 0% (disabled)" next to the breaker', () => {
    const start = { at: 0, owners: ownerCounters(parsePrometheusText(scrape(0))) };
    const end = { at: 1000, owners: ownerCounters(parsePrometheusText(scrape(40))) };
    expect(end.owners.shopping.decider).toBe(0);
    expect(end.owners.comments.decider).toBe(100);
    expect(end.owners.boards.decider).toBeUndefined();
    const phase = INCIDENT_PHASES.find((candidate) => candidate.id === 'shopping-switched-off')!;
    expect(phase.deciders).toEqual({ shopping: 0 });
    const point = timelinePoint({ from: 0, to: 1000, phase: 4 }, [], { start, end }, { sloMs: 100, criticalFields: ['images'] });

    expect(liveLine(point, phase)).toContain('shopping 40/s 100.0% -, decider 0% (disabled) · comments 0/s - - · boards');
    expect(liveTable(point, phase, INCIDENT_PHASES.length).find((line) => line.trimStart().startsWith('shopping'))).toMatch(/100\.0% {3}-, decider 0% \(disabled\)$/);
  });
});
