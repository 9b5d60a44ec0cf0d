import { request } from 'node:http';
import { httpGet } from '../load/httpGet.js';
import { parsePrometheusText, sumSamples } from '../load/prometheusText.js';
import type { UpstreamFault } from '../pins-api/upstreams/UpstreamFault.js';
import type { UpstreamName } from '../pins-api/upstreams/UpstreamName.js';
import type { UpstreamStats } from '../pins-api/upstreams/UpstreamStats.js';

/** Sets every upstream's fault through the admin endpoint of an upstreams process (`PUT /faults`). */
export function setFaults(adminUrl: string, faults: Partial<Record<UpstreamName, UpstreamFault>>): Promise<void> {
  return new Promise((resolve, reject) => {
    const sent = request(`${adminUrl}/faults`, { method: 'PUT', agent: false }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`PUT /faults answered ${response.statusCode}`))));
    });
    sent.on('error', reject);
    sent.end(JSON.stringify(faults));
  });
}

/** One upstream's counters, from the admin endpoint (`GET /upstreams`). */
export async function upstreamStats(adminUrl: string, name: UpstreamName): Promise<UpstreamStats> {
  const all = (await httpGet(`${adminUrl}/upstreams`)).json<Record<UpstreamName, { stats: UpstreamStats }>>();
  return all[name].stats;
}

/** A field's breaker state on a library-mode API (0 closed, 1 half-open, 2 open), from its `/metrics`. */
export async function breakerState(metricsUrl: string, field: string): Promise<number> {
  return sumSamples(parsePrometheusText((await httpGet(metricsUrl)).text), 'field_dependency_breaker_state', { field });
}
