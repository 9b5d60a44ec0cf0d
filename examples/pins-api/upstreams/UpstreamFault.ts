/**
 * How an upstream misbehaves. Every setting is optional and `{}` is a healthy upstream; settings
 * combine (`{ latencyMs: 50, errorRate: 0.5 }` answers slowly, and half of the answers are errors).
 */
export interface UpstreamFault {
  /**
   * Share of requests answered with HTTP 500, from 0 to 1. Deterministic and evenly spread, counted
   * from the moment the fault is set: 0.2 fails exactly the 5th, 10th, 15th… answer; 1 fails every one.
   * @default 0
   */
  readonly errorRate?: number;
  /**
   * Milliseconds waited before each answer (a whole number, at most 60 000).
   * @default 0
   */
  readonly latencyMs?: number;
  /**
   * Hold every request without answering. A held request ends when the client gives up (an
   * `AbortSignal`, a timeout), or when the hang is lifted: it is then answered under the new fault.
   * @default false
   */
  readonly hang?: boolean;
  /**
   * Stop listening, so that new connections are refused (`ECONNREFUSED`), and drop the open ones. The
   * port stays the upstream's: lifting the fault listens on it again.
   * @default false
   */
  readonly refuse?: boolean;
}

/** A fault with every setting filled in. */
export type ResolvedFault = Required<UpstreamFault>;

/** A healthy upstream. */
export const NO_FAULT: ResolvedFault = Object.freeze({ errorRate: 0, latencyMs: 0, hang: false, refuse: false });

const KEYS: readonly string[] = Object.keys(NO_FAULT);

/**
 * Checks a fault given by a caller (a test, the demo, or JSON sent to the admin endpoint) and fills in
 * the defaults.
 * @throws TypeError naming the setting, what was expected and what was received.
 */
export function resolveFault(fault: unknown): ResolvedFault {
  if (typeof fault !== 'object' || fault === null || Array.isArray(fault)) {
    throw new TypeError(`an upstream fault must be an object such as { "errorRate": 1 }; received ${describe(fault)}`);
  }
  const unknown = Object.keys(fault).filter((key) => !KEYS.includes(key));
  if (unknown.length > 0) {
    throw new TypeError(`unknown upstream fault setting ${JSON.stringify(unknown[0])}; the settings are ${KEYS.join(', ')}`);
  }
  const { errorRate = 0, latencyMs = 0, hang = false, refuse = false } = fault as Record<string, unknown>;
  if (typeof errorRate !== 'number' || !(errorRate >= 0 && errorRate <= 1)) {
    throw new TypeError(`upstream fault setting errorRate must be a number from 0 to 1; received ${describe(errorRate)}`);
  }
  if (typeof latencyMs !== 'number' || !Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 60_000) {
    throw new TypeError(`upstream fault setting latencyMs must be a whole number of milliseconds from 0 to 60000; received ${describe(latencyMs)}`);
  }
  if (typeof hang !== 'boolean') throw new TypeError(`upstream fault setting hang must be true or false; received ${describe(hang)}`);
  if (typeof refuse !== 'boolean') throw new TypeError(`upstream fault setting refuse must be true or false; received ${describe(refuse)}`);
  return Object.freeze({ errorRate, latencyMs, hang, refuse });
}

/**
 * Whether the `answer`-th answer (1-based) under `errorRate` is an error: exactly
 * `floor(answer × errorRate)` of the first `answer` answers are, evenly spread.
 */
export function isErrorAnswer(answer: number, errorRate: number): boolean {
  return Math.floor(answer * errorRate) > Math.floor((answer - 1) * errorRate);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
