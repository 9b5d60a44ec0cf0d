/** What an OpenFeature evaluation answers, as far as deciders read it. */
export interface DeciderEvaluation<T> {
  /** The flag's value, or the default value when the evaluation failed. */
  readonly value: T;
  /** Set (`FLAG_NOT_FOUND`, `TYPE_MISMATCH`, `PARSE_ERROR`, `GENERAL`, …) when the evaluation failed. */
  readonly errorCode?: string | undefined;
  /** What went wrong, when the evaluation failed. */
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
  /** Evaluates a number flag: a decider's percentage (0–100). */
  getNumberDetails(flagKey: string, defaultValue: number): Promise<DeciderEvaluation<number>>;
  /** Evaluates a boolean flag: a decider whose flag is a boolean (all on or all off). */
  getBooleanDetails(flagKey: string, defaultValue: boolean): Promise<DeciderEvaluation<boolean>>;
  /** `eventType` is a string here, not the SDK's `ProviderEvents` enum: deciders listen to `PROVIDER_READY` and `PROVIDER_CONFIGURATION_CHANGED`. */
  addHandler(eventType: string, handler: DeciderEventHandler): void;
  /** Removes a handler added with `addHandler` (when deciders stop). */
  removeHandler(eventType: string, handler: DeciderEventHandler): void;
}
