/**
 * The NestJS example bootstrapped with deciders read from a flagd flag file (flagd's provider, in process),
 * under both drivers: a field switched off in the file is null, named in `degradedFields`, and its
 * upstream is no longer called; switched on again, it is served again.
 */
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { shutdownFieldDependencies } from 'field-dependency';
import { startNestApp, type GraphQLDriverName, type NestApp } from '../../examples/nestjs/index.js';
import { query } from '../graphql/support/graphqlClient.js';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';
import { startUserUpstreams, type UserUpstreams } from './support/userUpstreams.js';

noUnhandledRejections();

const FOLLOWERS_FLAG = 'field-dependency.social.followers';
const PAGE = 'query UserPage($id: ID!) { user(id: $id) { id likes followers } }';

/** Writes flagd flag definitions with the followers decider at `percent` (written then renamed, as a file sync does). */
async function writeFlags(file: string, percent: 0 | 100): Promise<void> {
  const flags = { [FOLLOWERS_FLAG]: { state: 'ENABLED', variants: { on: 100, off: 0 }, defaultVariant: percent === 100 ? 'on' : 'off' } };
  await writeFile(`${file}.tmp`, JSON.stringify({ $schema: 'https://flagd.dev/schema/v0/flags.json', flags }));
  await rename(`${file}.tmp`, file);
}

let directory: string;
let upstreams: UserUpstreams;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'field-dependency-nestjs-'));
  upstreams = await startUserUpstreams();
});
afterAll(async () => {
  await upstreams?.close();
  shutdownFieldDependencies();
  await rm(directory, { recursive: true, force: true });
});

for (const driver of ['apollo', 'mercurius'] satisfies GraphQLDriverName[]) {
  describe(`the NestJS example under the ${driver} driver, with deciders from a flag file`, () => {
    let app: NestApp;
    let flagFile: string;

    beforeAll(async () => {
      flagFile = path.join(directory, `${driver}-flags.json`);
      await writeFlags(flagFile, 0);
      app = await startNestApp({ driver, upstreamUrl: upstreams.base, flagFile });
    });
    afterAll(async () => {
      await app?.close();
    });

    it('a field switched off in the file is null, listed as degraded, and its upstream is not called', async () => {
      const before = upstreams.hits.followers ?? 0;

      const response = await query(app.url, PAGE, { id: 'u1' });

      expect(response.body).toEqual({ data: { user: { id: 'u1', likes: 3, followers: null } }, extensions: { degradedFields: ['followers'] } });
      expect(response.header).toBe('followers');
      expect(upstreams.hits.followers ?? 0).toBe(before);
      const metrics = await (await fetch(app.metricsUrl)).text();
      expect(metrics).toContain('field_dependency_decider_percent{field="followers",owner="social"} 0');
      expect(metrics).toMatch(/field_dependency_degradations_total\{field="followers",owner="social",reason="disabled"\} [1-9]/);
    });

    it('switched on again in the file, the field is served again', async () => {
      await writeFlags(flagFile, 100);

      await vi.waitFor(
        async () => {
          const response = await query(app.url, PAGE, { id: 'u2' });
          expect(response.body).toEqual({ data: { user: { id: 'u2', likes: 3, followers: 40 } } });
        },
        { timeout: 10_000, interval: 200 },
      );
    });
  });
}
