/** What an OpenFeature evaluation answers, as far as deciders read it. */
export interface DeciderEvaluation<T> {
  readonly value: T;
  /** Set (`FLAG_NOT_FOUND`, `TYPE_MISMATCH`, `PARSE_ERROR`, `GENERAL`, …) when the evaluation failed. */
  readonly errorCode?: string | undefined;
  readonly errorMessage?: string | undefined;
}

/** An OpenFeature event handler (the event's details are not read). */
export type DeciderEventHandler = (details?: unknown) => unknown;

/**
 * The parts of an OpenFeature server client (`OpenFeature.getClient()` from `@openfeature/server-sdk`)
 * that deciders use. Declared here, structurally, so that the runtime neither imports nor requires the
 * SDK: it is an optional peer, installed only by applications that use deciders.
 */
export interface DeciderClient {
  getNumberDetails(flagKey: string, defaultValue: number): Promise<DeciderEvaluation<number>>;
  getBooleanDetails(flagKey: string, defaultValue: boolean): Promise<DeciderEvaluation<boolean>>;
  /** `eventType` is a string here, not the SDK's `ProviderEvents` enum: deciders listen to `PROVIDER_READY` and `PROVIDER_CONFIGURATION_CHANGED`. */
  addHandler(eventType: string, handler: DeciderEventHandler): void;
  removeHandler(eventType: string, handler: DeciderEventHandler): void;
}
