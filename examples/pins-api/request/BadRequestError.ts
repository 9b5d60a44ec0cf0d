/** A request the API cannot serve as sent; its message tells the client what to change, and is safe to send. */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
  /** Marks the class for {@link isBadRequestError} (across copies of this module). */
  readonly code = 'ERR_PINS_BAD_REQUEST';
}

/** Whether `error` is a {@link BadRequestError}. */
export function isBadRequestError(error: unknown): error is BadRequestError {
  return error instanceof Error && (error as { code?: unknown }).code === 'ERR_PINS_BAD_REQUEST';
}
