import { httpGet } from '../../../examples/load/httpGet.js';
import { parsePrometheusText, sumSamples } from '../../../examples/load/prometheusText.js';
import { startPinsApi, startUpstreams, type PinsApi, type PinsApiOptions, type Upstreams } from '../../../examples/pins-api/index.js';

/** The upstreams and one API per mode, all on 127.0.0.1. */
export interface PinsApiFixture {
  readonly upstreams: Upstreams;
  readonly library: PinsApi;
  readonly naive: PinsApi;
  /** The API of `mode`. */
  api(mode: 'library' | 'naive'): PinsApi;
  /** The sum of the library API's samples named `name` matching `labels`, read from its `/metrics`. */
  metric(name: string, labels?: Readonly<Record<string, string>>): Promise<number>;
  close(): Promise<void>;
}

/** Starts the upstreams, a library-mode API (with `breaker`, when given) and a naive-mode API. */
export async function startPinsApiFixture(breaker?: PinsApiOptions['breaker']): Promise<PinsApiFixture> {
  const upstreams = await startUpstreams();
  const library = await startPinsApi({ mode: 'library', upstreams: upstreams.urls, ...(breaker === undefined ? {} : { breaker }) });
  const naive = await startPinsApi({ mode: 'naive', upstreams: upstreams.urls });
  return {
    upstreams,
    library,
    naive,
    api: (mode) => (mode === 'library' ? library : naive),
    async metric(name, labels = {}) {
      const answer = await httpGet(library.metricsUrl);
      return sumSamples(parsePrometheusText(answer.text), name, labels);
    },
    async close() {
      await Promise.all([library.close(), naive.close()]);
      await upstreams.close();
    },
  };
}
