import type { DegradationReason } from '../contract/DegradationReason.js';
import { endpointId, type EndpointSource } from '../counters/endpointIds.js';
import { UNMATCHED_ENDPOINT } from '../contract/endpointSentinels.js';
import { targetingHash } from '../deciders/targetingHash.js';
import type { RequestPriority } from '../contract/brownoutClasses.js';
import { brownout } from '../brownout/brownoutState.js';
import { requestStarted } from '../brownout/requestLatencies.js';

/** One degradation seen in the current request. */
export interface Degradation {
  /** The degraded dependency's field. */
  readonly field: string;
  /** Its owner. */
  readonly owner: string;
  /** Why it degraded. */
  readonly reason: DegradationReason;
}

let lastRequestNumber = 0;

/** {@link RequestRecord.targetingHash} before the key is hashed. */
const NOT_HASHED = -2;

/** What the runtime keeps per request (one per `degradationScope` or framework request). */
export class RequestRecord {
  /** Field, owner and reason of each degradation, once each. */
  readonly degradations: Degradation[] = [];
  /** A number unique to this request in the process (to tell requests apart without keeping them alive). */
  readonly number = ++lastRequestNumber;
  /** The user or session the request is for, which deciders gate stickily; never a metric label. */
  readonly targetingKey: string | undefined;
  /** How important the request is: under brownout a `low` one loses its optional fields first (docs/brownout.md). */
  readonly priority: RequestPriority;
  /**
   * `performance.now()` when the request started, while brownout is on (the controller watches request
   * latency: `requestStarted` keeps it in flight, `requestEnded` records it); -1 when not measured, or already recorded.
   */
  startedAt: number;
  /** Who chose the endpoint's name: the server (`route`) or the client (`operation`); each has an endpoint cap of its own. */
  readonly endpointSource: EndpointSource;
  private endpointValue: string | (() => string | undefined);
  private id = -1;
  private keyHash: number;

  constructor(endpoint: string | (() => string | undefined), targetingKey?: string, endpointSource: EndpointSource = 'route', priority: RequestPriority = 'normal') {
    this.endpointValue = endpoint;
    this.targetingKey = targetingKey;
    this.endpointSource = endpointSource;
    this.priority = priority;
    this.startedAt = -1;
    if (brownout.on) {
      this.startedAt = performance.now();
      requestStarted(this);
    }
    this.keyHash = targetingKey === undefined ? -1 : NOT_HASHED;
  }

  /**
   * The targeting key's FNV-1a hash, computed once, the first time a decider below 100 asks for it;
   * -1 without a key (the decider then draws at random).
   */
  get targetingHash(): number {
    const hash = this.keyHash;
    return hash === NOT_HASHED ? (this.keyHash = targetingHash(this.targetingKey as string)) : hash;
  }

  /**
   * The route template, resolved on first use; {@link UNMATCHED_ENDPOINT} while a lazy endpoint has not
   * matched a route yet (asked again next time, so a call before routing does not pin the whole request).
   */
  get endpoint(): string {
    const value = this.endpointValue;
    if (typeof value === 'string') return value;
    const resolved = value();
    if (!resolved) return UNMATCHED_ENDPOINT;
    this.endpointValue = resolved;
    return resolved;
  }

  /** The endpoint's small integer id for counting (see `endpointId`). */
  get endpointId(): number {
    if (this.id >= 0) return this.id;
    const id = endpointId(this.endpoint, this.endpointSource);
    if (typeof this.endpointValue === 'string') this.id = id;
    return id;
  }

  /** Adds a degradation, once per field, owner and reason. */
  note(field: string, owner: string, reason: DegradationReason): void {
    const seen = this.degradations.some((entry) => entry.field === field && entry.owner === owner && entry.reason === reason);
    if (!seen) this.degradations.push({ field, owner, reason });
  }
}
