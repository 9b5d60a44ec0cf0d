/** What a read guarded by a {@link ReadDeadline} answers when the deadline passed first (or the deciders stopped). */
export const PAST_DEADLINE = Symbol('field-dependency.pastDeadline');

/**
 * One deadline for the flag reads a refresh starts in one turn of the event loop: `race(read)` settles
 * with the read's answer, or with {@link PAST_DEADLINE} once `ms` have passed since the deadline was
 * made. One unref'd timer per group of reads, cleared as soon as every read it guards has answered, or
 * at once by {@link expire} (the deciders stopped): no timer outlives the reads, none keeps the process alive.
 */
export class ReadDeadline {
  private readonly passed: Promise<typeof PAST_DEADLINE>;
  private pass!: () => void;
  private readonly timer: NodeJS.Timeout;
  private pending = 0;
  private closed = false;

  constructor(ms: number) {
    this.passed = new Promise((resolve) => {
      this.pass = () => resolve(PAST_DEADLINE);
    });
    this.timer = setTimeout(() => this.expire(), ms);
    this.timer.unref();
  }

  /** `read`'s answer, or {@link PAST_DEADLINE}; `read` must never reject. */
  race<T>(read: Promise<T>): Promise<T | typeof PAST_DEADLINE> {
    this.pending++;
    void read.then(() => {
      this.pending--;
      this.clearIfDone();
    });
    return Promise.race([read, this.passed]);
  }

  /** No more reads will be added: the timer goes as soon as the pending ones have answered. */
  close(): void {
    this.closed = true;
    this.clearIfDone();
  }

  /** Ends the wait now: every read still pending answers {@link PAST_DEADLINE}. */
  expire(): void {
    clearTimeout(this.timer);
    this.pass();
  }

  private clearIfDone(): void {
    if (this.closed && this.pending === 0) clearTimeout(this.timer);
  }
}
