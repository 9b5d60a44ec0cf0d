/**
 * The AbortSignal of one dependency call with `timeoutMs`, made only when the loader asks for it
 * (`currentSignal()`): an `AbortController` per call costs more than the rest of the call when the loader
 * never reads it (reading a new controller's `signal` took about 6 µs on Node 20). Aborting before the
 * signal exists is remembered, so a signal asked for later is already aborted, with the same reason.
 */
export class CallSignal {
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;

  /** The call's signal, the same one each time it is asked for. */
  get signal(): AbortSignal {
    return (this.#controller ??= this.#create()).signal;
  }

  /** Aborts the call's signal with `reason` (a `DependencyTimeoutError`); only the first abort counts. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }

  #create(): AbortController {
    const controller = new AbortController();
    if (this.#aborted) controller.abort(this.#reason);
    return controller;
  }
}
