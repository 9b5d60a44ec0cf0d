/**
 * `npm run bench:enforcement`: on a generated project of 2,000 files, side by side, `tsc --noEmit -p`,
 * `field-dependency check` and ESLint with only this plugin's rules (typed linting), each in its own process:
 * wall time and peak RSS (median of BENCH_RUNS runs). Then `check` on one file of 500, 4,000 and 10,000
 * loaders (BENCH_LARGE_FILE_LOADERS), beside `tsc` on the same file, to show that it stays linear in the
 * loaders of a file. BENCH_SECTIONS=project or =large-file runs one part only. Each tool's output is checked,
 * so a fast wrong answer cannot pass for a fast one. Needs `npm run build` (the script does it): the built CLI
 * and plugin are measured.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expectCorrectRun } from './enforcement/expectCorrectRun.js';
import { generateLargeLoaderFile } from './enforcement/generateLargeLoaderFile.js';
import { generateSyntheticProject } from './enforcement/generateSyntheticProject.js';
import { measureProcess, type ProcessMeasurement } from './enforcement/measureProcess.js';
import { describeMachine } from './machine.js';
import { markdownTable } from './markdownTable.js';
import { sampleStats } from './sampleStats.js';

const REPOSITORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILES = Number(process.env['BENCH_FILES'] ?? 2000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const SECTIONS = new Set((process.env['BENCH_SECTIONS'] ?? 'project,large-file').split(','));
const LARGE_FILE_LOADERS = (process.env['BENCH_LARGE_FILE_LOADERS'] ?? '500,4000,10000').split(',').map(Number);

interface Tool {
  readonly name: string;
  readonly command: readonly string[];
  /** Throws when the run's output is not what a correct run prints. */
  readonly verify: (run: ProcessMeasurement) => void;
}

const cli = path.join(REPOSITORY, 'dist/cli/main.js');
const plugin = path.join(REPOSITORY, 'dist/lint-rules/index.js');
for (const built of [cli, plugin]) expectCorrectRun(fs.existsSync(built), `${built} is missing; run \`npm run build\` first`);

const node = process.execPath;

