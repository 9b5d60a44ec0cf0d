import { allDependencies } from '../core/dependencyRegistry.js';
import type { Dependency } from '../core/Dependency.js';
import type { DeciderClient } from './DeciderClient.js';
import { DeciderSync, type DeciderTiming } from './DeciderSync.js';

/** The deciders in use, set by `configure({ deciders })`; one per process. */
let inUse: DeciderSync | undefined;

/**
 * Starts reading deciders from `client` (replacing any earlier client: its handlers and timer are
 * removed, the values it read stay in force until the new one is ready); `false` stops and sets every
 * dependency back to 100.
 */
export function useDeciders(client: DeciderClient | false, timing: DeciderTiming): void {
  inUse?.stop();
  inUse = undefined;
  if (client === false) {
    for (const dependency of allDependencies()) dependency.percent = 100;
    return;
  }
  inUse = new DeciderSync(client, timing, allDependencies);
  inUse.start();
}

/** Stops the deciders' handlers and timer (`shutdownFieldDependencies()`); the values read stay in force. */
export function stopDeciders(): void {
  inUse?.stop();
  inUse = undefined;
}

/** Whether deciders are configured (their metrics are published only then). */
export function decidersInUse(): boolean {
  return inUse !== undefined;
}

/** Reads the deciders again when `dependency` is new to them (declared after the provider was ready). */
export function deciderDeclared(dependency: Dependency): void {
  inUse?.declared(dependency);
}

/**
 * Reads every decider again now, and resolves once the values are in force, or their reads have passed
 * their deadline (at once when no deciders are configured, or the provider has never been ready).
 */
export function refreshDeciders(): Promise<void> {
  return inUse?.refresh() ?? Promise.resolve();
}

/** Whether a decider refresh timer is running (tests: shutdown leaves none). */
export function deciderTimerRunning(): boolean {
  return inUse?.running ?? false;
}
