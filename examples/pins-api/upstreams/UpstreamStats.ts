/**
 * What an upstream has seen since it started. Counters only grow: take differences to measure a window
 * (`inFlight` and `maxInFlight` are gauges).
 */
export interface UpstreamStats {
  /** Data requests received (refused connections never arrive, so they are not counted). */
  readonly requests: number;
  /** Requests answered with data (HTTP 200). */
  readonly ok: number;
  /** Requests answered with an injected HTTP 500. */
  readonly errors: number;
  /**
   * Requests whose connection closed before an answer: the client gave up (a timeout's `AbortSignal`
   * cancelling the HTTP request) or the upstream dropped it (`refuse`, `close()`).
   */
  readonly cancelled: number;
  /** Requests held by `hang` right now. */
  readonly held: number;
  /** Requests received and not yet answered or closed, right now (held ones and those waiting out `latencyMs` included). */
  readonly inFlight: number;
  /** The most requests in flight at once since the current fault was set (a slow upstream's pile-up). */
  readonly maxInFlight: number;
}
