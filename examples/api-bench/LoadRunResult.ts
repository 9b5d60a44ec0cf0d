/** What one load run measured. */
export interface LoadRunResult {
  /** Answers per second (any status). */
  readonly requestsPerSecond: number;
  /** Latency percentiles over every answer (any status), in milliseconds; `undefined` without answers. */
  readonly p50: number | undefined;
  readonly p99: number | undefined;
  readonly answers: number;
  readonly serverErrors: number;
  /** Requests that got no answer within the client's timeout. */
  readonly timeouts: number;
}
