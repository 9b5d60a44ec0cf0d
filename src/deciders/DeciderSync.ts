import type { Dependency } from '../core/Dependency.js';
import type { DeciderClient } from './DeciderClient.js';
import { readDecider } from './readDecider.js';

/** How often deciders are read again when the provider sends no event, in milliseconds. */
export const DEFAULT_DECIDER_REFRESH_MS = 5_000;

/**
 * Keeps every dependency's `percent` equal to its decider flag, read from an OpenFeature client off the
 * hot path: when the provider is ready, on each configuration-changed event, and every `refreshMs`
 * (an unref'd timer) once the provider has been ready. Reads never overlap: an event during a read
 * makes one more read follow it, so the last change is never missed.
 */
export class DeciderSync {
  private timer: NodeJS.Timeout | undefined;
  private ready = false;
  private stopped = false;
  private reading: Promise<void> | undefined;
  private again = false;
  /** The dependencies read at least once, so that a loader wrapped again (a factory) triggers no read. */
  private readonly known = new WeakSet<Dependency>();
  private readonly onEvent = (): void => {
    this.ready = true;
    void this.refresh();
  };

  constructor(
    private readonly client: DeciderClient,
    private readonly refreshMs: number,
    private readonly dependencies: () => readonly Dependency[],
  ) {}

  /** Listens to the provider (an OpenFeature client runs a ready handler at once if it is ready already) and starts the timer. */
  start(): void {
    this.client.addHandler('PROVIDER_READY', this.onEvent);
    this.client.addHandler('PROVIDER_CONFIGURATION_CHANGED', this.onEvent);
    this.timer = setInterval(() => {
      if (this.ready) void this.refresh();
    }, this.refreshMs);
    this.timer.unref();
  }

  /** Removes the handlers and the timer; a read in flight is dropped. Values already read stay in force. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    this.client.removeHandler('PROVIDER_READY', this.onEvent);
    this.client.removeHandler('PROVIDER_CONFIGURATION_CHANGED', this.onEvent);
  }

  /** Whether the timer is running (tests: shutdown leaves none). */
  get running(): boolean {
    return this.timer !== undefined;
  }

  /**
   * Reads every decider now, or right after the read in flight; resolves when the values are in force.
   * Does nothing before the provider was first ready (its reads would all fail) or after {@link stop}.
   */
  refresh(): Promise<void> {
    if (this.stopped || !this.ready) return Promise.resolve();
    if (this.reading !== undefined) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.readAll().finally(() => {
      this.reading = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.reading;
  }

  /** Reads the deciders again if `dependency` has not been read yet (declared after the provider was ready). */
  declared(dependency: Dependency): void {
    if (dependency.decider !== false && !this.known.has(dependency)) void this.refresh();
  }

  private async readAll(): Promise<void> {
    const targets = this.dependencies().filter((dependency) => dependency.decider !== false);
    for (const dependency of targets) this.known.add(dependency);
    const readings = await Promise.all(targets.map((dependency) => readDecider(this.client, dependency.decider as string)));
    if (this.stopped) return;
    targets.forEach((dependency, index) => {
      const reading = readings[index]!;
      dependency.percent = reading.percent;
      if (reading.error !== undefined) dependency.stats.deciderErrors++;
    });
  }
}
