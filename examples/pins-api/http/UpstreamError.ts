/**
 * An upstream answered with an error status or an unreadable body. Its message holds the upstream's
 * own error text, for logs: the API never sends it to a client.
 */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  /** The upstream's HTTP status; `undefined` when the body, not the status, was the problem. */
  readonly status: number | undefined;

  constructor(message: string, status: number | undefined, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
  }
}
