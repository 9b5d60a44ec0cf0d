import type { Dependency } from '../core/Dependency.js';
import type { DeciderClient } from './DeciderClient.js';
import { refusedDeciderKey } from './deciderKeyClaims.js';
import { readDecider } from './readDecider.js';
import { PAST_DEADLINE, ReadDeadline } from './ReadDeadline.js';

/** How often deciders are read again when the provider sends no event, in milliseconds. */
export const DEFAULT_DECIDER_REFRESH_MS = 5_000;

/** How long one flag read may take, in milliseconds, before it counts as an error and the value in force stays. */
export const DEFAULT_DECIDER_READ_TIMEOUT_MS = 1_000;

/**
 * How many flag reads a refresh starts before it hands the event loop back (`setImmediate`): with an
 * in-process provider each read costs some tens of microseconds of synchronous work, so 5,000 deciders
 * read at once would stall every request for a few hundred milliseconds. See BENCHMARKS.md ("Decider refresh").
 */
export const DECIDER_READS_PER_TURN = 50;

/** How the deciders are read: see `configure({ deciderRefreshMs, deciderReadTimeoutMs })`. */
export interface DeciderTiming {
  readonly refreshMs: number;
  readonly readTimeoutMs: number;
}

/**
 * Keeps every dependency's `percent` equal to its decider flag, read from an OpenFeature client off the
 * hot path: when the provider is ready, on each configuration-changed event, and every `refreshMs`
 * (an unref'd timer) once the provider has been ready. An event while a refresh is starting its reads
 * makes one more follow it, so the last change is never missed.
 *
 * Within a refresh the reads do not wait for each other: each value is in force as soon as its read
 * answers, and a read that has not answered within `readTimeoutMs` counts as a decider error and leaves
 * the value in force as it was (100 for a flag never read: fail open). So a refresh ends within about
 * `readTimeoutMs`, however a provider misbehaves. The reads start in groups of
 * {@link DECIDER_READS_PER_TURN}, one group per turn of the event loop.
 */
export class DeciderSync {
  private timer: NodeJS.Timeout | undefined;
  private ready = false;
  private stopped = false;
  /** Resolves when the refresh in flight has started all its reads (a group per turn). */
  private launching: Promise<void> | undefined;
  /** The refresh that starts once the one in flight has started all its reads, shared by the calls made meanwhile. */
  private following: Promise<void> | undefined;
  /** Per dependency: how many reads were started, and the number of the last one put in force. */
  private readonly started = new WeakMap<Dependency, number>();
  private readonly applied = new WeakMap<Dependency, number>();
  /** The deadlines of the reads in flight, ended at once by {@link stop}. */
  private readonly deadlines = new Set<ReadDeadline>();
  /** The dependencies read at least once, so that a loader wrapped again (a factory) triggers no read. */
  private readonly known = new WeakSet<Dependency>();
  private readonly onEvent = (): void => {
    this.ready = true;
    void this.refresh();
  };

  constructor(
    private readonly client: DeciderClient,
    private readonly timing: DeciderTiming,
    private readonly dependencies: () => readonly Dependency[],
  ) {}

  /** Listens to the provider (an OpenFeature client runs a ready handler at once if it is ready already) and starts the timer. */
  start(): void {
    this.client.addHandler('PROVIDER_READY', this.onEvent);
    this.client.addHandler('PROVIDER_CONFIGURATION_CHANGED', this.onEvent);
    this.timer = setInterval(() => {
      if (this.ready) void this.refresh();
    }, this.timing.refreshMs);
    this.timer.unref();
  }

  /** Removes the handlers and the timers; reads in flight are dropped. Values already read stay in force. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    for (const deadline of this.deadlines) deadline.expire();
    this.deadlines.clear();
    this.client.removeHandler('PROVIDER_READY', this.onEvent);
    this.client.removeHandler('PROVIDER_CONFIGURATION_CHANGED', this.onEvent);
  }

  /** Whether the timer is running (tests: shutdown leaves none). */
  get running(): boolean {
    return this.timer !== undefined;
  }

  /**
   * Reads every decider now, or as soon as the refresh in flight has started all its reads; resolves
   * when every read has answered or passed its deadline. Does nothing before the provider was first ready
   * (its reads would all fail) or after {@link stop}.
   */
  refresh(): Promise<void> {
    if (this.stopped || !this.ready) return Promise.resolve();
    if (this.following !== undefined) return this.following;
    if (this.launching !== undefined) {
      return (this.following = this.launching.then(() => {
        this.following = undefined;
        return this.startRound();
      }));
    }
    return this.startRound();
  }

  /** Reads the deciders again if `dependency` has not been read yet (declared after the provider was ready). */
  declared(dependency: Dependency): void {
    if (dependency.decider !== false && !this.known.has(dependency)) void this.refresh();
  }

  private startRound(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    let launched!: () => void;
    this.launching = new Promise((resolve) => (launched = resolve));
    return this.readAll(() => {
      this.launching = undefined;
      launched();
    });
  }

  /** Starts every read, a group per turn of the event loop (`onLaunched` when all have started), and waits for their answers. */
  private async readAll(onLaunched: () => void): Promise<void> {
    const reads: Promise<void>[] = [];
    try {
      const targets = this.dependencies().filter((dependency) => dependency.decider !== false);
      for (let start = 0; start < targets.length; start += DECIDER_READS_PER_TURN) {
        if (start > 0) await nextTurn();
        if (this.stopped) break;
        const deadline = new ReadDeadline(this.timing.readTimeoutMs);
        this.deadlines.add(deadline);
        const group = targets.slice(start, start + DECIDER_READS_PER_TURN).map((dependency) => this.read(dependency, deadline));
        deadline.close();
        reads.push(Promise.all(group).then(() => void this.deadlines.delete(deadline)));
      }
    } finally {
      onLaunched();
    }
    await Promise.all(reads);
  }

  /**
   * Reads one dependency's flag and puts its value in force, unless the deciders stopped meanwhile or a
   * later read of the same flag was put in force first (reads of two refreshes can overlap).
   */
  private async read(dependency: Dependency, deadline: ReadDeadline): Promise<void> {
    this.known.add(dependency);
    if (refusedDeciderKey(dependency) !== undefined) {
      // Its flag key is another dependency's: it is not gated by it (fail open), and each read counts as an error.
      dependency.percent = 100;
      dependency.stats.deciderErrors++;
      return;
    }
    const order = (this.started.get(dependency) ?? 0) + 1;
    this.started.set(dependency, order);
    const reading = await deadline.race(readDecider(this.client, dependency.decider as string));
    if (this.stopped) return;
    if (reading === PAST_DEADLINE) {
      dependency.stats.deciderErrors++;
      return;
    }
    if (reading.error !== undefined) dependency.stats.deciderErrors++;
    if (order < (this.applied.get(dependency) ?? 0)) return;
    this.applied.set(dependency, order);
    dependency.percent = reading.percent;
  }
}

/** Resolves on the next turn of the event loop, after the I/O and timers waiting now. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
