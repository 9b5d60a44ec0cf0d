import { describe } from '../fallback/emptyValues.js';
import type { DeciderClient } from './DeciderClient.js';
import { deciderPercent } from './deciderPercent.js';

/** One reading of a decider flag: the percentage in force and, when it failed open, why. */
export interface DeciderReading {
  /** 0–100; 100 when the reading failed. */
  readonly percent: number;
  /** Why the reading failed open (missing flag, provider error, bad value); `undefined` when it did not. */
  readonly error: string | undefined;
}

/**
 * Reads the flag `key` from `client` as a number, or as a boolean when the flag is one. Never rejects:
 * any failure (a missing flag, a provider error, a value that is not 0–100 or a boolean, a client that
 * throws or rejects with a value that throws when looked at) reads as 100, with the reason in `error`.
 */
export async function readDecider(client: DeciderClient, key: string): Promise<DeciderReading> {
  try {
    const asNumber = await client.getNumberDetails(key, 100);
    const details = asNumber.errorCode === 'TYPE_MISMATCH' ? await client.getBooleanDetails(key, true) : asNumber;
    if (details.errorCode !== undefined) {
      return failOpen(`${details.errorCode}${details.errorMessage ? `: ${details.errorMessage}` : ''}`);
    }
    const percent = deciderPercent(details.value);
    return percent === undefined ? failOpen(`value ${describe(details.value)} is neither a number from 0 to 100 nor a boolean`) : { percent, error: undefined };
  } catch (error) {
    return failOpen(`the client threw: ${thrownMessage(error)}`);
  }
}

/** What a thrown value says, without letting a value that throws when looked at (a hostile Proxy) escape. */
function thrownMessage(error: unknown): string {
  try {
    return error instanceof Error ? error.message : describe(error);
  } catch {
    return 'a value that throws when inspected';
  }
}

function failOpen(error: string): DeciderReading {
  return { percent: 100, error };
}
