import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './freePort.js';
import { prometheusBinary } from './prometheusBinaries.js';

/** Options of {@link startPrometheus}. */
export interface PrometheusOptions {
  /** A directory of its own: the configuration and the TSDB go there. */
  readonly directory: string;
  /** `host:port` of the metrics endpoint to scrape (`/metrics`), every second. */
  readonly target?: string;
  /** More endpoints to scrape every second, each with labels of its own (such as `track: canary`). */
  readonly labelledTargets?: readonly { readonly target: string; readonly labels: Readonly<Record<string, string>> }[];
  /** Rule files to load (absolute paths); rules are evaluated every second. */
  readonly ruleFiles: readonly string[];
}

/** A Prometheus server this process started. */
export interface PrometheusServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** What it logged so far, for failure messages. */
  log(): string;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts Debian's `/usr/bin/prometheus` on 127.0.0.1 (a free port), with a generated configuration that
 * scrapes `target` every second and evaluates `ruleFiles` every second; resolves once `/-/ready` answers.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const config = path.join(options.directory, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      ...options.ruleFiles.map((file) => `  - ${JSON.stringify(file)}`),
      'scrape_configs:',
      '  - job_name: pins-api',
      options.target === undefined && (options.labelledTargets ?? []).length === 0 ? '    static_configs: []' : '    static_configs:',
      ...(options.target === undefined ? [] : [`      - targets: [${JSON.stringify(options.target)}]`]),
      ...(options.labelledTargets ?? []).flatMap(({ target, labels }) => [
        `      - targets: [${JSON.stringify(target)}]`,
        `        labels: ${JSON.stringify(labels)}`,
      ]),
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(
    prometheusBinary('prometheus'),
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(options.directory, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // should the test process die first, Prometheus must not outlive it
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.removeListener('exit', killOnExit);
      resolve();
    }),
  );
  const server: PrometheusServer = {
    url,
    log: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with code ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/-/ready`);
      await response.body?.cancel();
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await server.stop();
  throw new Error(`prometheus did not become ready within 20 s:\n${output}`);
}
