import { setTimeout as sleep } from 'node:timers/promises';
import type { Registry } from 'prom-client';
import { SHOPPING_BREAKER, type BatchBoards, type PinFields } from './fields.js';
import { ownerTable } from './ownerTable.js';
import { renderPinPage } from './pinPage.js';
import { printOwnerTable, printPage, printPhase, printUpstreams } from './printing.js';
import type { UpstreamMode, UpstreamName, Upstreams } from './upstreams.js';

/** One step of the story: which upstreams misbehave, and which pin pages are requested. */
export interface Phase {
  readonly title: string;
  /** Upstreams not named here are healthy. */
  readonly faults: Partial<Record<UpstreamName, UpstreamMode>>;
  readonly pages: readonly string[];
  /** Printed under the title. */
  readonly note?: string;
  /** Waited before the phase's first page. */
  readonly waitMs?: number;
}

/** The incident, phase by phase. */
export const PHASES: readonly Phase[] = [
  { title: 'healthy', faults: {}, pages: ['p1', 'p2', 'p3'] },
  {
    title: 'shopping upstream fails every call',
    faults: { shopping: 'failing' },
    pages: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'],
    note: 'pages still render, without prices; once enough calls failed, the breaker opens and stops calling shopping',
  },
  {
    title: 'comments upstream hangs',
    faults: { comments: 'hanging' },
    pages: ['p1', 'p2', 'p3'],
    note: `shopping is healthy again: after its breaker's resetTimeout (${SHOPPING_BREAKER.resetTimeout} ms) one probe call closes it; comments give up after timeoutMs 150`,
    waitMs: SHOPPING_BREAKER.resetTimeout + 50,
  },
  {
    title: 'images upstream fails (critical)',
    faults: { images: 'failing' },
    pages: ['p1', 'p2'],
    note: 'images is critical: the failure propagates as a FieldDependencyError, and the API answers 503',
  },
  { title: 'recovery', faults: {}, pages: ['p1', 'p2', 'p3'], note: 'every upstream is healthy again' },
];

/** What the scenario needs: the loaders, the upstreams behind them, and the registry to report from. */
export interface ScenarioContext {
  readonly fields: PinFields;
  readonly batchBoards: BatchBoards;
  readonly upstreams: Upstreams;
  readonly registry: Registry;
}

/**
 * Runs every phase: sets the upstreams' faults, requests the pages one after another, waits until no
 * upstream request is in flight, then prints what the upstreams saw and the per-owner metrics of
 * that phase (the registry is reset between phases).
 */
export async function runScenario({ fields, batchBoards, upstreams, registry }: ScenarioContext): Promise<void> {
  for (const [index, phase] of PHASES.entries()) {
    for (const upstream of Object.values(upstreams)) {
      upstream.mode = phase.faults[upstream.name] ?? 'healthy';
      upstream.resetCounts();
    }
    registry.resetMetrics();
    printPhase(index + 1, phase.title, phase.note);
    if (phase.waitMs !== undefined) await sleep(phase.waitMs);

    for (const pinId of phase.pages) printPage(await renderPinPage(fields, batchBoards, pinId));

    await Promise.all(Object.values(upstreams).map((upstream) => upstream.idle()));
    printUpstreams(upstreams);
    printOwnerTable(await ownerTable(registry));
  }
}
