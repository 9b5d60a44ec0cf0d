// Declares its use of Node's types, so consumers whose `types` is `[]` (the TypeScript 6 and 7 default) still resolve `node:` imports.
/// <reference types="node" preserve="true" />
import diagnosticsChannel from 'node:diagnostics_channel';
import type { DegradationReason } from '../contract/DegradationReason.js';

/** Name of the `node:diagnostics_channel` channel every degradation is published on. */
export const DEGRADED_CHANNEL = 'field-dependency:degraded';

/** The message published on {@link DEGRADED_CHANNEL}. */
export interface DegradationEvent {
  /** The field's name. */
  readonly field: string;
  /** The owning team. */
  readonly owner: string;
  /** Whether the dependency is critical (then this is a failure that propagated, not a fallback). */
  readonly critical: boolean;
  /** Why it degraded. */
  readonly reason: DegradationReason;
  /** What was caught: any thrown value, kept as is. */
  readonly error: unknown;
  /** The keys that got the empty value: all keys of the call, or only the failed ones for `partial`. */
  readonly keys: readonly unknown[] | undefined;
  /** The request's endpoint, inside a `degradationScope`. */
  readonly endpoint: string | undefined;
  /** An error thrown by the `fallback` option itself, if any (the empty value of `type` was used instead). */
  readonly fallbackError?: unknown;
}

/** The channel; `hasSubscribers` is checked before a message is built, so publishing costs nothing unobserved. */
export const degradedChannel = diagnosticsChannel.channel(DEGRADED_CHANNEL);
