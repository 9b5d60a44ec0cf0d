/**
 * `npm run bench:package`: what depending on field-dependency costs an app. The package is packed from a
 * fresh build and installed from the tarball into a scratch app with `npm install --omit=dev` (from the
 * npm cache first), then: the packages and bytes of that production install, and the cold start of
 * `import 'field-dependency'` against importing prom-client alone and against importing nothing, each in a
 * fresh process, interleaved round by round (BENCH_RUNS rounds), on this Node and on each Node binary listed
 * in BENCH_NODES (colon-separated paths). Each run checks what it imported, so a failed import cannot pass
 * for a fast one.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { installedPackages, NPM_INSTALL, packFreshBuild, succeed } from '../test/package/support/packageInstall.js';
import { expectCorrectRun } from './enforcement/expectCorrectRun.js';
import { describeMachine } from './machine.js';
import { markdownTable } from './markdownTable.js';
import { sampleStats } from './sampleStats.js';

const REPOSITORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env['BENCH_RUNS'] ?? 20);
const NODES = [process.execPath, ...(process.env['BENCH_NODES'] ?? '').split(':').filter((node) => node !== '')];

/** Bytes of every file under `directory` (apparent sizes, as `du -sb`). */
function bytesUnder(directory: string): number {
  let total = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const file = path.join(directory, entry.name);
    if (entry.isDirectory()) total += bytesUnder(file);
    else if (entry.isFile()) total += statSync(file).size;
  }
  return total;
}

/** What one cold start measured, in the child process itself. */
interface ColdStart {
  /** Wall time of the whole process, spawn to exit, in ms (seen from this process). */
  readonly processMs: number;
  /** Time of the `import()` alone, in ms. */
  readonly importMs: number;
  /** Resident set size after the import, MiB. */
  readonly rssMiB: number;
  /** V8 heap used after the import, MiB. */
  readonly heapMiB: number;
  /** The number of exports the import gave, to check that it imported what was asked. */
  readonly exports: number;
}

/** The child: import `specifier` (or nothing), then report timings and memory as one JSON line. */
const CHILD = `
const specifier = process.argv[1];
const started = performance.now();
const module = specifier === '' ? {} : await import(specifier);
const importMs = performance.now() - started;
const memory = process.memoryUsage();
console.log(JSON.stringify({ importMs, rssMiB: memory.rss / 2 ** 20, heapMiB: memory.heapUsed / 2 ** 20, exports: Object.keys(module).length }));
`;

function coldStart(node: string, specifier: string, app: string): ColdStart {
  const started = performance.now();
  const result = spawnSync(node, ['--input-type=module', '-e', CHILD, specifier], { cwd: app, encoding: 'utf8' });
  const processMs = performance.now() - started;
  expectCorrectRun(result.status === 0, `${node} import ${specifier || '(nothing)'} failed: ${result.stderr}`);
  return { processMs, ...(JSON.parse(result.stdout) as Omit<ColdStart, 'processMs'>) };
}

const scratch = mkdtempSync(path.join(tmpdir(), 'field-dependency-package-bench-'));
try {
  const { tarball, files } = await packFreshBuild(REPOSITORY, scratch);
  const app = path.join(scratch, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module', dependencies: { 'field-dependency': `file:${tarball}` } }));
  await succeed('npm', [...NPM_INSTALL, '--omit=dev'], app);

  const installed = installedPackages(app);
  const modules = path.join(app, 'node_modules');
  const perPackage = installed.map((name) => [name, bytesUnder(path.join(modules, name))] as const).sort((a, b) => b[1] - a[1]);
  const mb = (bytes: number): string => (bytes / 1e6).toFixed(2);

  console.log(`# Package: production install and cold start\n\n${describeMachine()}; ${RUNS} rounds\n`);
  console.log(`Tarball: ${mb(statSync(tarball).size)} MB packed, ${files.length} files.\n`);
  console.log(`Production install (\`npm install --omit=dev\`): ${installed.length} packages, ${mb(bytesUnder(modules))} MB in node_modules.\n`);
  console.log(markdownTable(['package', 'MB'], perPackage.map(([name, bytes]) => [name, mb(bytes)])));

  const variants = [
    { name: 'nothing (empty ES module)', specifier: '', minimumExports: 0 },
    { name: "import 'prom-client'", specifier: 'prom-client', minimumExports: 10 },
    { name: "import 'field-dependency'", specifier: 'field-dependency', minimumExports: 20 },
  ];
  for (const node of NODES) {
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const samples = variants.map(() => [] as ColdStart[]);
    for (let round = 0; round < RUNS; round++) {
      variants.forEach((variant, index) => {
        const sample = coldStart(node, variant.specifier, app);
        expectCorrectRun(sample.exports >= variant.minimumExports, `${variant.name}: only ${sample.exports} exports`);
        samples[index]?.push(sample);
      });
    }
    const median = (index: number, key: keyof ColdStart): number => sampleStats((samples[index] ?? []).map((sample) => sample[key])).p50;
    console.log(`\nCold start on Node ${version} (medians of ${RUNS} fresh processes each, interleaved):\n`);
    console.log(
      markdownTable(
        ['what the process does', 'process wall ms', 'import() ms', 'RSS after, MiB', 'heap used after, MiB'],
        variants.map((variant, index) => [
          variant.name,
          median(index, 'processMs').toFixed(1),
          median(index, 'importMs').toFixed(1),
          median(index, 'rssMiB').toFixed(1),
          median(index, 'heapMiB').toFixed(1),
        ]),
      ),
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
