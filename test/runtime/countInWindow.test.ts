/**
 * `countInWindow` adds to opossum's current bucket when it finds opossum 9's window, and otherwise (another
 * opossum, its window kept elsewhere) goes through the status's own `increment`, latency included: the
 * counts are never lost. Its own file: the module remembers which it found for the process.
 */
import type CircuitBreaker from 'opossum';
import { describe, expect, it, vi } from 'vitest';
import { countInWindow } from '../../src/breaker/countInWindow.js';
import type { BreakerAttempt } from '../../src/breaker/createBreaker.js';

const attempt: BreakerAttempt = { attempt: () => Promise.resolve(), pending: undefined, settle: () => undefined, onFailure: () => undefined, elapsedMs: () => 12 };

describe('countInWindow without opossum 9\'s window', () => {
  it('counts fires and successes through the status\'s increment, the success with its latency', () => {
    const increment = vi.fn();
    // A status without the private window (a later opossum), and one whose symbol holds something else.
    const circuit = { status: { increment, [Symbol('window')]: 'not buckets' } } as unknown as CircuitBreaker;
    countInWindow(circuit, 'fires', attempt);
    countInWindow(circuit, 'successes', attempt);
    expect(increment.mock.calls).toEqual([['fires'], ['successes', 12]]);
  });
});
