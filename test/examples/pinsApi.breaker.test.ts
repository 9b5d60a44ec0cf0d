/**
 * Once a field's breaker is open, the pins API stops calling its upstream: counted on the upstream
 * itself, over real sockets. The breaker waits a minute before its half-open probe, far longer than
 * these tests, so no probe can happen while they run.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import type { UpstreamName } from '../../examples/pins-api/index.js';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';
import { httpGet } from '../../examples/load/httpGet.js';
import { startPinsApiFixture, type PinsApiFixture } from './support/pinsApiFixture.js';

noUnhandledRejections();

const BREAKER = { volumeThreshold: 5, errorThresholdPercentage: 50, rollingCountTimeout: 60_000, resetTimeout: 60_000 } as const;

let fixture: PinsApiFixture;
beforeAll(async () => {
  fixture = await startPinsApiFixture(BREAKER);
  await httpGet(`${fixture.library.url}/v3/pins/7`);
});
afterAll(() => fixture.close());
beforeEach(async () => {
  useFreshMetricsRegistry();
  await fixture.upstreams.setFaults({});
});

const BREAKER_STATE = { closed: 0, halfOpen: 1, open: 2 } as const;

describe.each([
  { field: 'shopping', upstream: 'shopping', fault: { errorRate: 1 }, failure: 'error' },
  { field: 'comments', upstream: 'comments', fault: { hang: true }, failure: 'timeout' },
] as const)('$upstream: $fault', ({ field, upstream, fault, failure }) => {
  it(`opens the ${field} breaker after ${BREAKER.volumeThreshold} failures; then ${upstream} gets no call and pages stay 200`, async () => {
    const control = fixture.upstreams.controls[upstream as UpstreamName];
    await fixture.upstreams.setFaults({ [upstream]: fault });
    for (let page = 0; page < BREAKER.volumeThreshold; page++) {
      const answer = await httpGet(`${fixture.library.url}/v3/pins/${page + 1}?fields=${field},images`);
      expect(answer.status).toBe(200);
    }
    expect(await fixture.metric('field_dependency_degradations_total', { field, reason: failure })).toBe(BREAKER.volumeThreshold);
    expect(await fixture.metric('field_dependency_breaker_state', { field })).toBe(BREAKER_STATE.open);

    const callsWhenOpened = control.stats.requests;
    for (let page = 0; page < 10; page++) {
      const answer = await httpGet(`${fixture.library.url}/v3/boards/${page + 1}/pins?fields=${field},images`);
      expect(answer.status).toBe(200);
      expect(answer.headers['x-degraded-fields']).toBe(field);
    }
    expect(control.stats.requests).toBe(callsWhenOpened);
    expect(await fixture.metric('field_dependency_degradations_total', { field, reason: 'breaker_open' })).toBe(10);
    expect(await fixture.metric('field_dependency_breaker_state', { field })).toBe(BREAKER_STATE.open);
    // The other upstreams were called as usual.
    expect(await fixture.metric('field_dependency_calls_total', { field: 'images', outcome: 'success' })).toBe(BREAKER.volumeThreshold + 10);
  });
});

it('naive mode has no breaker: every page calls the failing upstream, and fails', async () => {
  await fixture.upstreams.setFaults({ shopping: { errorRate: 1 } });
  const before = fixture.upstreams.controls.shopping.stats.requests;
  const statuses: number[] = [];
  for (let page = 0; page < BREAKER.volumeThreshold * 2; page++) statuses.push((await httpGet(`${fixture.naive.url}/v3/pins/7?fields=shopping`)).status);
  expect(statuses).toEqual(Array(BREAKER.volumeThreshold * 2).fill(500));
  expect(fixture.upstreams.controls.shopping.stats.requests - before).toBe(BREAKER.volumeThreshold * 2);
});
