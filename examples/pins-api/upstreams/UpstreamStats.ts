/** What an upstream has seen since it started. Counters only grow: take differences to measure a window. */
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
}
