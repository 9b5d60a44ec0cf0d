import { unwatchFile, watchFile } from 'node:fs';
import { resolve } from 'node:path';
import { FlagdProvider } from '@openfeature/flagd-provider';
import { OpenFeature, type Client } from '@openfeature/server-sdk';

/** An OpenFeature client over flagd's in-process evaluator, reading a flag file. */
export interface FlagFileDeciders {
  readonly client: Client;
  /** Stops watching the file and closes the provider. */
  close(): Promise<void>;
}

let domains = 0;

/**
 * Starts flagd's provider in process (`resolverType: 'in-process'`) over the flag definitions in `path`,
 * as each host of a fleet would over the file its config sync keeps current, and resolves once it is ready.
 *
 * flagd's offline mode watches the file with `fs.watchFile` at Node's default 5 s poll. Node keeps one
 * stat watcher per file, started with the interval of its first watcher: watching the file first at
 * `pollMs` makes flagd see an edit within `pollMs` (the demo wants it within a second; a fleet using
 * flagd's gRPC sync gets changes pushed at once).
 */
export async function flagFileDeciders(path: string, pollMs = 100): Promise<FlagFileDeciders> {
  const file = resolve(path);
  const poll = (): void => {};
  watchFile(file, { interval: pollMs, persistent: false }, poll);
  const domain = `pins-api-deciders-${++domains}`;
  const provider = new FlagdProvider({ resolverType: 'in-process', offlineFlagSourcePath: file });
  try {
    await OpenFeature.setProviderAndWait(domain, provider);
  } catch (error) {
    unwatchFile(file, poll);
    throw error;
  }
  return {
    client: OpenFeature.getClient(domain),
    async close() {
      await provider.onClose();
      unwatchFile(file, poll);
    },
  };
}
