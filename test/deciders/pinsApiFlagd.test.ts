/**
 * End to end with a real flagd provider, evaluated in process over a flag file the test rewrites: the pins
 * API (library mode) stops calling the shopping upstream within a second of the edit, and calls it again
 * after. The upstream's own request counter proves it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shutdownFieldDependencies } from 'field-dependency';
import { httpGet } from '../../examples/load/httpGet.js';
import { parsePrometheusText, sumSamples } from '../../examples/load/prometheusText.js';
import { startPinsApi, startUpstreams, writeDeciderFlags, type PinsApi, type Upstreams } from '../../examples/pins-api/index.js';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

let directory: string;
let flagFile: string;
let upstreams: Upstreams;
let api: PinsApi;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'field-dependency-flagd-'));
  flagFile = path.join(directory, 'flags.json');
  await writeDeciderFlags(flagFile);
  upstreams = await startUpstreams();
  api = await startPinsApi({ mode: 'library', upstreams: upstreams.urls, deciderFile: flagFile });
});

afterAll(async () => {
  await api?.close();
  await upstreams?.close();
  shutdownFieldDependencies();
  await rm(directory, { recursive: true, force: true });
});

/** `n` pin pages asking for shopping and board, one after the other; their x-degraded-fields headers. */
async function pages(n: number): Promise<(string | undefined)[]> {
  const headers: (string | undefined)[] = [];
  for (let index = 0; index < n; index++) {
    const answer = await httpGet(`${api.url}/v3/pins/${index + 1}?fields=shopping,board`);
    expect(answer.status).toBe(200);
    headers.push(answer.headers['x-degraded-fields'] as string | undefined);
  }
  return headers;
}

async function metric(name: string, labels: Record<string, string>): Promise<number> {
  return sumSamples(parsePrometheusText((await httpGet(api.metricsUrl)).text), name, labels);
}

describe('the pins API reads its deciders from a flagd flag file (in-process provider)', () => {
  it('at 100, every page has shopping and the upstream is called', async () => {
    const before = upstreams.controls.shopping.stats.requests;
    expect(await pages(10)).toEqual(Array(10).fill(undefined));
    expect(upstreams.controls.shopping.stats.requests).toBeGreaterThan(before);
    expect(await metric('field_dependency_decider_percent', { field: 'shopping', owner: 'shopping' })).toBe(100);
  });

  it('shopping at 0 in the file: within a second no page calls the shopping upstream, every page says shopping is left out', async () => {
    await writeDeciderFlags(flagFile, { shopping: 0 });
    await sleep(1000);
    const disabledBefore = await metric('field_dependency_degradations_total', { field: 'shopping', reason: 'disabled' });
    const shoppingBefore = upstreams.controls.shopping.stats.requests;
    const boardsBefore = upstreams.controls.boards.stats.requests;

    expect(await pages(20)).toEqual(Array(20).fill('shopping'));
    expect(upstreams.controls.shopping.stats.requests).toBe(shoppingBefore);
    expect(upstreams.controls.boards.stats.requests).toBeGreaterThan(boardsBefore);
    expect(await metric('field_dependency_degradations_total', { field: 'shopping', reason: 'disabled' })).toBe(disabledBefore + 20);
    expect(await metric('field_dependency_decider_percent', { field: 'shopping', owner: 'shopping' })).toBe(0);
    expect(await metric('field_dependency_decider_percent', { field: 'comments', owner: 'comments' })).toBe(100);
  });

  it('back to 100: within a second shopping is called again', async () => {
    await writeDeciderFlags(flagFile, {});
    await sleep(1000);
    const before = upstreams.controls.shopping.stats.requests;
    expect(await pages(10)).toEqual(Array(10).fill(undefined));
    expect(upstreams.controls.shopping.stats.requests).toBeGreaterThan(before);
  });

  it('a broken flag file changes nothing: flagd keeps the last good flags', async () => {
    await writeDeciderFlags(flagFile, { shopping: 0 });
    await sleep(1000);
    expect(await pages(3)).toEqual(Array(3).fill('shopping'));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(flagFile, '{ "flags": { "field-dependency.shopping.shopping": ');
    await sleep(1000);
    // flagd refuses the broken file and keeps serving the flags it had: shopping stays at 0, not at a guess.
    expect(await pages(3)).toEqual(Array(3).fill('shopping'));
    await writeDeciderFlags(flagFile, {});
    await sleep(1000);
    expect(await pages(3)).toEqual(Array(3).fill(undefined));
  });
});
