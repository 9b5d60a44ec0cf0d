import { afterEach, beforeEach } from 'vitest';
import { inspect } from 'node:util';

// Captured at import time, before any test installs fake timers, so flushing always uses real macrotasks.
const realSetImmediate = globalThis.setImmediate;
const realSetTimeout = globalThis.setTimeout;

/** One `unhandledRejection` seen while a test ran. */
export interface UnhandledRejection {
  readonly reason: unknown;
  readonly promise: Promise<unknown>;
}

/**
 * Lets pending work settle: a few real macrotask turns (Node reports unhandled rejections after each
 * turn's microtasks) and one real timer tick. Works whether or not fake timers are installed.
 */
export async function flushMacrotasks(turns = 3): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await new Promise<void>((resolve) => realSetImmediate(resolve));
  await new Promise<void>((resolve) => realSetTimeout(resolve, 0));
  await new Promise<void>((resolve) => realSetImmediate(resolve));
}

/** Starts collecting `unhandledRejection` events; `stop()` flushes pending work, detaches and returns what was seen. */
export function collectUnhandledRejections(): { readonly seen: readonly UnhandledRejection[]; stop(): Promise<UnhandledRejection[]> } {
  const seen: UnhandledRejection[] = [];
  const listener = (reason: unknown, promise: Promise<unknown>): void => {
    seen.push({ reason, promise });
  };
  process.on('unhandledRejection', listener);
  return {
    seen,
    async stop() {
      try {
        await flushMacrotasks();
      } finally {
        process.off('unhandledRejection', listener);
      }
      return [...seen];
    },
  };
}

/** The error thrown when a test left unhandled rejections behind. */
export function unhandledRejectionsError(rejections: readonly UnhandledRejection[]): Error {
  const listed = rejections.map(({ reason }, index) => `  ${index + 1}. ${inspect(reason, { depth: 2, breakLength: Infinity })}`);
  return new Error(`${rejections.length} unhandled rejection(s) during this test:\n${listed.join('\n')}`, {
    cause: rejections.length === 1 ? rejections[0]?.reason : rejections.map(({ reason }) => reason),
  });
}

/**
 * Fails each test of the current file or `describe` block in which a promise rejection went unhandled.
 * Call it once at the top level of the file or block; it registers `beforeEach`/`afterEach` hooks.
 * After each test it lets pending macrotasks and microtasks run (with real timers, even under
 * `vi.useFakeTimers()`) before checking, so a rejection that surfaces just after the test is caught too.
 *
 * @example
 * noUnhandledRejections();
 * it('degrades without leaking a rejection', async () => { … });
 */
export function noUnhandledRejections(): void {
  let collector: ReturnType<typeof collectUnhandledRejections> | undefined;
  beforeEach(() => {
    collector = collectUnhandledRejections();
  });
  afterEach(async () => {
    const current = collector;
    collector = undefined;
    if (current === undefined) return;
    const rejections = await current.stop();
    if (rejections.length > 0) throw unhandledRejectionsError(rejections);
  });
}

/**
 * Runs `fn` and rejects if any promise rejection went unhandled while it ran or just after it
 * (pending macrotasks are flushed first). For one-off checks inside a test.
 */
export async function expectNoUnhandledRejections<T>(fn: () => T | Promise<T>): Promise<T> {
  const collector = collectUnhandledRejections();
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await fn() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const rejections = await collector.stop();
  if (rejections.length > 0) throw unhandledRejectionsError(rejections);
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