/** The 2,000-file project: tsc (two versions), check and ESLint side by side. */
function benchProject(): void {
  const project = generateSyntheticProject(FILES, REPOSITORY);
  fs.writeFileSync(
    path.join(project.directory, 'eslint.config.js'),
    `import tseslint from ${JSON.stringify(pathToFileURL(path.join(REPOSITORY, 'node_modules/typescript-eslint/dist/index.js')).href)};
import fieldDependency from ${JSON.stringify(pathToFileURL(plugin).href)};

export default [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  fieldDependency.configs.recommended,
];
`,
  );

  const tools: readonly Tool[] = [
    {
      name: 'tsc --noEmit -p (TypeScript 5.9)',
      command: [node, path.join(REPOSITORY, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'],
      verify: (run) => expectCorrectRun(run.status === 0, `tsc exited ${run.status}: ${run.stdout.slice(0, 500)}`),
    },
    {
      name: 'tsc --noEmit -p (TypeScript 6.0, the copy ts-morph bundles)',
      command: [node, path.join(REPOSITORY, 'node_modules/typescript-6.0/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'],
      verify: (run) => expectCorrectRun(run.status === 0, `tsc 6.0 exited ${run.status}: ${run.stdout.slice(0, 500)}`),
    },
    {
      name: 'field-dependency check',
      command: [node, cli, 'check', '--format', 'json'],
      verify: (run) => {
        const report = JSON.parse(run.stdout) as { filesChecked: number; findings: unknown[] };
        expectCorrectRun(run.status === 1, `check exited ${run.status}`);
        expectCorrectRun(report.filesChecked === project.files, `check saw ${report.filesChecked} files`);
        expectCorrectRun(report.findings.length === project.unwrappedLoaders, `check found ${report.findings.length} of ${project.unwrappedLoaders}`);
      },
    },
    {
      name: 'eslint, this plugin only (typed linting)',
      command: [node, path.join(REPOSITORY, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', 'src'],
      verify: (run) => {
        const results = JSON.parse(run.stdout) as { messages: unknown[] }[];
        const problems = results.reduce((sum, result) => sum + result.messages.length, 0);
        expectCorrectRun(results.length === project.files, `eslint linted ${results.length} files`);
        expectCorrectRun(problems === project.unwrappedLoaders, `eslint found ${problems} of ${project.unwrappedLoaders}`);
      },
    },
  ];

  console.log(`Synthetic project: ${project.files} files, ${project.wrappedLoaders} wrapped and ${project.unwrappedLoaders} unwrapped loaders`);
  console.log(`Median of ${RUNS} runs\n`);
  const rows: string[][] = [];
  try {
    for (const tool of tools) {
      const [command = node, ...args] = tool.command;
      const runs: ProcessMeasurement[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const measurement = measureProcess(command, args, project.directory);
        tool.verify(measurement);
        runs.push(measurement);
      }
      const rss = runs.map((run) => run.peakRssMiB).filter((value): value is number => value !== undefined);
      rows.push([tool.name, `${sampleStats(runs.map((run) => run.wallSeconds)).p50.toFixed(2)} s`, rss.length === 0 ? 'n/a' : `${sampleStats(rss).p50.toFixed(0)} MiB`]);
      console.error(`measured: ${tool.name}`);
    }
  } finally {
    fs.rmSync(project.directory, { recursive: true, force: true });
  }
  console.log(markdownTable(['tool', 'wall time', 'peak RSS'], rows));
}

/**
 * One file of many loaders: `check` against `tsc` on the same project, for each size. tsc's time grows with the
 * file's size too; what matters is that check's time grows the same way (linearly), not with the square of the
 * loaders. Per 1,000 loaders: the time above the smallest file's, divided by the loaders added.
 */
function benchLargeFile(): void {
  const rows: string[][] = [];
  let smallest: { loaders: number; check: number; tsc: number } | undefined;
  for (const loaders of LARGE_FILE_LOADERS) {
    const project = generateLargeLoaderFile(loaders, REPOSITORY);
    try {
      const measure = (args: readonly string[], verify: (run: ProcessMeasurement) => void): ProcessMeasurement[] => {
        const runs: ProcessMeasurement[] = [];
        for (let run = 0; run < RUNS; run += 1) {
          const measurement = measureProcess(node, args, project.directory);
          verify(measurement);
          runs.push(measurement);
        }
        return runs;
      };
      const tscRuns = measure([path.join(REPOSITORY, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], (run) =>
        expectCorrectRun(run.status === 0, `tsc exited ${run.status}: ${run.stdout.slice(0, 500)}`),
      );
      const checkRuns = measure([cli, 'check', '--format', 'json'], (run) => {
        const result = JSON.parse(run.stdout) as { findings: { message: string }[] };
        expectCorrectRun(run.status === 1, `check exited ${run.status}`);
        expectCorrectRun(result.findings.length === project.unwrappedLoaders, `check found ${result.findings.length} of ${project.unwrappedLoaders}`);
      });
      const tsc = sampleStats(tscRuns.map((run) => run.wallSeconds)).p50;
      const check = sampleStats(checkRuns.map((run) => run.wallSeconds)).p50;
      const rss = checkRuns.map((run) => run.peakRssMiB).filter((value): value is number => value !== undefined);
      smallest ??= { loaders, check, tsc };
      const added = (loaders - smallest.loaders) / 1000;
      rows.push([
        loaders.toLocaleString('en-US'),
        project.lines.toLocaleString('en-US'),
        `${tsc.toFixed(2)} s`,
        `${check.toFixed(2)} s`,
        rss.length === 0 ? 'n/a' : `${sampleStats(rss).p50.toFixed(0)} MiB`,
        added === 0 ? '—' : `${((check - smallest.check) / added).toFixed(2)} s`,
        added === 0 ? '—' : `${((tsc - smallest.tsc) / added).toFixed(2)} s`,
      ]);
      console.error(`measured: one file of ${loaders} loaders`);
    } finally {
      fs.rmSync(project.directory, { recursive: true, force: true });
    }
  }
  console.log(`\nOne file of many loaders (three in four unwrapped); median of ${RUNS} runs\n`);
  console.log(
    markdownTable(['loaders', 'lines', 'tsc --noEmit', 'field-dependency check', 'check peak RSS', 'check, per 1,000 more loaders', 'tsc, per 1,000 more loaders'], rows),
  );
}

console.log(`${describeMachine()}\n`);
if (SECTIONS.has('project')) benchProject();
if (SECTIONS.has('large-file')) benchLargeFile();
